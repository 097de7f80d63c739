// `libsqlstore export`, `import` and `copy` as an operator runs them: the real binary, real files,
// a real Hrana server for the remote side; exit codes, summaries, refusals, tokens kept out of
// everything printed, and an import killed with SIGKILL leaving the target as it was.
#include <chrono>
#include <csignal>
#include <random>
#include <thread>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "cli_runner.hpp"
#include "hrana_test_server.hpp"
#include "sample_content.hpp"
#include "sqlite_peek.hpp"

namespace libsqlstore {
namespace {

using testing::SqlitePeek;
using testing::temp_path;
using testing::ts;
using testing::v2;

/// A file database with `threads` threads of `per_thread` messages each.
std::string seeded_file(int threads, int per_thread) {
  const std::string url = "file:" + temp_path();
  LibSQLStore store(StoreOptions{.url = url});
  store.init();
  for (int t = 0; t < threads; ++t) {
    const auto id = "t" + std::to_string(t);
    store.save_thread({id, "r" + std::to_string(t % 3), "Thread " + id, nullptr, ts(t), ts(t)});
    std::vector<Message> batch;
    for (int m = 0; m < per_thread; ++m) {
      batch.push_back(Message{.id = id + "-m" + std::to_string(m),
                              .role = m % 2 == 0 ? "user" : "assistant",
                              .content = v2("message " + std::to_string(m) + " of " + id),
                              .createdAt = ts(t * 1000 + m),
                              .threadId = id,
                              .resourceId = "r" + std::to_string(t % 3)});
    }
    store.save_messages(batch);
  }
  return url;
}

std::int64_t count(const std::string& url, const std::string& table) {
  SqlitePeek db(url.substr(5));
  return std::stoll(db.rows("SELECT count(*) FROM " + table).at(0).at(0));
}

/// The dump's lines without the header (which says when and from where).
std::vector<std::string> body_of(const std::string& text) {
  auto lines = lines_of(text);
  if (!lines.empty()) lines.erase(lines.begin());
  return lines;
}

TEST(CliTransfer, ExportThenImportGivesTheSameDatabase) {
  const auto source = seeded_file(3, 4);
  const auto dump = temp_path(".jsonl");
  const auto exported = run_cli("export --url " + quote(source) + " -o " + quote(dump), "");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_TRUE(exported.out.empty());  // the dump went to the file
  const auto text = slurp(dump);
  EXPECT_EQ(Json::parse(lines_of(text).back())["rows"], 15);

  const std::string target = "file:" + temp_path();
  const auto imported = run_cli("import --url " + quote(target) + " " + quote(dump), "");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  ASSERT_EQ(imported.out.size(), 1U);  // not a terminal: one JSON summary
  const auto summary = Json::parse(imported.out[0]);
  EXPECT_EQ(summary["rows"], 15);
  EXPECT_EQ(summary["insertedRows"], 15);
  EXPECT_EQ(summary["inserted"]["mastra_messages"], 12);

  // Again through stdin and stdout: nothing new, and the database exports the same rows.
  const auto twice = run_cli("import --url " + quote(target) + " -", text);
  ASSERT_EQ(twice.exit_code, 0) << twice.err;
  EXPECT_EQ(Json::parse(twice.out.at(0))["insertedRows"], 0);
  const auto again = run_cli("export --url " + quote(target), "");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  std::string out;
  for (const auto& l : again.out) out += l + "\n";
  EXPECT_EQ(body_of(out), body_of(text));

  // Filters select rows; --json puts the export's summary on stderr.
  const auto one = run_cli("export --json --thread t1 --url " + quote(source), "");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(Json::parse(one.out.back())["tables"]["mastra_messages"], 4);
  EXPECT_EQ(Json::parse(one.err)["rows"], 5);  // the thread and its 4 messages
}

TEST(CliTransfer, DryRunsConflictsAndDamageExitAsDocumented) {
  const auto source = seeded_file(2, 2);
  const auto dump = temp_path(".jsonl");
  ASSERT_EQ(run_cli("export --url " + quote(source) + " -o " + quote(dump), "").exit_code, 0);
  const std::string target = "file:" + temp_path();

  const auto dry = run_cli("import --dry-run --url " + quote(target) + " " + quote(dump), "");
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(Json::parse(dry.out.at(0))["dryRun"], true);
  EXPECT_EQ(Json::parse(dry.out.at(0))["insertedRows"], 6);

  ASSERT_EQ(run_cli("import --url " + quote(target) + " " + quote(dump), "").exit_code, 0);
  const auto fail =
      run_cli("import --on-conflict fail --url " + quote(target) + " " + quote(dump), "");
  EXPECT_EQ(fail.exit_code, 1);
  EXPECT_EQ(Json::parse(fail.err)["data"]["id"], "LIBSQL_STORE_IMPORT_FAILED");

  auto damaged = slurp(dump);
  damaged.replace(damaged.find("message 0"), 9, "message 9");
  const auto bad = run_cli("import --url " + quote(target) + " -", damaged);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(Json::parse(bad.err)["data"]["id"], "LIBSQL_STORE_IMPORT_FAILED_CHECKSUM_MISMATCH");

  // --batch checks the whole file before it commits anything.
  const std::string fresh = "file:" + temp_path();
  const auto damaged_file = temp_path(".jsonl");
  std::ofstream(damaged_file, std::ios::binary) << damaged;
  const auto batched =
      run_cli("import --batch 2 --url " + quote(fresh) + " " + quote(damaged_file), "");
  EXPECT_EQ(batched.exit_code, 1);
  EXPECT_EQ(Json::parse(batched.err)["data"]["id"],
            "LIBSQL_STORE_VERIFY_DUMP_FAILED_CHECKSUM_MISMATCH");
  const auto good = run_cli("import --batch 2 --url " + quote(fresh) + " " + quote(dump), "");
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_EQ(count(fresh, "mastra_messages"), 4);

  // Usage errors exit 2 (--batch cannot verify stdin first); a database that does not exist is not
  // created by export.
  EXPECT_EQ(run_cli("import --on-conflict maybe " + quote(dump), "").exit_code, 2);
  EXPECT_EQ(run_cli("import --batch 5 --url " + quote(fresh) + " -", slurp(dump)).exit_code, 2);
  const std::string missing = "file:" + temp_path();
  const auto no_db = run_cli("export --url " + quote(missing), "");
  EXPECT_EQ(no_db.exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(missing.substr(5)));
}

TEST(CliTransfer, CopyGoesToARemoteServerAndBackWithoutShowingTheTokens) {
  const std::string token = "copy-secret-token";
  testing::HranaTestServer server(testing::HranaTestServer::Options{.token = token});
  const auto source = seeded_file(2, 3);
  const auto token_file = temp_path(".token");
  std::ofstream(token_file) << token << "\n";

  const auto up = run_cli("copy --from " + quote(source) + " --to " + quote(server.url()) +
                              " --to-auth-token-file " + quote(token_file),
                          "");
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(Json::parse(up.out.at(0))["insertedRows"], 8);

  const std::string back = "file:" + temp_path();
  const auto down =
      run_cli("copy --resource r0 --from " + quote(server.url()) + " --to " + quote(back), "",
              "LIBSQLSTORE_FROM_AUTH_TOKEN=" + quote(token) + " ");
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(count(back, "mastra_threads"), 1);
  EXPECT_EQ(count(back, "mastra_messages"), 3);

  // A wrong token fails with the server's refusal, and no token is printed.
  const auto refused = run_cli("copy --from " + quote(server.url()) + " --to " + quote(back), "",
                               "LIBSQLSTORE_FROM_AUTH_TOKEN=wrong-token-value ");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err.find("wrong-token-value"), std::string::npos) << refused.err;
  EXPECT_EQ(up.err.find(token), std::string::npos);
  EXPECT_EQ(down.err.find(token), std::string::npos);
}

/// Starts `libsqlstore import` on `dump` into `url`; returns its pid.
pid_t start_import(const std::string& url, const std::string& dump) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string arg = url;
    std::freopen("/dev/null", "w", stdout);
    execl(LIBSQLSTORE_CLI, LIBSQLSTORE_CLI, "import", "--url", arg.c_str(), dump.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

TEST(CliTransfer, AnImportKilledWithSigkillLeavesTheTargetAsItWas) {
  const auto source = seeded_file(20, 500);  // 10 000 messages
  const auto dump = temp_path(".jsonl");
  ASSERT_EQ(run_cli("export --url " + quote(source) + " -o " + quote(dump), "").exit_code, 0);
  const std::string target = "file:" + temp_path();
  {
    LibSQLStore store(StoreOptions{.url = target});
    store.init();
    store.save_thread({"kept", "r", "there before", nullptr, ts(0), ts(0)});
  }
  // Time a whole import, then kill others at random points inside that span.
  const auto probe_target = "file:" + temp_path();
  const auto start = std::chrono::steady_clock::now();
  int status = 0;
  waitpid(start_import(probe_target, dump), &status, 0);
  const auto whole = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const auto span_ms = std::chrono::duration_cast<std::chrono::milliseconds>(whole).count();

  std::mt19937 rng(20261203);
  int killed = 0;
  for (int cycle = 0; cycle < 5; ++cycle) {
    const pid_t pid = start_import(target, dump);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<long>(
        std::min<long>(span_ms / 10, 5), span_ms * 8 / 10)(rng)));
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++killed;
    SqlitePeek db(target.substr(5));
    EXPECT_EQ(db.rows("PRAGMA integrity_check").at(0).at(0), "ok");
    const auto messages = count(target, "mastra_messages");
    EXPECT_TRUE(messages == 0 || messages == 10'000) << messages;  // all or nothing
    EXPECT_EQ(count(target, "mastra_threads"), messages == 0 ? 1 : 21);
    if (messages != 0) break;  // finished before the kill: nothing more to interrupt
  }
  EXPECT_GT(killed, 0);
  // Run again, it completes.
  const auto finished = run_cli("import --url " + quote(target) + " " + quote(dump), "");
  ASSERT_EQ(finished.exit_code, 0) << finished.err;
  EXPECT_EQ(count(target, "mastra_messages"), 10'000);
  EXPECT_EQ(count(target, "mastra_threads"), 21);
}

}  // namespace
}  // namespace libsqlstore
