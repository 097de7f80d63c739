// Messages under concurrency: one store shared by threads, two stores on one file, and a
// database locked by another connection for longer than the store waits.
#include <atomic>
#include <thread>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "matchers.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

Message text_message(const std::string& id, const std::string& thread, std::int64_t at) {
  return {
      .id = id,
      .role = "user",
      .content = Json{{"format", 2}, {"parts", Json::array({{{"type", "text"}, {"text", id}}})}},
      .createdAt = ts(at),
      .threadId = thread,
      .resourceId = "r1",
      .type = std::nullopt};
}

TEST(MessagesConcurrency, ThreadsShareOneStore) {
  const auto path = temp_path();
  LibSQLStore store({.url = "file:" + path});
  store.init();
  store.save_thread({"t", "r1", "T", nullptr, ts(0), ts(0)});
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 8; ++w) {
    workers.emplace_back([&, w] {
      try {
        for (int i = 0; i < 50; ++i) {
          store.save_messages(
              {text_message("w" + std::to_string(w) + "-" + std::to_string(i), "t", w * 100 + i)});
          if (i % 10 == 0) store.get_messages({.threadId = "t", .last = 5});
        }
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store.get_messages_paginated({.threadId = "t", .perPage = 0}).total, 400);
  EXPECT_EQ(SqlitePeek(path).value("SELECT COUNT(*) FROM mastra_messages"), "400");
}

TEST(MessagesConcurrency, TwoStoresOnOneFileLoseNoWrite) {
  const auto path = temp_path();
  const StoreOptions options{.url = "file:" + path,
                             .maxRetries = 10,
                             .initialBackoffMs = std::chrono::milliseconds{5},
                             .busyTimeout = std::chrono::milliseconds{50}};
  LibSQLStore a(options);
  a.init();
  LibSQLStore b(options);
  b.init();
  a.save_thread({"t", "r1", "T", nullptr, ts(0), ts(0)});
  std::atomic<int> busy{0};
  std::atomic<int> other{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 6; ++w) {
    workers.emplace_back([&, w] {
      LibSQLStore& store = (w % 2 == 0) ? a : b;
      for (int i = 0; i < 30; ++i) {
        const auto id = "s" + std::to_string(w) + "-" + std::to_string(i);
        try {
          store.save_messages({text_message(id, "t", w * 100 + i)});
          store.update_messages({{.id = id, .content = Json{{"metadata", {{"n", i}}}}}});
          if (i % 3 == 0) store.delete_messages({id});
        } catch (const BusyError& e) {
          ++busy;
          ADD_FAILURE() << e.what();
        } catch (const std::exception& e) {
          ++other;
          ADD_FAILURE() << e.what();
        }
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(busy.load(), 0);
  EXPECT_EQ(other.load(), 0);
  // 6 writers x 30 messages, every third deleted again.
  SqlitePeek peek(path);
  EXPECT_EQ(peek.value("SELECT COUNT(*) FROM mastra_messages"), "120");
  EXPECT_EQ(peek.value(
                "SELECT COUNT(*) FROM mastra_messages WHERE content LIKE '%\"metadata\":{\"n\":%'"),
            "120");
  EXPECT_EQ(b.get_messages_paginated({.threadId = "t", .perPage = 0}).total, 120);
}

TEST(MessagesConcurrency, LockedDatabaseGivesBusyErrorThenRecovers) {
  const auto path = temp_path();
  const StoreOptions options{.url = "file:" + path,
                             .maxRetries = 2,
                             .initialBackoffMs = std::chrono::milliseconds{5},
                             .busyTimeout = std::chrono::milliseconds{50}};
  LibSQLStore store(options);
  store.init();
  store.save_thread({"t", "r1", "T", nullptr, ts(0), ts(0)});
  store.save_messages({text_message("m0", "t", 0)});

  SqlitePeek holder(path);
  holder.exec("BEGIN IMMEDIATE");
  auto expect_busy = [](auto&& call, const std::string& id) {
    if (const auto e = caught<BusyError>([&] { call(); })) {
      EXPECT_EQ(e->id(), id);
    }
  };
  expect_busy([&] { store.save_messages({text_message("m1", "t", 1)}); },
              "LIBSQL_STORE_SAVE_MESSAGES_FAILED");
  expect_busy([&] { store.update_messages({{.id = "m0", .role = "assistant"}}); },
              "LIBSQL_STORE_UPDATE_MESSAGES_FAILED");
  expect_busy([&] { store.delete_messages({"m0"}); }, "LIBSQL_STORE_DELETE_MESSAGES_FAILED");
  // Readers are not blocked by a writer (WAL).
  EXPECT_EQ(store.get_messages({.threadId = "t"}).size(), 1u);
  holder.exec("ROLLBACK");

  // The store's connection is not left inside a transaction: its next writes are committed
  // and visible to other connections.
  store.save_messages({text_message("m2", "t", 2)});
  store.update_messages({{.id = "m0", .role = "assistant"}});
  SqlitePeek reader(path);
  EXPECT_EQ(
      reader.value("SELECT group_concat(id) FROM (SELECT id FROM mastra_messages ORDER BY id)"),
      "m0,m2");
  EXPECT_EQ(reader.value("SELECT role FROM mastra_messages WHERE id = 'm0'"), "assistant");
}

}  // namespace
}  // namespace libsqlstore::testing
