// Several processes on one database file: contention without lost updates, and a writer killed
// mid-write (SIGKILL) loses nothing it had acknowledged and leaves a sound database.
#include <cstdio>
#include <set>
#include <string>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

StoreOptions contended(const std::string& path) {
  return StoreOptions{.url = "file:" + path,
                      .maxRetries = 50,
                      .initialBackoffMs = std::chrono::milliseconds{2},
                      .busyTimeout = std::chrono::milliseconds{20}};
}

Message text_message(const std::string& id, const std::string& thread, std::int64_t at) {
  Message m;
  m.id = id;
  m.role = "user";
  m.content = Json{{"format", 2}, {"parts", Json::array({{{"type", "text"}, {"text", id}}})}};
  m.createdAt = ts(at);
  m.threadId = thread;
  m.resourceId = "r";
  return m;
}

// Runs `body` in a child process; returns its exit status (0 = success).
template <class F>
pid_t spawn(F&& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    int code = 1;
    try {
      code = body();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "child %d: %s\n", ::getpid(), e.what());
    }
    std::_Exit(code);  // no gtest teardown in the child
  }
  return pid;
}

int wait_status(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Issue #9.5: processes that create a new database at the same moment used to fail in the
// constructor with BusyError (PRAGMA journal_mode=WAL ran outside the retry policy). With the
// default options (busy timeout 5 s, 5 retries) every open, init and first write succeeds.
TEST(MultiProcess, ProcessesCreatingOneNewDatabaseAtOnceAllSucceed) {
  constexpr int kRounds = 12;
  constexpr int kProcesses = 8;
  for (int round = 0; round < kRounds; ++round) {
    const auto path = temp_path();
    int go[2];
    ASSERT_EQ(::pipe(go), 0);
    std::vector<pid_t> children;
    for (int p = 0; p < kProcesses; ++p) {
      children.push_back(spawn([&, p] {
        ::close(go[1]);
        char c;
        if (::read(go[0], &c, 1) != 0) return 3;  // released together when the pipe closes
        try {
          LibSQLStore store(StoreOptions{.url = "file:" + path});
          store.init();
          store.save_thread({"t" + std::to_string(p), "r", "x", nullptr, ts(0), ts(0)});
          return 0;
        } catch (const BusyError& e) {
          std::fprintf(stderr, "child %d: BusyError: %s\n", p, e.what());
          return 2;
        }
      }));
    }
    ::close(go[0]);
    ::close(go[1]);
    for (const pid_t pid : children) EXPECT_EQ(wait_status(pid), 0) << "round " << round;
    LibSQLStore check({.url = "file:" + path});
    EXPECT_EQ(check.get_threads_by_resource_id({.resourceId = "r"}).size(),
              static_cast<std::size_t>(kProcesses));
  }
}

TEST(MultiProcess, ConcurrentWritersLoseNothing) {
  const auto path = temp_path();
  {
    LibSQLStore store(contended(path));
    store.init();
    store.save_resource({"shared", "wm", Json::object(), ts(0), ts(0)});
  }
  constexpr int kProcesses = 4;
  constexpr int kBatches = 25;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    children.push_back(spawn([&, p] {
      LibSQLStore store(contended(path));
      const std::string thread = "thread-" + std::to_string(p);
      store.save_thread({thread, "r", "t", nullptr, ts(0), ts(0)});
      for (int b = 0; b < kBatches; ++b) {
        std::vector<Message> batch;
        for (int j = 0; j < 4; ++j) {
          const int n = b * 4 + j;
          batch.push_back(
              text_message("p" + std::to_string(p) + "-m" + std::to_string(n), thread, n));
        }
        store.save_messages(batch);
        // Read-modify-write on one shared row from every process: a lost update would drop keys.
        store.update_resource(
            {.resourceId = "shared",
             .metadata = Json{{"p" + std::to_string(p) + "-" + std::to_string(b), b}}});
      }
      return 0;
    }));
  }
  for (pid_t pid : children) EXPECT_EQ(wait_status(pid), 0);

  LibSQLStore store(contended(path));
  auto resource = store.get_resource_by_id("shared");
  ASSERT_TRUE(resource);
  EXPECT_EQ(resource->metadata->size(), static_cast<std::size_t>(kProcesses * kBatches))
      << "an update_resource was lost: " << resource->metadata->dump();
  for (int p = 0; p < kProcesses; ++p) {
    auto messages = store.get_messages({.threadId = "thread-" + std::to_string(p), .last = 1000});
    EXPECT_EQ(messages.size(), static_cast<std::size_t>(kBatches * 4)) << "process " << p;
  }
  SqlitePeek peek(path);
  EXPECT_EQ(peek.value("PRAGMA integrity_check"), "ok");
}

TEST(MultiProcess, KilledWriterLosesNothingItAcknowledged) {
  const auto path = temp_path();
  {
    LibSQLStore store({.url = "file:" + path});
    store.init();
    store.save_thread({"t", "r", "t", nullptr, ts(0), ts(0)});
  }
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = spawn([&] {
    ::close(fds[0]);
    LibSQLStore store({.url = "file:" + path});
    for (int n = 0;; ++n) {
      const std::string id = "m" + std::to_string(n);
      std::vector<Message> batch;
      for (int j = 0; j < 20; ++j)
        batch.push_back(text_message(id + "-" + std::to_string(j), "t", n));
      store.save_messages(batch);  // returns only once the batch is durable
      const std::string ack = id + "\n";
      if (::write(fds[1], ack.data(), ack.size()) < 0) return 1;
    }
  });
  ::close(fds[1]);
  // Let it write for a while, then kill it without warning, mid-transaction most likely. "A while"
  // is 700 ms and at least six acknowledged batches: a loaded machine (or a sanitizer) can take
  // most of 700 ms to start the writer, and the test needs acknowledged writes to check.
  std::set<std::string> acknowledged;
  std::string buffer;
  char chunk[256];
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::milliseconds(700);
  const auto give_up = start + std::chrono::seconds(60);
  while ((std::chrono::steady_clock::now() < deadline || acknowledged.size() <= 5u) &&
         std::chrono::steady_clock::now() < give_up) {
    const auto got = ::read(fds[0], chunk, sizeof chunk);
    if (got <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(got));
    for (std::size_t nl; (nl = buffer.find('\n')) != std::string::npos; buffer.erase(0, nl + 1)) {
      acknowledged.insert(buffer.substr(0, nl));
    }
  }
  ::kill(child, SIGKILL);
  EXPECT_EQ(wait_status(child), 128 + SIGKILL);
  ::close(fds[0]);
  ASSERT_GT(acknowledged.size(), 5u) << "the writer made too little progress to test anything";

  SqlitePeek peek(path);
  EXPECT_EQ(peek.value("PRAGMA integrity_check"), "ok");
  LibSQLStore store({.url = "file:" + path});
  std::set<std::string> stored;
  for (const auto& m : store.get_messages({.threadId = "t", .last = 1'000'000}))
    stored.insert(m.id);
  for (const auto& id : acknowledged) {
    for (int j = 0; j < 20; ++j) {
      EXPECT_TRUE(stored.contains(id + "-" + std::to_string(j)))
          << "acknowledged write lost: " << id;
    }
  }
  // Batches are all-or-nothing: every batch on disk is complete.
  EXPECT_EQ(stored.size() % 20, 0u);
}

// Issue #13: with search enabled, a writer killed in the middle of saves, updates, moves and
// deletes leaves an index equal to a rebuild from the data (the triggers commit with the writes),
// cycle after cycle.
TEST(MultiProcess, KilledWriterLeavesTheSearchIndexExact) {
  const auto path = temp_path();
  {
    LibSQLStore store({.url = "file:" + path});
    store.init({.search = SearchSetup{}});
    store.save_thread({"t", "r", "t", nullptr, ts(0), ts(0)});
    store.save_thread({"u", "r", "u", nullptr, ts(0), ts(0)});
  }
  for (int cycle = 0; cycle < 3; ++cycle) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = spawn([&] {
      ::close(fds[0]);
      LibSQLStore store({.url = "file:" + path});
      for (int n = 0;; ++n) {
        const std::string id = "c" + std::to_string(cycle) + "m" + std::to_string(n);
        std::vector<Message> batch;
        for (int j = 0; j < 10; ++j)
          batch.push_back(text_message(id + "x" + std::to_string(j), "t", n));
        store.save_messages(batch);
        store.update_messages(
            {{.id = id + "x0",
              .content =
                  Json{{"parts", Json::array({{{"type", "text"}, {"text", "edited " + id}}})}},
              .threadId = "u"}});
        store.delete_messages({id + "x1"});
        if (::write(fds[1], "+", 1) < 0) return 1;
      }
    });
    ::close(fds[1]);
    char c = 0;
    int acks = 0;
    // 400 ms and at least three acknowledged cycles (see KilledWriterLosesNothingItAcknowledged).
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + std::chrono::milliseconds(400);
    const auto give_up = start + std::chrono::seconds(60);
    while ((std::chrono::steady_clock::now() < deadline || acks <= 2) &&
           std::chrono::steady_clock::now() < give_up && ::read(fds[0], &c, 1) == 1) {
      ++acks;
    }
    ::kill(child, SIGKILL);
    EXPECT_EQ(wait_status(child), 128 + SIGKILL);
    ::close(fds[0]);
    ASSERT_GT(acks, 2) << "the writer made too little progress to test anything";

    SqlitePeek peek(path);
    EXPECT_EQ(peek.value("PRAGMA integrity_check"), "ok");
    LibSQLStore store({.url = "file:" + path});
    store.init();
    const auto check = store.search().check();
    EXPECT_TRUE(check.consistent()) << "cycle " << cycle << ": missing " << check.missing
                                    << ", extra " << check.extra << ", stale " << check.stale;
    EXPECT_GE(store.search_messages({.query = "edited", .threadId = "u"}).total, acks);
  }
}

// An index build killed half way resumes where it stopped: searches say the build is
// unfinished until enable() runs again, and then the index is complete and exact.
TEST(MultiProcess, KilledIndexBuildResumes) {
  const auto path = temp_path();
  constexpr int kMessages = 6000;
  {
    LibSQLStore store({.url = "file:" + path});
    store.init();
    store.save_thread({"t", "r", "t", nullptr, ts(0), ts(0)});
    std::vector<Message> batch;
    for (int i = 0; i < kMessages; ++i)
      batch.push_back(text_message("m" + std::to_string(i), "t", i));
    store.save_messages(batch);
  }
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = spawn([&] {
    ::close(fds[0]);
    LibSQLStore store({.url = "file:" + path});
    store.search().enable({.batchSize = 100, .onProgress = [&](const SearchProgress& p) {
                             if (p.done >= 1000) {
                               (void)!::write(fds[1], "+", 1);
                               ::pause();  // wait here to be killed
                             }
                           }});
    return 0;
  });
  ::close(fds[1]);
  char c = 0;
  ASSERT_EQ(::read(fds[0], &c, 1), 1) << "the build never reported progress";
  ::kill(child, SIGKILL);
  EXPECT_EQ(wait_status(child), 128 + SIGKILL);
  ::close(fds[0]);

  LibSQLStore store({.url = "file:" + path});
  const auto status = store.search().status();
  EXPECT_TRUE(status.enabled);
  EXPECT_FALSE(status.ready);
  EXPECT_GE(status.messages, 1000);
  EXPECT_LT(status.messages, kMessages);
  EXPECT_THROW(store.search_messages({.query = "m1"}), SchemaError);
  // Writes meanwhile are indexed by the triggers, whatever the build has reached.
  store.save_messages({text_message("late", "t", kMessages)});
  std::vector<std::int64_t> done;
  const auto after =
      store.search().enable({.batchSize = 1000, .onProgress = [&](const SearchProgress& p) {
                               if (p.table == "mastra_messages") done.push_back(p.done);
                             }});
  EXPECT_TRUE(after.ready);
  EXPECT_EQ(after.messages, kMessages + 1);
  ASSERT_FALSE(done.empty());
  EXPECT_GT(done.front(), 1000) << "the build started over instead of resuming";
  EXPECT_TRUE(store.search().check().consistent());
  EXPECT_EQ(store.search_messages({.query = "late"}).total, 1);
}

}  // namespace
}  // namespace libsqlstore::testing
