// Group commit (StoreOptions::groupCommit) under real concurrency on a file: every call's writes
// land or none do, one call's failure (an SQL constraint or an exception from its body) undoes
// only that call even when it shares a transaction with others, and readers never see half a
// call. The whole conformance suite also runs on a grouped file ("file_grouped").
#include <atomic>
#include <thread>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "store/store_context.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

constexpr int kWriterThreads = 8;
constexpr int kCalls = 60;

bool bad_call(int t, int i) { return (t * kCalls + i) % 7 == 3; }

TEST(GroupCommit, EachCallIsAtomicAndFailsAlone) {
  detail::StoreContext ctx(StoreOptions{.url = "file:" + temp_path(), .groupCommit = true});
  ctx.db().write(core::Statement("CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT NOT NULL)"));
  std::atomic<int> failed{0};
  std::atomic<bool> stop{false};
  std::atomic<int> odd_counts{0};
  // Every call writes two rows: a reader must always count an even number.
  std::thread reader([&] {
    while (!stop) {
      const auto rs = ctx.db().read(core::Statement("SELECT count(*) FROM kv"));
      if (core::to_int(rs.rows.at(0).at(0)).value_or(0) % 2 != 0) ++odd_counts;
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kWriterThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        const std::int64_t k = (t * kCalls + i) * 2;
        try {
          if (i % 2 == 0) {
            // A batch: the second statement violates NOT NULL on the bad calls.
            const core::Statement stmts[] = {
                {"INSERT INTO kv VALUES (?, 'a')", {k}},
                {"INSERT INTO kv VALUES (?, ?)",
                 {k + 1, bad_call(t, i) ? core::Value(nullptr) : core::Value(std::string("b"))}}};
            ctx.db().write(stmts);
          } else {
            // A read-modify-write body that throws after writing, on the bad calls.
            ctx.db().transaction([&](core::Transaction& tx) {
              tx.execute({"INSERT INTO kv VALUES (?, 'a')", {k}});
              tx.query({"SELECT count(*) FROM kv", {}});
              if (bad_call(t, i)) throw std::runtime_error("the body gives up");
              tx.execute({"INSERT INTO kv VALUES (?, 'b')", {k + 1}});
            });
          }
        } catch (const ConstraintError&) {
          ++failed;
        } catch (const std::runtime_error& e) {
          if (std::string(e.what()) != "the body gives up") throw;
          ++failed;
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  stop = true;
  reader.join();
  int expected_failures = 0;
  for (int t = 0; t < kWriterThreads; ++t) {
    for (int i = 0; i < kCalls; ++i) expected_failures += bad_call(t, i) ? 1 : 0;
  }
  EXPECT_EQ(failed.load(), expected_failures);
  EXPECT_EQ(odd_counts.load(), 0) << "a reader saw half a call";
  const auto rows = ctx.db().read(core::Statement("SELECT k FROM kv ORDER BY k"));
  EXPECT_EQ(rows.rows.size(),
            static_cast<std::size_t>((kWriterThreads * kCalls - expected_failures) * 2));
  for (const auto& row : rows.rows) {
    const auto k = core::to_int(row.at(0)).value_or(-1);
    const auto call = static_cast<int>(k / 2);
    EXPECT_FALSE(bad_call(call / kCalls, call % kCalls)) << "row " << k << " of a failed call";
  }
}

TEST(GroupCommit, StoresWriteFromManyThreads) {
  LibSQLStore store(StoreOptions{.url = "file:" + temp_path(), .groupCommit = true});
  store.init();
  std::vector<std::thread> writers;
  for (int t = 0; t < kWriterThreads; ++t) {
    writers.emplace_back([&, t] {
      const auto id = "t" + std::to_string(t);
      store.save_thread(
          {.id = id, .resourceId = "r", .title = "x", .createdAt = ts(1), .updatedAt = ts(1)});
      for (int i = 0; i < 20; ++i) {
        store.save_messages({{.id = id + "-" + std::to_string(i),
                              .role = "user",
                              .content = Json::parse(R"({"format":2,"parts":[]})"),
                              .createdAt = ts(10 + i),
                              .threadId = id,
                              .resourceId = "r"}});
      }
    });
  }
  for (auto& w : writers) w.join();
  for (int t = 0; t < kWriterThreads; ++t) {
    EXPECT_EQ(store.get_messages({.threadId = "t" + std::to_string(t), .last = 100}).size(), 20u);
  }
}

}  // namespace
}  // namespace libsqlstore::testing
