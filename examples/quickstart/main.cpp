// The smallest useful program: open a store, save a thread and a message, read them back.
#include <iostream>

#include <libsqlstore/libsqlstore.hpp>

int main() {
  using namespace libsqlstore;
  LibSQLStore store({.url = "file:./quickstart.db"});
  store.init();

  const auto t = now();
  store.save_thread({.id = "t1",
                     .resourceId = "user-1",
                     .title = "First chat",
                     .metadata = nullptr,
                     .createdAt = t,
                     .updatedAt = t});
  store.save_messages(
      {{.id = "m1",
        .role = "user",
        .content = Json::parse(R"({"format":2,"parts":[{"type":"text","text":"Hi!"}]})"),
        .createdAt = t,
        .threadId = "t1",
        .resourceId = "user-1",
        .type = std::nullopt}});

  for (const auto& m : store.get_messages({.threadId = "t1"})) {
    std::cout << m.role << ": " << m.content["parts"][0]["text"].get<std::string>() << "\n";
  }
  return 0;
}
