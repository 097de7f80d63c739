// `libsqlstore stats`, `prune` and `compact` as an operator runs them: JSON when piped, the
// retention policy from flags or a config file, exit codes, and a compaction killed with SIGKILL
// at random points leaving every row and a sound file.
#include <chrono>
#include <csignal>
#include <random>
#include <thread>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "cli_runner.hpp"
#include "sample_content.hpp"
#include "sqlite_peek.hpp"

namespace libsqlstore {
namespace {

using testing::SqlitePeek;
using testing::temp_path;
using testing::ts;
using testing::v2;

std::string seeded(int messages, std::size_t size) {
  const std::string url = "file:" + temp_path();
  LibSQLStore store(StoreOptions{.url = url});
  store.init();
  store.save_thread({"t", "r", "big", nullptr, ts(0), ts(0)});
  std::vector<Message> batch;
  for (int m = 0; m < messages; ++m) {
    batch.push_back(Message{.id = "m" + std::to_string(m),
                            .role = "user",
                            .content = v2(std::string(size, static_cast<char>('a' + m % 26))),
                            .createdAt = ts(m),
                            .threadId = "t",
                            .resourceId = "r"});
    if (batch.size() == 500) {
      store.save_messages(batch);
      batch.clear();
    }
  }
  if (!batch.empty()) store.save_messages(batch);
  return url;
}

std::int64_t count_messages(const std::string& url) {
  SqlitePeek db(url.substr(5));
  return std::stoll(db.rows("SELECT count(*) FROM mastra_messages").at(0).at(0));
}

TEST(CliMaintenance, StatsPruneAndCompactReportAsJsonWhenPiped) {
  const auto url = seeded(300, 1000);
  const auto stats = run_cli("stats --url " + quote(url), "");
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const auto s = Json::parse(stats.out.at(0));
  EXPECT_EQ(s["backend"], "file");
  EXPECT_EQ(s["tables"][3]["name"], "mastra_messages");
  EXPECT_EQ(s["tables"][3]["rows"], 300);

  const auto config = temp_path(".json");
  std::ofstream(config) << R"({"keepLastMessages": 20, "tracesMaxAge": "30d"})";
  const auto dry =
      run_cli("prune --dry-run --config " + quote(config) + " --url " + quote(url), "");
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(Json::parse(dry.out.at(0))["deleted"]["mastra_messages"], 280);
  EXPECT_EQ(count_messages(url), 300);
  // A flag overrides the file.
  const auto pruned = run_cli(
      "prune --config " + quote(config) + " --keep-last-messages 50 --url " + quote(url), "");
  ASSERT_EQ(pruned.exit_code, 0) << pruned.err;
  EXPECT_EQ(Json::parse(pruned.out.at(0))["total"], 250);
  EXPECT_EQ(count_messages(url), 50);

  const auto compacted = run_cli("compact --url " + quote(url), "");
  ASSERT_EQ(compacted.exit_code, 0) << compacted.err;
  const auto c = Json::parse(compacted.out.at(0));
  EXPECT_LT(c["bytesAfter"].get<std::int64_t>(), c["bytesBefore"].get<std::int64_t>());
  EXPECT_EQ(c["freePagesAfter"], 0);

  // Bad policies are refused: exit 1 with the error, 2 for what the parser refuses.
  std::ofstream(config) << R"({"tracesMaxAge": "soon"})";
  const auto bad = run_cli("prune --config " + quote(config) + " --url " + quote(url), "");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("not a duration"), std::string::npos) << bad.err;
  EXPECT_EQ(run_cli("prune --keep-last-messages -3 --url " + quote(url), "").exit_code, 2);
  // stats opens read-only: a database that does not exist is not created.
  const std::string missing = "file:" + temp_path();
  EXPECT_EQ(run_cli("stats --url " + quote(missing), "").exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(missing.substr(5)));
}

TEST(CliMaintenance, DoctorExitsZeroOnlyWhenCleanAndFixesOnlyWhenAsked) {
  const auto url = seeded(10, 10);
  const auto clean = run_cli("doctor --url " + quote(url), "");
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_EQ(Json::parse(clean.out.at(0))["clean"], true);
  {
    SqlitePeek db(url.substr(5));
    db.exec("DROP INDEX libsqlstore_messages_thread_created");
    db.exec("UPDATE mastra_messages SET createdAt = 'someday' WHERE id = 'm3'");
  }
  const auto sick = run_cli("doctor --url " + quote(url), "");
  EXPECT_EQ(sick.exit_code, 1);
  const auto report = Json::parse(sick.out.at(0));
  EXPECT_EQ(report["clean"], false);
  ASSERT_EQ(report.at("quarantine").size(), 1U);
  EXPECT_EQ(report["quarantine"][0].at("rowId"), "m3");
  EXPECT_EQ(report["quarantine"][0].at("column"), "createdAt");
  {
    SqlitePeek db(url.substr(5));  // looking changed nothing
    EXPECT_TRUE(db.rows("SELECT 1 FROM sqlite_master WHERE name = "
                        "'libsqlstore_messages_thread_created'")
                    .empty());
  }
  const auto fixed = run_cli("doctor --fix --url " + quote(url), "");
  EXPECT_EQ(fixed.exit_code, 1);  // the broken message is for a person to repair
  const auto after = Json::parse(fixed.out.at(0));
  ASSERT_EQ(after.at("findings").size(), 2U);
  EXPECT_EQ(after["findings"][1].at("check"), "missing_indexes");
  EXPECT_EQ(after["findings"][1].at("fixed"), true);
  {
    SqlitePeek db(url.substr(5));
    db.exec("DELETE FROM mastra_messages WHERE id = 'm3'");
  }
  EXPECT_EQ(run_cli("doctor --url " + quote(url), "").exit_code, 0);
}

TEST(CliMaintenance, EverydayQuestionsAnswerWithoutJsonParams) {
  const auto url = seeded(5, 10);
  {
    LibSQLStore store(StoreOptions{.url = url});
    store.save_resource({"r", "# notes", Json::object(), ts(0), ts(0)});
    store.persist_workflow_snapshot(
        {.workflowName = "wf", .runId = "run1", .snapshot = Json{{"status", "success"}}});
  }
  const auto threads = run_cli("threads --url " + quote(url), "");
  ASSERT_EQ(threads.exit_code, 0) << threads.err;
  const auto t = Json::parse(threads.out.at(0));
  EXPECT_EQ(t["total"], 1);
  EXPECT_EQ(t["threads"][0].at("id"), "t");
  EXPECT_EQ(t["threads"][0].at("messages"), 5);

  const auto messages = run_cli("messages t --last 2 --url " + quote(url), "");
  ASSERT_EQ(messages.exit_code, 0) << messages.err;
  const auto m = Json::parse(messages.out.at(0));
  ASSERT_EQ(m.size(), 2U);
  EXPECT_EQ(m[1].at("id"), "m4");
  EXPECT_EQ(m[1].at("content").at("format"), 2);

  const auto resource = run_cli("show resource r --url " + quote(url), "");
  ASSERT_EQ(resource.exit_code, 0) << resource.err;
  EXPECT_EQ(Json::parse(resource.out.at(0)).at("workingMemory"), "# notes");
  const auto run = run_cli("show run run1 --url " + quote(url), "");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Json::parse(run.out.at(0)).at("workflowName"), "wf");
  EXPECT_EQ(run_cli("show thread nope --url " + quote(url), "").exit_code, 1);
  EXPECT_EQ(run_cli("show table t --url " + quote(url), "").exit_code, 2);

  const auto runs = run_cli("runs --workflow wf --url " + quote(url), "");
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  EXPECT_EQ(Json::parse(runs.out.at(0)).at("total"), 1);
}

TEST(CliMaintenance, ACompactKilledWithSigkillLosesNothing) {
  const auto url = seeded(3000, 4000);  // ~12 MB, then most of it freed
  {
    LibSQLStore store(StoreOptions{.url = url});
    PruneOptions o;
    o.policy.keepLastMessages = 1000;
    prune(store, o);
  }
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(run_cli("compact --url " + quote(url), "").exit_code, 0);  // timing; frees nothing
  const auto whole = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - start)
                         .count();
  // Free pages again, then kill compactions part way through.
  {
    LibSQLStore store(StoreOptions{.url = url});
    PruneOptions o;
    o.policy.keepLastMessages = 900;
    prune(store, o);
  }
  std::mt19937 rng(20261203);
  int killed = 0;
  for (int cycle = 0; cycle < 5; ++cycle) {
    const pid_t pid = fork();
    if (pid == 0) {
      std::freopen("/dev/null", "w", stdout);
      execl(LIBSQLSTORE_CLI, LIBSQLSTORE_CLI, "compact", "--url", url.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(
        std::uniform_int_distribution<long>(1, std::max<long>(2, whole))(rng)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++killed;
    SqlitePeek db(url.substr(5));
    EXPECT_EQ(db.rows("PRAGMA integrity_check").at(0).at(0), "ok");
    EXPECT_EQ(count_messages(url), 900);
  }
  EXPECT_GT(killed, 0);
  LibSQLStore store(StoreOptions{.url = url});
  EXPECT_EQ(store.get_messages({.threadId = "t", .last = 1}).at(0).id, "m2999");
}

}  // namespace
}  // namespace libsqlstore
