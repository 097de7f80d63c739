// The README's example, compiled and run by the tests (tests/docs/check_readme_example.sh keeps
// the README's copy identical to the lines between the markers).
// [readme]
#include <iostream>

#include <libsqlstore/libsqlstore.hpp>
using namespace libsqlstore;

int main() {
  // "file:./storage.db" is the embedded default; or ":memory:", or "libsql://host" + .authToken.
  LibSQLStore store({.url = "file:./storage.db"});
  store.init();  // creates (or upgrades) the seven mastra_* tables

  const auto t = now();
  store.save_thread({.id = "t1",
                     .resourceId = "user-1",
                     .title = "First chat",
                     .metadata = Json{{"topic", "demo"}},
                     .createdAt = t,
                     .updatedAt = t});
  store.save_messages(
      {{.id = "m1",
        .role = "user",
        .content = Json::parse(R"({"format":2,"parts":[{"type":"text","text":"Hi!"}]})"),
        .createdAt = t,
        .threadId = "t1",
        .resourceId = "user-1"}});
  for (const Message& m : store.get_messages({.threadId = "t1", .last = 40})) {
    std::cout << m.role << ": " << m.content["parts"][0]["text"].get<std::string>() << "\n";
  }
}
// [/readme]
