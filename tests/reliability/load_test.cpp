// Load (issue #15.5): several processes, each with several threads, on one database file, and
// several stores on the remote test server with latency injected, all mixing reads and writes
// for a bounded time. With the default retry policy no BusyError may surface, no update of the
// read-modify-write methods may be lost (every thread merges its own keys into one shared
// resource and one shared thread), every acknowledged message is there, and the file passes
// integrity_check.
//
// $LIBSQLSTORE_LOAD_SECONDS sets how long each part runs (default 3).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hrana_test_server.hpp"
#include "sample_content.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

using namespace std::chrono_literals;

std::chrono::milliseconds load_time() {
  const char* v = std::getenv("LIBSQLSTORE_LOAD_SECONDS");
  return std::chrono::milliseconds(
      static_cast<std::int64_t>((v && *v ? std::atof(v) : 3.0) * 1000));
}

// What one worker did: calls acknowledged, by kind, and errors it saw.
struct Tally {
  std::int64_t batches = 0;  // save_messages of 5 messages to the worker's own thread
  std::int64_t merges = 0;   // keys merged into the shared resource and the shared thread
  std::int64_t reads = 0;
  std::int64_t busy = 0;
  std::int64_t other_errors = 0;
};

// Mixed calls on `store` until `until`, as worker `name` (own thread "own-<name>"), and at least
// one of each kind whatever the time: SQLite's lock is not fair, so on a loaded machine a worker
// can wait for it past `until` in its first call; a call that waits is still one that must
// succeed, but a deadline alone would leave that worker with nothing to check.
Tally work(LibSQLStore& store, const std::string& name,
           std::chrono::steady_clock::time_point until) {
  Tally t;
  const std::string own = "own-" + name;
  try {
    store.save_thread({own, "r", own, nullptr, ts(0), ts(0)});
  } catch (const BusyError&) {
    ++t.busy;
    return t;
  }
  for (std::int64_t n = 0; n < 4 || std::chrono::steady_clock::now() < until; ++n) {
    try {
      switch (n % 4) {
        case 0: {
          std::vector<Message> batch;
          for (int j = 0; j < 5; ++j) {
            Message m;
            m.id = name + "-" + std::to_string(t.batches) + "-" + std::to_string(j);
            m.role = "user";
            m.content = v2("load " + m.id);
            m.createdAt = ts(n);
            m.threadId = own;
            m.resourceId = "r";
            batch.push_back(std::move(m));
          }
          store.save_messages(batch);
          ++t.batches;
          break;
        }
        case 1: {
          const std::string key = name + "-" + std::to_string(t.merges);
          store.update_resource({.resourceId = "r", .metadata = Json{{key, n}}});
          // update_thread replaces the title and merges metadata: a lost update drops a key.
          store.update_thread({.id = "shared", .title = "shared", .metadata = Json{{key, n}}});
          ++t.merges;
          break;
        }
        case 2:
          (void)store.get_messages({.threadId = own, .last = 20});
          (void)store.get_resource_by_id("r");
          ++t.reads;
          break;
        default:
          store.persist_workflow_snapshot(
              {.workflowName = "wf", .runId = name, .snapshot = Json{{"n", n}}});
          (void)store.load_workflow_snapshot("wf", name);
          ++t.reads;
          break;
      }
    } catch (const BusyError& e) {
      ++t.busy;
      std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
    } catch (const Error& e) {
      ++t.other_errors;
      std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
    }
  }
  return t;
}

// Every acknowledged call is in the database behind `store`.
void check_nothing_lost(LibSQLStore& store, const std::vector<std::string>& names,
                        const std::vector<Tally>& tallies) {
  const auto resource = store.get_resource_by_id("r");
  ASSERT_TRUE(resource);
  const auto shared = store.get_thread_by_id("shared");
  ASSERT_TRUE(shared);
  for (std::size_t w = 0; w < names.size(); ++w) {
    const auto& t = tallies[w];
    EXPECT_EQ(t.busy, 0) << names[w] << ": a BusyError surfaced";
    EXPECT_EQ(t.other_errors, 0) << names[w];
    EXPECT_GT(t.batches + t.merges + t.reads, 0) << names[w] << " made no progress";
    for (std::int64_t k = 0; k < t.merges; ++k) {
      const std::string key = names[w] + "-" + std::to_string(k);
      EXPECT_TRUE(resource->metadata->contains(key)) << "update_resource lost " << key;
      EXPECT_TRUE(shared->metadata->contains(key)) << "update_thread lost " << key;
    }
    const auto messages = store.get_messages({.threadId = "own-" + names[w], .last = 1'000'000});
    EXPECT_EQ(static_cast<std::int64_t>(messages.size()), t.batches * 5) << names[w];
  }
}

void seed(LibSQLStore& store) {
  store.init();
  store.save_resource({"r", "wm", Json::object(), ts(0), ts(0)});
  store.save_thread({"shared", "r", "shared", Json::object(), ts(0), ts(0)});
}

TEST(Load, ProcessesAndThreadsOnOneFile) {
  constexpr int kProcesses = 3;
  constexpr int kThreads = 3;
  const auto path = temp_path();
  {
    LibSQLStore store({.url = "file:" + path});
    seed(store);
  }
  const auto until = std::chrono::steady_clock::now() + load_time();
  // Each child reports its threads' tallies through a pipe as raw structs.
  std::vector<std::pair<pid_t, int>> children;
  for (int p = 0; p < kProcesses; ++p) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      std::vector<Tally> tallies(kThreads);
      {
        // One store per process, shared by its threads (the store is thread-safe).
        LibSQLStore store({.url = "file:" + path});
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
          threads.emplace_back([&, t] {
            tallies[static_cast<std::size_t>(t)] =
                work(store, "p" + std::to_string(p) + "t" + std::to_string(t), until);
          });
        }
        for (auto& th : threads) th.join();
      }
      const auto bytes = static_cast<ssize_t>(sizeof(Tally) * tallies.size());
      std::_Exit(::write(fds[1], tallies.data(), static_cast<std::size_t>(bytes)) == bytes ? 0 : 1);
    }
    ::close(fds[1]);
    children.emplace_back(pid, fds[0]);
  }
  std::vector<std::string> names;
  std::vector<Tally> tallies;
  for (int p = 0; p < kProcesses; ++p) {
    auto [pid, fd] = children[static_cast<std::size_t>(p)];
    std::vector<Tally> got(kThreads);
    const auto want = static_cast<ssize_t>(sizeof(Tally) * got.size());
    EXPECT_EQ(::read(fd, got.data(), static_cast<std::size_t>(want)), want);
    ::close(fd);
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "process " << p;
    for (int t = 0; t < kThreads; ++t) {
      names.push_back("p" + std::to_string(p) + "t" + std::to_string(t));
      tallies.push_back(got[static_cast<std::size_t>(t)]);
    }
  }
  {
    SqlitePeek peek(path);
    EXPECT_EQ(peek.value("PRAGMA integrity_check"), "ok");
  }
  LibSQLStore store({.url = "file:" + path});
  check_nothing_lost(store, names, tallies);
  std::int64_t calls = 0;
  for (const auto& t : tallies) calls += t.batches + 2 * t.merges + t.reads;
  std::printf("load (file): %d processes x %d threads, %lld calls acknowledged\n", kProcesses,
              kThreads, static_cast<long long>(calls));
}

TEST(Load, StoresOnTheRemoteServerWithLatency) {
  constexpr int kStores = 6;
  HranaTestServer server(HranaTestServer::Options{.busy_timeout_ms = 200});
  {
    LibSQLStore store({.url = server.url()});
    seed(store);
  }
  // Every answer 2 ms late: transactions stay open across round trips, as on a real network.
  server.inject(HranaTestServer::Fault::Delay, 1'000'000, 2ms);
  const auto until = std::chrono::steady_clock::now() + load_time();
  std::vector<std::string> names;
  std::vector<Tally> tallies(kStores);
  std::vector<std::thread> threads;
  for (int s = 0; s < kStores; ++s) names.push_back("s" + std::to_string(s));
  for (int s = 0; s < kStores; ++s) {
    threads.emplace_back([&, s] {
      LibSQLStore store({.url = server.url()});
      tallies[static_cast<std::size_t>(s)] = work(store, names[static_cast<std::size_t>(s)], until);
    });
  }
  for (auto& th : threads) th.join();
  server.inject(HranaTestServer::Fault::None, 0);
  {
    SqlitePeek peek(server.db_path());
    EXPECT_EQ(peek.value("PRAGMA integrity_check"), "ok");
  }
  LibSQLStore store({.url = server.url()});
  check_nothing_lost(store, names, tallies);
  std::int64_t calls = 0;
  for (const auto& t : tallies) calls += t.batches + 2 * t.merges + t.reads;
  std::printf("load (remote, 2 ms latency): %d stores, %lld calls acknowledged\n", kStores,
              static_cast<long long>(calls));
}

}  // namespace
}  // namespace libsqlstore::testing
