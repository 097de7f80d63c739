// The busy retry loop on a locked database file: many retries end in BusyError, with no
// undefined behaviour in the backoff arithmetic (run under the asan preset: UBSan aborts).
#include "core/retry.hpp"

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "fake_clock.hpp"
#include "matchers.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

TEST(BusyRetry, ManyRetriesEndInBusyErrorWithoutOverflowingTheBackoff) {
  const auto path = temp_path();
  int retries_logged = 0;
  LibSQLStore store(StoreOptions{.url = "file:" + path,
                                 .maxRetries = 70,  // attempts beyond 63 used to shift by >= 64
                                 .initialBackoffMs = std::chrono::milliseconds{0},
                                 .busyTimeout = std::chrono::milliseconds{0},
                                 .logger = [&](LogLevel, std::string_view message) {
                                   if (message.find("retrying") != std::string_view::npos)
                                     ++retries_logged;
                                 }});
  store.init();
  SqlitePeek holder(path);
  holder.exec("BEGIN IMMEDIATE");
  // Issue #9.14: the final error says how often and how long it tried.
  const auto message = expect_error<BusyError>(
      [&] {
        store.save_thread({"t", "r", "T", nullptr, ts(0), ts(0)});
      },
      "LIBSQL_STORE_SAVE_THREAD_FAILED", "still busy after 71 attempts over ");
  EXPECT_NE(message.find("maxRetries is 70"), std::string::npos) << message;
  EXPECT_EQ(retries_logged, 70);
  holder.exec("ROLLBACK");
  store.save_thread({"t", "r", "T", nullptr, ts(0), ts(0)});
  EXPECT_TRUE(store.get_thread_by_id("t").has_value());
}

TEST(BusyRetry, BacksOffExponentiallyUpToTheCapAndReportsTheTotal) {
  FakeClock clock;
  const core::BusyRetry retry(
      StoreOptions{.maxRetries = 8, .initialBackoffMs = std::chrono::milliseconds{1000}}, clock);
  int calls = 0;
  const auto message = expect_error<BusyError>(
      [&] {
        retry.run([&]() -> int {
          ++calls;
          throw BusyError("LIBSQL_STORE_BUSY", ErrorCategory::ThirdParty, "SQLITE_BUSY: locked");
        });
      },
      "LIBSQL_STORE_BUSY", "still busy after 9 attempts over 55000 ms");
  EXPECT_EQ(calls, 9);
  EXPECT_EQ(clock.slept,
            (std::vector<std::int64_t>{1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000}));
  // Success after a few busy attempts returns the value; nothing else is retried.
  int attempts = 0;
  EXPECT_EQ(retry.run([&] {
    if (++attempts < 3) throw BusyError("LIBSQL_STORE_BUSY", ErrorCategory::ThirdParty, "busy");
    return 42;
  }),
            42);
  int failures = 0;
  EXPECT_THROW(retry.run([&]() -> int {
    ++failures;
    throw InDoubtError("X", ErrorCategory::ThirdParty, "in doubt");
  }),
               InDoubtError);
  EXPECT_EQ(failures, 1);
}

TEST(BusyRetry, BackoffNeverOverflows) {
  const core::Backoff b{std::chrono::milliseconds{100}, std::chrono::milliseconds{10'000}};
  EXPECT_EQ(b.delay(0).count(), 100);
  EXPECT_EQ(b.delay(3).count(), 800);
  EXPECT_EQ(b.delay(1'000'000).count(), 10'000);
  EXPECT_EQ((core::Backoff{std::chrono::milliseconds{0}, {}}).delay(5).count(), 0);
}

}  // namespace
}  // namespace libsqlstore::testing
