// `libsqlstore --sync-url`: the tool on an embedded replica of a real `tursodb --sync-server`
// (skipped when tursodb is not installed, scripts/install-tursodb.sh).
#include <filesystem>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "sqlite_peek.hpp"
#include "tursodb_server.hpp"

namespace libsqlstore {
namespace {

using testing::SqlitePeek;
using testing::temp_path;
using testing::TursodbServer;

TEST(CliReplica, ReadsLocallyWritesOnThePrimaryAndSyncs) {
  if (!TursodbServer::binary()) GTEST_SKIP() << "tursodb is not installed";
  const auto dir = temp_path("-cli-replica");
  TursodbServer server(dir);
  const auto replica = dir + "/replica.db";
  const std::string opts =
      "--url " + quote("file:" + replica) + " --sync-url " + quote(server.url());

  const auto saved = run_cli(
      "call " + opts + " saveThread -",
      R"({"thread":{"id":"t1","resourceId":"r1","title":"hi","createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-01T00:00:00Z"}})");
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  // The write is on the primary, and already in the replica file.
  LibSQLStore primary(StoreOptions{.url = server.url()});
  EXPECT_TRUE(primary.get_thread_by_id("t1").has_value());
  SqlitePeek peek(replica);
  EXPECT_EQ(peek.rows("SELECT title FROM mastra_threads WHERE id = 't1'").at(0).at(0), "hi");

  primary.save_thread(Thread{.id = "t2",
                             .resourceId = "r1",
                             .title = "from elsewhere",
                             .metadata = Json::object(),
                             .createdAt = testing::ts(1),
                             .updatedAt = testing::ts(1)});
  const auto synced = run_cli("call " + opts + " sync", "");
  ASSERT_EQ(synced.exit_code, 0) << synced.err;
  ASSERT_EQ(synced.out.size(), 1u);
  EXPECT_EQ(Json::parse(synced.out[0]).at("changed"), true) << synced.out[0];

  // The environment names the primary as well; reads work with it gone.
  server.kill();
  const auto read =
      run_cli("call --url " + quote("file:" + replica) + " getThreadById -", R"({"threadId":"t2"})",
              "LIBSQLSTORE_SYNC_URL=" + quote(server.url()) + " ");
  ASSERT_EQ(read.exit_code, 0) << read.err;
  ASSERT_EQ(read.out.size(), 1u);
  EXPECT_EQ(Json::parse(read.out[0]).at("title"), "from elsewhere");
  const auto status = run_cli("call " + opts + " replicaStatus", "");
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const Json s = Json::parse(status.out.at(0));
  EXPECT_EQ(s.at("syncUrl"), server.url());
  EXPECT_FALSE(s.at("lastSync").is_null());

  const auto offline_write = run_cli("call " + opts + " deleteThread -", R"({"threadId":"t1"})");
  EXPECT_EQ(offline_write.exit_code, 1);
  EXPECT_NE(offline_write.err.find("LIBSQL_STORE_DELETE_THREAD_FAILED"), std::string::npos)
      << offline_write.err;
  const auto bad = run_cli("call " + opts + " --sync-interval-ms -5 sync", "");
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

}  // namespace
}  // namespace libsqlstore
