// `libsqlstore demo`: the README's first command. A thread, two messages, read back and printed.
#include <iostream>

#include "libsqlstore/libsqlstore.hpp"

#include "commands.hpp"

namespace libsqlstore::cli {

int run_demo(const Connection& conn) {
  StoreOptions options{.url = conn.url};
  if (!conn.auth_token.empty()) options.authToken = conn.auth_token;
  LibSQLStore store(options);
  store.init();

  const auto stamp = now();
  store.save_thread({.id = "demo-thread",
                     .resourceId = "demo-user",
                     .title = "Hello from libsqlstore",
                     .metadata = Json{{"source", "libsqlstore demo"}},
                     .createdAt = stamp,
                     .updatedAt = stamp});

  auto text_message = [&](std::string id, std::string role, std::string text, int offset_ms) {
    Message m;
    m.id = std::move(id);
    m.role = std::move(role);
    m.content = Json{{"format", 2},
                     {"parts", Json::array({{{"type", "text"}, {"text", text}}})},
                     {"content", text}};
    m.createdAt = stamp + std::chrono::milliseconds{offset_ms};
    m.threadId = "demo-thread";
    m.resourceId = "demo-user";
    return m;
  };
  store.save_messages(
      {text_message("demo-msg-1", "user", "What is libsqlstore?", 0),
       text_message("demo-msg-2", "assistant",
                    "The storage of Mastra agents, in C++, on SQLite or libSQL.", 1)});

  const auto thread = store.get_thread_by_id("demo-thread");
  const auto messages = store.get_messages({.threadId = "demo-thread"});
  if (store.backend() == BackendKind::File) {
    std::cerr << "database: " << store.database_path() << "\n";
  }
  std::cout << "thread " << thread->id << " (" << thread->title << "), resource "
            << thread->resourceId << ", " << messages.size() << " messages:\n";
  for (const auto& m : messages) {
    std::cout << "  [" << to_iso8601(*m.createdAt) << "] " << m.role << ": "
              << m.content->value("content", std::string{}) << "\n";
  }
  return 0;
}

}  // namespace libsqlstore::cli
