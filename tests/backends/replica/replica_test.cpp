// The embedded replica against a real primary: `tursodb --sync-server` started by the test
// (TursodbServer), killed and restarted where the test needs the primary gone. Skipped when
// tursodb is not installed (scripts/install-tursodb.sh).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backends/replica/replica_files.hpp"
#include "hrana_test_server.hpp"
#include "sample_content.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"
#include "tursodb_server.hpp"

namespace libsqlstore::testing {
namespace {

Thread thread_row(const std::string& id, const std::string& title = "a title") {
  return Thread{.id = id,
                .resourceId = "r1",
                .title = title,
                .metadata = Json::object(),
                .createdAt = ts(1),
                .updatedAt = ts(1)};
}

class ReplicaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!TursodbServer::binary()) GTEST_SKIP() << "tursodb is not installed";
    dir_ = temp_path("-replica");
    server_ = std::make_unique<TursodbServer>(dir_);
    primary_ = std::make_unique<LibSQLStore>(StoreOptions{.url = server_->url()});
    primary_->init();
  }

  StoreOptions replica_options(const std::string& name = "replica.db") const {
    return StoreOptions{.url = "file:" + dir_ + "/" + name, .syncUrl = server_->url()};
  }
  std::string replica_path(const std::string& name = "replica.db") const {
    return dir_ + "/" + name;
  }

  // What nothing should do to a sync server: empties its log, restarting its revisions.
  void checkpoint_primary() const {
    httplib::Client http(server_->url());
    const auto res = http.Post(
        "/v2/pipeline",
        R"json({"requests":[{"type":"execute","stmt":{"sql":"PRAGMA wal_checkpoint(TRUNCATE)"}}]})json",
        "application/json");
    ASSERT_TRUE(res && res->status == 200 && res->body.find("error") == std::string::npos)
        << (res ? res->body : "no answer");
  }

  std::string dir_;
  std::unique_ptr<TursodbServer> server_;
  std::unique_ptr<LibSQLStore> primary_;
};

TEST_F(ReplicaTest, BootstrapsAndServesReadsFromAPlainSqliteFile) {
  primary_->save_thread(thread_row("t1"));
  LibSQLStore replica(replica_options());
  replica.init();
  ASSERT_TRUE(replica.capabilities().sync);
  const auto t = replica.get_thread_by_id("t1");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->title, "a title");
  const auto status = replica.replica_status();
  ASSERT_TRUE(status.has_value());
  EXPECT_FALSE(status->revision.empty());
  EXPECT_EQ(status->syncUrl, server_->url());
  EXPECT_TRUE(status->lastSync.has_value());
  EXPECT_GT(status->pages, 0u);
  // Any SQLite reads it: the primary's pages in a rollback-journal file.
  SqlitePeek peek(replica_path());
  EXPECT_EQ(peek.rows("PRAGMA integrity_check")[0][0], "ok");
  EXPECT_EQ(peek.rows("SELECT title FROM mastra_threads WHERE id = 't1'")[0][0], "a title");
  EXPECT_EQ(peek.rows("PRAGMA journal_mode")[0][0], "delete");
  // So does libsqlstore in plain file mode, read-only.
  LibSQLStore plain(StoreOptions{.url = "file:" + replica_path() + "?mode=ro"});
  EXPECT_TRUE(plain.get_thread_by_id("t1").has_value());
}

TEST_F(ReplicaTest, WritesGoToThePrimaryAndAreReadBackAtOnce) {
  LibSQLStore replica(replica_options());
  replica.init();
  replica.save_thread(thread_row("t1", "first"));
  EXPECT_EQ(replica.get_thread_by_id("t1")->title, "first");
  EXPECT_EQ(primary_->get_thread_by_id("t1")->title, "first");
  replica.update_thread(ThreadUpdate{.id = "t1", .title = "second"});
  EXPECT_EQ(replica.get_thread_by_id("t1")->title, "second");
  replica.delete_thread("t1");
  EXPECT_FALSE(replica.get_thread_by_id("t1").has_value());
  EXPECT_FALSE(primary_->get_thread_by_id("t1").has_value());
}

TEST_F(ReplicaTest, SeesOtherWritersAfterSync) {
  LibSQLStore replica(replica_options());
  replica.init();
  EXPECT_FALSE(replica.sync().changed);  // nothing new since the bootstrap
  primary_->save_thread(thread_row("t2"));
  EXPECT_FALSE(replica.get_thread_by_id("t2").has_value());  // not pulled yet
  const auto result = replica.sync();
  EXPECT_TRUE(result.changed);
  EXPECT_GT(result.pages, 0u);
  EXPECT_FALSE(result.bootstrapped);
  EXPECT_TRUE(replica.get_thread_by_id("t2").has_value());
  EXPECT_FALSE(replica.sync().changed);
}

TEST_F(ReplicaTest, TwoReplicasSeeEachOthersWrites) {
  LibSQLStore a(replica_options("a.db"));
  LibSQLStore b(replica_options("b.db"));
  a.init();
  b.init();
  a.save_thread(thread_row("from-a"));
  b.save_thread(thread_row("from-b"));
  EXPECT_TRUE(b.get_thread_by_id("from-a").has_value());  // b's write pulled a's too
  EXPECT_FALSE(a.get_thread_by_id("from-b").has_value());
  a.sync();
  EXPECT_TRUE(a.get_thread_by_id("from-b").has_value());
}

// Each writer saves its own threads through its own store of one replica file; what it caught,
// if anything, is its result (an exception must not leave a thread's body).
template <class F>
std::string caught_what(F&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

std::string save_threads(LibSQLStore& store, const std::string& prefix, int n) {
  return caught_what([&] {
    for (int i = 0; i < n; ++i) store.save_thread(thread_row(prefix + std::to_string(i)));
  });
}

// Two stores of one replica file in one process (a LibSQLStore and a LibSQLVector, say) pull
// into it in turn, each from what the other's pull left: neither takes the other's pull for a
// change made behind its back (REPLICA_MODIFIED), and both read every write.
TEST_F(ReplicaTest, TwoStoresOfOneReplicaFileTakeTurnsToPull) {
  LibSQLStore a(replica_options());
  a.init();
  constexpr int kRounds = 2;
  constexpr int kWrites = 10;
  for (int round = 0; round < kRounds; ++round) {
    // b opens the file (its first call, in its thread) while a pulls into it.
    LibSQLStore b(replica_options());
    const std::string tag = std::to_string(round) + "-";
    std::string failed_a;
    std::string failed_b;
    std::thread ta([&] { failed_a = save_threads(a, "a" + tag, kWrites); });
    std::thread tb([&] { failed_b = save_threads(b, "b" + tag, kWrites); });
    ta.join();
    tb.join();
    EXPECT_EQ(failed_a, "") << "round " << round;
    EXPECT_EQ(failed_b, "") << "round " << round;
    a.sync();
    b.sync();
    const std::size_t expected = 2u * kWrites * static_cast<std::size_t>(round + 1);
    EXPECT_EQ(a.get_threads_by_resource_id({.resourceId = "r1"}).size(), expected);
    EXPECT_EQ(b.get_threads_by_resource_id({.resourceId = "r1"}).size(), expected);
    EXPECT_EQ(a.replica_status()->revision, b.replica_status()->revision);
  }
  SqlitePeek peek(replica_path());
  EXPECT_EQ(peek.rows("PRAGMA integrity_check")[0][0], "ok");
}

// While one store of a replica file pulls, another store's pull of the file waits for it, then
// continues from what it left.
TEST_F(ReplicaTest, APullWaitsForAnotherStoresPullOfTheFile) {
  std::mutex m;
  std::condition_variable cv;
  bool in_pull = false;
  bool release = false;
  std::atomic<bool> armed{false};
  auto options = replica_options();
  options.syncProgress = [&](const SyncProgress& p) {
    if (p.bootstrap || !armed.exchange(false)) return;
    std::unique_lock lock(m);
    in_pull = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });  // a's pull is staged, not yet applied
  };
  LibSQLStore a(options);
  LibSQLStore b(replica_options());
  a.init();
  b.init();
  primary_->save_thread(thread_row("t1"));
  armed = true;
  std::string failed_a;
  std::thread ta([&] { failed_a = caught_what([&] { (void)a.sync(); }); });
  {
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return in_pull; }));
  }
  std::atomic<bool> b_done{false};
  std::string failed_b;
  std::thread tb([&] {
    failed_b = caught_what([&] { (void)b.sync(); });
    b_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(b_done) << "b pulled into the file while a's pull was in flight";
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  ta.join();
  tb.join();
  EXPECT_EQ(failed_a, "");
  EXPECT_EQ(failed_b, "");
  EXPECT_TRUE(a.get_thread_by_id("t1").has_value());
  EXPECT_TRUE(b.get_thread_by_id("t1").has_value());
  EXPECT_EQ(a.replica_status()->revision, b.replica_status()->revision);
  SqlitePeek peek(replica_path());
  EXPECT_EQ(peek.rows("PRAGMA integrity_check")[0][0], "ok");
}

// The same across processes: this process's pull waits while a child's pull of the file is in
// flight (the child pauses 1.5 s between staging and applying it).
TEST_F(ReplicaTest, APullWaitsForAPullOfTheFileInAnotherProcess) {
  {
    LibSQLStore first(replica_options());
    first.init();  // bootstrapped before the fork: the child's pull brings changes
  }
  primary_->save_thread(thread_row("t1"));
  const std::string marker = dir_ + "/child-is-pulling";
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int code = 4;
    try {
      auto options = replica_options();
      options.syncProgress = [&](const SyncProgress& p) {
        if (p.bootstrap) return;
        std::ofstream(marker) << "pulling\n";
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      };
      LibSQLStore store(options);
      code = store.sync().changed ? 0 : 5;
    } catch (...) {
    }
    _exit(code);
  }
  for (int i = 0; i < 1000 && !std::filesystem::exists(marker); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(std::filesystem::exists(marker)) << "the child never pulled";
  const auto start = std::chrono::steady_clock::now();
  LibSQLStore store(replica_options());
  (void)store.sync();
  const auto waited = std::chrono::steady_clock::now() - start;
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the child's pull failed (4) or brought nothing (5)";
  EXPECT_GE(waited, std::chrono::milliseconds(1000))
      << "pulled while the child's pull was in flight";
  EXPECT_TRUE(store.get_thread_by_id("t1").has_value());
  SqlitePeek peek(replica_path());
  EXPECT_EQ(peek.rows("PRAGMA integrity_check")[0][0], "ok");
}

TEST_F(ReplicaTest, BackgroundPullsFollowThePrimary) {
  auto options = replica_options();
  options.syncInterval = std::chrono::milliseconds(50);
  LibSQLStore replica(options);
  replica.init();
  primary_->save_thread(thread_row("t3"));
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    seen = replica.get_thread_by_id("t3").has_value();
  }
  EXPECT_TRUE(seen);
}

TEST_F(ReplicaTest, ReadsWorkOfflineAndWritesFailFast) {
  primary_->save_thread(thread_row("t1"));
  {
    LibSQLStore replica(replica_options());
    replica.init();
  }
  server_->kill();
  // A new store on the existing replica opens without the primary.
  LibSQLStore replica(replica_options());
  replica.init();
  EXPECT_TRUE(replica.get_thread_by_id("t1").has_value());
  try {
    replica.sync();
    FAIL() << "sync() without a primary";
  } catch (const ConnectionError& e) {
    EXPECT_EQ(e.id(), "LIBSQL_STORE_REPLICA_PULL_FAILED");
  }
  ASSERT_TRUE(replica.replica_status()->lastError.has_value());
  EXPECT_THROW(replica.save_thread(thread_row("t9")), ConnectionError);
  EXPECT_TRUE(replica.get_thread_by_id("t1").has_value());

  server_->restart();
  replica.save_thread(thread_row("t9"));
  EXPECT_TRUE(replica.get_thread_by_id("t9").has_value());
  EXPECT_FALSE(replica.replica_status()->lastError.has_value());
}

TEST_F(ReplicaTest, AWriteWhosePullFailsIsDoneAndPulledByTheNextRead) {
  auto options = replica_options();
  bool fail_next = false;
  options.syncProgress = [&](const SyncProgress&) {
    if (std::exchange(fail_next, false)) throw std::runtime_error("the pull broke");
  };
  LibSQLStore replica(options);
  replica.init();
  fail_next = true;
  replica.save_thread(thread_row("t1"));  // committed on the primary: not reported as failed
  EXPECT_TRUE(primary_->get_thread_by_id("t1").has_value());
  EXPECT_TRUE(replica.replica_status()->pullPending);
  EXPECT_TRUE(replica.get_thread_by_id("t1").has_value());  // the read paid the pull first
  EXPECT_FALSE(replica.replica_status()->pullPending);
}

TEST_F(ReplicaTest, TheJsonInterfaceSyncsAndReportsStatus) {
  LibSQLStore replica(replica_options());
  replica.init();
  primary_->save_thread(thread_row("t1"));
  const Json pulled = json_api::call(replica, "sync", Json::array());
  EXPECT_EQ(pulled.at("changed"), true);
  EXPECT_EQ(pulled.at("bootstrapped"), false);
  EXPECT_GT(pulled.at("pages").get<std::uint64_t>(), 0u);
  const Json status = json_api::call(replica, "replicaStatus", Json::array());
  EXPECT_EQ(status.at("syncUrl"), server_->url());
  EXPECT_EQ(status.at("revision"), pulled.at("revision"));
  EXPECT_TRUE(parse_iso8601(status.at("lastSync").get<std::string>()).has_value());
  EXPECT_TRUE(status.at("lastError").is_null());
  EXPECT_EQ(status.at("pullPending"), false);
  EXPECT_THROW(json_api::call(replica, "sync", Json::array({1})), InvalidArgumentError);

  LibSQLStore plain(StoreOptions{.url = ":memory:"});
  EXPECT_TRUE(json_api::call(plain, "replicaStatus", Json::array()).is_null());
  try {
    json_api::call(plain, "sync", Json::array());
    FAIL() << "sync on a store that is not a replica";
  } catch (const UnsupportedError& e) {
    EXPECT_EQ(e.id(), "LIBSQL_STORE_NOT_A_REPLICA");
  }
}

TEST_F(ReplicaTest, ANewReplicaNeedsThePrimary) {
  server_->kill();
  LibSQLStore replica(replica_options());
  EXPECT_THROW(replica.init(), ConnectionError);
  EXPECT_FALSE(std::filesystem::exists(replica_path()));
  server_->restart();
  replica.init();  // the next call tries again
  EXPECT_TRUE(std::filesystem::exists(replica_path()));
}

TEST_F(ReplicaTest, RefusesAFileThatIsNotItsReplica) {
  {
    LibSQLStore plain(StoreOptions{.url = "file:" + replica_path("plain.db")});
    plain.init();
  }
  LibSQLStore over_plain(replica_options("plain.db"));
  try {
    over_plain.init();
    FAIL() << "a plain database taken for a replica";
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.details().value("code", ""), "REPLICA_MISMATCH") << e.what();
  }
  {
    LibSQLStore replica(replica_options());
    replica.init();
  }
  auto other = replica_options();
  other.syncUrl = "http://127.0.0.1:1";
  LibSQLStore elsewhere(other);
  try {
    elsewhere.init();
    FAIL() << "a replica of another primary";
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.details().value("code", ""), "REPLICA_MISMATCH") << e.what();
  }
}

TEST_F(ReplicaTest, RefusesAReplicaChangedBehindItsBack) {
  {
    LibSQLStore replica(replica_options());
    replica.init();
  }
  {
    SqlitePeek peek(replica_path());
    peek.exec(
        "INSERT INTO mastra_resources(id, workingMemory, metadata, createdAt, updatedAt) "
        "VALUES ('x', NULL, NULL, 'a', 'b')");
  }
  LibSQLStore replica(replica_options());
  try {
    replica.init();
    FAIL() << "a modified replica opened";
  } catch (const DataError& e) {
    EXPECT_EQ(e.details().value("code", ""), "REPLICA_MODIFIED") << e.what();
  }
}

TEST_F(ReplicaTest, RefusesAReplicaWhoseStateDoesNotReadBack) {
  {
    LibSQLStore replica(replica_options());
    replica.init();
  }
  for (const char* garbage : {"", "{not json", R"({"sync_url": 5})", "[]"}) {
    {
      std::ofstream(replica::state_path(replica_path()), std::ios::binary | std::ios::trunc)
          << garbage;
    }
    LibSQLStore replica(replica_options());
    try {
      (void)replica.get_thread_by_id("t1");
      FAIL() << "a replica with the state file '" << garbage << "' opened";
    } catch (const DataError& e) {
      EXPECT_EQ(e.details().value("code", ""), "REPLICA_CORRUPT") << e.what();
    }
  }
}

TEST_F(ReplicaTest, APullInterruptedAfterStagingIsRedoneOnOpen) {
  {
    LibSQLStore replica(replica_options());
    replica.init();
  }
  primary_->save_thread(thread_row("t5"));
  {
    auto options = replica_options();
    // Stands for a crash between staging the pages and writing them to the file.
    options.syncProgress = [](const SyncProgress&) { throw std::runtime_error("crash"); };
    LibSQLStore replica(options);
    replica.init();
    EXPECT_THROW(replica.sync(), std::runtime_error);
  }
  ASSERT_TRUE(std::filesystem::exists(replica::staging_path(replica_path())));
  server_->kill();  // the redo needs nothing from the primary
  LibSQLStore replica(replica_options());
  replica.init();
  EXPECT_TRUE(replica.get_thread_by_id("t5").has_value());
  EXPECT_FALSE(std::filesystem::exists(replica::staging_path(replica_path())));
  SqlitePeek peek(replica_path());
  EXPECT_EQ(peek.rows("PRAGMA integrity_check")[0][0], "ok");
}

TEST_F(ReplicaTest, AnInterruptedBootstrapResumesFromItsLastChunk) {
  // Four 1024-page chunks: ~12 MiB of messages.
  primary_->save_thread(thread_row("big"));
  for (int batch = 0; batch < 12; ++batch) {
    std::vector<Message> messages;
    for (int i = 0; i < 8; ++i) {
      const auto id = "m" + std::to_string(batch) + "-" + std::to_string(i);
      Message m;
      m.id = id;
      m.role = "user";
      m.content = v2(std::string(128 * 1024, static_cast<char>('a' + i)));
      m.createdAt = ts(batch * 10 + i);
      m.threadId = "big";
      m.resourceId = "r1";
      messages.push_back(std::move(m));
    }
    primary_->save_messages(messages);
  }
  std::uint64_t total = 0;
  {
    auto options = replica_options();
    int chunks = 0;
    options.syncProgress = [&](const SyncProgress& p) {
      total = p.pagesTotal;
      if (++chunks == 2) throw std::runtime_error("crash");
    };
    LibSQLStore replica(options);
    EXPECT_THROW(replica.init(), std::runtime_error);
  }
  ASSERT_GT(total, 3072u);
  ASSERT_LE(total, 4096u);
  std::vector<SyncProgress> reports;
  auto options = replica_options();
  options.syncProgress = [&](const SyncProgress& p) { reports.push_back(p); };
  LibSQLStore replica(options);
  replica.init();
  // Resumed after the two staged chunks: only the last two were fetched.
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_TRUE(reports[0].bootstrap);
  EXPECT_EQ(reports[0].pagesReceived, 3072u);
  EXPECT_EQ(reports[1].pagesReceived, total);
  EXPECT_EQ(replica.get_messages(MessagesQuery{.threadId = "big", .last = 1000}).size(), 96u);
  SqlitePeek peek(replica_path());
  EXPECT_EQ(peek.rows("PRAGMA integrity_check")[0][0], "ok");
}

TEST_F(ReplicaTest, ThePrimaryKilledAndRestartedMidRun) {
  LibSQLStore replica(replica_options());
  replica.init();
  for (int i = 0; i < 20; ++i) {
    if (i == 7 || i == 13) server_->restart();
    replica.save_thread(thread_row("k" + std::to_string(i)));
  }
  for (int i = 0; i < 20; ++i)
    EXPECT_TRUE(replica.get_thread_by_id("k" + std::to_string(i)).has_value()) << i;
}

// kill -9 of a process while it pulls (staging, applying, recording, bootstrapping), at random
// points: the next open always finds a sound file holding a whole revision, and catches up.
TEST_F(ReplicaTest, APullerKilledAtRandomPointsLeavesAWholeRevision) {
  primary_->save_thread(thread_row("crash"));
  std::mt19937 rng(7);
  int total = 0;
  for (int round = 0; round < 16; ++round) {
    std::vector<Message> batch;
    for (int i = 0; i < 40; ++i, ++total) {
      Message m;
      m.id = "c" + std::to_string(total);
      m.role = "user";
      m.content = v2(std::string(3000, static_cast<char>('a' + total % 26)));
      m.createdAt = ts(total);
      m.threadId = "crash";
      m.resourceId = "r1";
      batch.push_back(std::move(m));
    }
    primary_->save_messages(batch);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      try {
        LibSQLStore puller(replica_options());
        for (;;) (void)puller.sync();
      } catch (...) {
      }
      _exit(3);
    }
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<int>(0, 40'000)(rng)));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the puller stopped by itself (" << status << ")";
    if (std::filesystem::exists(replica_path())) {
      // Opening redoes a pull that was staged whole; a pull that was not is dropped. Either way
      // the file holds whole transactions of the primary (each saved 40 messages).
      LibSQLStore replica(replica_options());
      const auto messages =
          replica.get_messages(MessagesQuery{.threadId = "crash", .last = 100000});
      EXPECT_EQ(messages.size() % 40, 0u) << "round " << round << ": part of a pull was applied";
      replica.sync();
      EXPECT_EQ(replica.get_messages(MessagesQuery{.threadId = "crash", .last = 100000}).size(),
                static_cast<std::size_t>(total))
          << "round " << round;
      SqlitePeek peek(replica_path());
      EXPECT_EQ(peek.rows("PRAGMA integrity_check")[0][0], "ok") << "round " << round;
    }
  }
}

// After a checkpoint the sync server's log restarts (revision numbers go back) and no longer
// holds every page, so no replica can be built from it: the replica says so and keeps serving
// what it has.
TEST_F(ReplicaTest, APrimaryWhoseLogWasCheckpointedIsReportedAndTheReplicaKept) {
  primary_->save_thread(thread_row("before"));
  LibSQLStore replica(replica_options());
  replica.init();
  for (int i = 0; i < 5; ++i) primary_->save_thread(thread_row("pad" + std::to_string(i)));
  replica.sync();
  checkpoint_primary();
  primary_->save_thread(thread_row("after"));
  try {
    replica.sync();
    FAIL() << "bootstrapped from a log without every page";
  } catch (const DataError& e) {
    EXPECT_EQ(e.details().value("code", ""), "REPLICA_INCOMPLETE") << e.what();
  }
  EXPECT_TRUE(replica.get_thread_by_id("pad4").has_value());
  EXPECT_FALSE(std::filesystem::exists(replica::staging_path(replica_path())));
  EXPECT_NE(replica.replica_status()->lastError.value_or("").find("checkpointed"),
            std::string::npos);
  LibSQLStore reopened(replica_options());
  EXPECT_TRUE(reopened.get_thread_by_id("before").has_value());
}

TEST(ReplicaOfAnEmptyPrimary, StartsEmptyAndFollows) {
  if (!TursodbServer::binary()) GTEST_SKIP() << "tursodb is not installed";
  const auto dir = temp_path("-empty");
  TursodbServer server(dir);
  LibSQLStore replica(StoreOptions{.url = "file:" + dir + "/replica.db", .syncUrl = server.url()});
  replica.init();  // bootstraps an empty database, then creates the tables on the primary
  replica.save_thread(thread_row("t1"));
  EXPECT_TRUE(replica.get_thread_by_id("t1").has_value());
  EXPECT_GT(replica.replica_status()->pages, 1u);
}

TEST_F(ReplicaTest, AServerWithoutTheSyncProtocolIsNamed) {
  HranaTestServer hrana;
  LibSQLStore replica(StoreOptions{.url = "file:" + replica_path("x.db"), .syncUrl = hrana.url()});
  try {
    replica.init();
    FAIL() << "bootstrapped from a server without /pull-updates";
  } catch (const UnsupportedError& e) {
    EXPECT_EQ(e.details().value("code", ""), "REPLICA_UNSUPPORTED") << e.what();
  }
}

TEST(ReplicaOptions, NeedALocalFileAndARemotePrimary) {
  EXPECT_THROW(LibSQLStore(StoreOptions{.url = ":memory:", .syncUrl = "http://127.0.0.1:1"}),
               InvalidArgumentError);
  EXPECT_THROW(LibSQLStore(StoreOptions{.url = "file:" + temp_path(), .syncUrl = "file:x.db"}),
               InvalidArgumentError);
  LibSQLStore plain(StoreOptions{.url = ":memory:"});
  EXPECT_FALSE(plain.replica_status().has_value());
  EXPECT_THROW(plain.sync(), UnsupportedError);
}

}  // namespace
}  // namespace libsqlstore::testing
