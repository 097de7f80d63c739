// The client against a real server (tursodb --sync-server in CI, or any libSQL server named by
// LIBSQLSTORE_TEST_REMOTE_URL); skipped without one. tests/remote/run_tursodb_suite.sh runs them.
#include <cstdlib>
#include <limits>
#include <mutex>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "backends/hrana/remote_client.hpp"
#include "client_round_trip.hpp"
#include "core/url.hpp"
#include "matchers.hpp"

namespace libsqlstore {
namespace {

using testing::caught;

class RealServer : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("LIBSQLSTORE_TEST_REMOTE_URL");
    if (url == nullptr || *url == '\0') GTEST_SKIP() << "LIBSQLSTORE_TEST_REMOTE_URL is not set";
    options_.url = url;
    if (const char* token = std::getenv("LIBSQLSTORE_TEST_REMOTE_TOKEN"); token && *token)
      options_.authToken = token;
    options_.logger = [this](LogLevel, std::string_view message) {
      std::lock_guard lock(mutex_);
      logs_.emplace_back(message);
    };
    client_ = hrana::make_remote_client(core::parse_database_url(options_.url), options_);
    const core::Statement reset[] = {{"DROP TABLE IF EXISTS kv"},
                                     {"CREATE TABLE kv (k TEXT PRIMARY KEY, v)"}};
    client_->batch(reset, core::Access::Write);
  }
  std::int64_t rows() {
    const core::Statement q{"SELECT COUNT(*) FROM kv"};
    return core::to_int(client_->batch({&q, 1}, core::Access::Read).front().rows.at(0).at(0))
        .value_or(-1);
  }
  int log_lines_containing(const std::string& text) {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& l : logs_) n += l.find(text) != std::string::npos ? 1 : 0;
    return n;
  }

  StoreOptions options_;
  std::unique_ptr<core::Client> client_;
  std::mutex mutex_;
  std::vector<std::string> logs_;
};

TEST_F(RealServer, ValuesRoundTripExactly) {
  core::Blob blob;
  for (int i = 0; i < 256; ++i) blob.bytes.push_back(static_cast<std::uint8_t>(i));
  const std::vector<core::Value> values = {nullptr,
                                           std::numeric_limits<std::int64_t>::min(),
                                           std::numeric_limits<std::int64_t>::max(),
                                           0.1,
                                           -1.5e300,
                                           std::string("héllo ✓ 🎉 \"quoted\" \\ \n"),
                                           std::string(""),
                                           blob,
                                           core::Blob{{0}}};
  testing::expect_values_round_trip(*client_, values);
}

TEST_F(RealServer, FailingWriteBatchWritesNothing) {
  const core::Statement stmts[] = {
      {"INSERT INTO kv VALUES ('a', 1)"},
      {"INSERT INTO kv VALUES ('b', 2)"},
      {"INSERT INTO kv VALUES ('a', 3)"},
  };
  EXPECT_THROW(client_->batch(stmts, core::Access::Write), ConstraintError);
  EXPECT_EQ(rows(), 0);
  // Nothing was left open: another write transaction starts at once.
  const core::Statement ok{"INSERT INTO kv VALUES ('c', 1)"};
  client_->batch({&ok, 1}, core::Access::Write);
  EXPECT_EQ(rows(), 1);
}

TEST_F(RealServer, ReadModifyWriteTransaction) {
  const core::Statement seed{"INSERT INTO kv VALUES ('n', 1)"};
  client_->batch({&seed, 1}, core::Access::Write);
  for (int i = 0; i < 3; ++i) {
    client_->transaction([&](core::Transaction& tx) {
      const auto rs = tx.query({"SELECT v FROM kv WHERE k = 'n'"});
      const auto n = core::to_int(rs.rows.at(0).at(0)).value_or(0);
      tx.execute({"UPDATE kv SET v = ? WHERE k = 'n'", {n + 1}});
    });
  }
  const core::Statement q{"SELECT v FROM kv WHERE k = 'n'"};
  EXPECT_EQ(client_->batch({&q, 1}, core::Access::Read).front().rows.at(0).at(0),
            core::Value(std::int64_t{4}));
}

TEST_F(RealServer, AbandonedTransactionLeavesNothingBehind) {
  EXPECT_THROW(client_->transaction([&](core::Transaction& tx) {
    tx.query({"SELECT COUNT(*) FROM kv"});
    tx.execute({"INSERT INTO kv VALUES ('x', 1)"});
    tx.query({"SELECT COUNT(*) FROM kv"});
    throw std::runtime_error("abandon");
  }),
               std::runtime_error);
  EXPECT_EQ(rows(), 0);
  const core::Statement ok{"INSERT INTO kv VALUES ('y', 1)"};
  client_->batch({&ok, 1}, core::Access::Write);
  EXPECT_EQ(rows(), 1);
}

TEST_F(RealServer, UnknownTableIsASchemaErrorOrNotFound) {
  // A store table: call init(). Any other table: it does not exist (tursodb's message shape).
  const core::Statement store_table{"SELECT * FROM mastra_no_such_table"};
  EXPECT_THROW(client_->batch({&store_table, 1}, core::Access::Read), SchemaError);
  const core::Statement custom{"SELECT * FROM no_such_table_here"};
  if (const auto e = caught<NotFoundError>([&] {
        client_->batch({&custom, 1}, core::Access::Read);
      })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_TABLE_NOT_FOUND");
    EXPECT_EQ(e->details()["tableName"], "no_such_table_here");
  }
}

TEST_F(RealServer, CloseFallbackIsLearnedOncePerProcess) {
  for (int i = 0; i < 5; ++i) rows();
  const std::string line = "does not support Hrana \"close\"";
  // tursodb rejects "close": the first client of the process finds out (possibly in SetUp, if
  // this test runs first) and tells the logger once; sqld/Turso accept it (no line at all).
  EXPECT_LE(log_lines_containing(line), 1);
  const int before = log_lines_containing(line);
  auto second = hrana::make_remote_client(core::parse_database_url(options_.url), options_);
  const core::Statement q{"SELECT 1"};
  second->batch({&q, 1}, core::Access::Read);
  EXPECT_EQ(log_lines_containing(line), before) << "a second client does not learn it again";
}

}  // namespace
}  // namespace libsqlstore
