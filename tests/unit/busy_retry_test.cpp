// The busy retry loop on a locked database file: many retries end in BusyError, with no
// undefined behaviour in the backoff arithmetic (run under the asan preset: UBSan aborts).
#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

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
  EXPECT_THROW(store.save_thread({"t", "r", "T", nullptr, ts(0), ts(0)}), BusyError);
  EXPECT_EQ(retries_logged, 70);
  holder.exec("ROLLBACK");
  store.save_thread({"t", "r", "T", nullptr, ts(0), ts(0)});
  EXPECT_TRUE(store.get_thread_by_id("t").has_value());
}

}  // namespace
}  // namespace libsqlstore::testing
