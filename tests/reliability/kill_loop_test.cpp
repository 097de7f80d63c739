// kill -9 in a loop (issue #15.4): a writer process is killed at a random moment, cycle after
// cycle, on one database file with keyword search enabled. It saves message batches, edits and
// moves messages, deletes some, merges keys into a resource's metadata and persists workflow
// snapshots, and acknowledges each call on a pipe once it returned. After every kill: the file
// passes integrity_check, every acknowledged call is there (all of it: batches are complete or
// absent), and the search index equals a rebuild from the data.
//
// $LIBSQLSTORE_KILL_CYCLES sets the number of cycles (default 50); $LIBSQLSTORE_KILL_SEED the
// seed of the kill times (default: from the clock, printed).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>

#include "libsqlstore/libsqlstore.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sample_content.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

constexpr int kBatch = 8;

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

Message text_message(const std::string& id, const std::string& thread, std::int64_t at) {
  Message m;
  m.id = id;
  m.role = "user";
  m.content = v2("note " + id);
  m.createdAt = ts(at);
  m.threadId = thread;
  m.resourceId = "r";
  return m;
}

// The writer: runs until killed; one line per acknowledged call on `fd`: "S <batch>",
// "U <message>", "D <message>", "R <key>", "W <run>".
[[noreturn]] void writer(const std::string& path, int cycle, int fd) {
  int code = 1;
  try {
    LibSQLStore store({.url = "file:" + path});
    // One byte once the store is open: the kill time counts from here, so that slow builds
    // (sanitizers) still get killed in the middle of writes rather than while opening.
    if (::write(fd, "O", 1) != 1) std::_Exit(1);
    auto ack = [&](char kind, const std::string& what) {
      const std::string line = std::string(1, kind) + " " + what + "\n";
      if (::write(fd, line.data(), line.size()) < 0) std::_Exit(1);
    };
    for (int n = 0;; ++n) {
      const std::string batch = "c" + std::to_string(cycle) + "n" + std::to_string(n);
      std::vector<Message> messages;
      for (int j = 0; j < kBatch; ++j)
        messages.push_back(text_message(batch + "x" + std::to_string(j), "t", n));
      store.save_messages(messages);
      ack('S', batch);
      store.update_messages({{.id = batch + "x0",
                              .content = Json{{"parts", v2("edited " + batch)["parts"]}},
                              .threadId = "u"}});
      ack('U', batch + "x0");
      store.delete_messages({batch + "x1"});
      ack('D', batch + "x1");
      store.update_resource({.resourceId = "r", .metadata = Json{{batch, n}}});
      ack('R', batch);
      store.persist_workflow_snapshot(
          {.workflowName = "wf", .runId = batch, .snapshot = Json{{"step", n}}});
      ack('W', batch);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "writer: %s\n", e.what());
  }
  std::_Exit(code);
}

TEST(KillLoop, AcknowledgedWritesSurviveEveryKill) {
  const int cycles = env_int("LIBSQLSTORE_KILL_CYCLES", 50);
  const auto seed = static_cast<unsigned>(env_int(
      "LIBSQLSTORE_KILL_SEED",
      static_cast<int>(std::chrono::steady_clock::now().time_since_epoch().count() & 0x7fffffff)));
  std::printf("kill loop: %d cycles, LIBSQLSTORE_KILL_SEED=%u\n", cycles, seed);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_ms(5, 120);

  const auto path = temp_path();
  {
    LibSQLStore store({.url = "file:" + path});
    store.init({.search = SearchSetup{}});
    store.save_thread({"t", "r", "t", nullptr, ts(0), ts(0)});
    store.save_thread({"u", "r", "u", nullptr, ts(0), ts(0)});
    store.save_resource({"r", "wm", Json::object(), ts(0), ts(0)});
  }
  std::set<std::string> batches, moved, deleted, keys, runs;
  std::int64_t acknowledged = 0;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    SCOPED_TRACE("cycle " + std::to_string(cycle) +
                 " (LIBSQLSTORE_KILL_SEED=" + std::to_string(seed) + ")");
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      writer(path, cycle, fds[1]);
    }
    ::close(fds[1]);
    char opened = 0;
    ASSERT_EQ(::read(fds[0], &opened, 1), 1) << "the writer died before opening the store";
    ASSERT_EQ(opened, 'O');
    // Read acknowledgements until the kill time, then kill without warning.
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms(rng));
    std::string buffer;
    auto take_lines = [&] {
      for (std::size_t nl; (nl = buffer.find('\n')) != std::string::npos; buffer.erase(0, nl + 1)) {
        const std::string what = buffer.substr(2, nl - 2);
        switch (buffer[0]) {
          case 'S':
            batches.insert(what);
            break;
          case 'U':
            moved.insert(what);
            break;
          case 'D':
            deleted.insert(what);
            break;
          case 'R':
            keys.insert(what);
            break;
          case 'W':
            runs.insert(what);
            break;
          default:
            ADD_FAILURE() << "bad line " << buffer.substr(0, nl);
        }
        ++acknowledged;
      }
    };
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    char chunk[512];
    while (std::chrono::steady_clock::now() < deadline) {
      const auto got = ::read(fds[0], chunk, sizeof chunk);
      if (got > 0) {
        buffer.append(chunk, static_cast<std::size_t>(got));
      } else if (got == 0) {
        break;  // the writer died on its own: its stderr says why
      } else {
        ::usleep(500);
      }
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer exited by itself, status " << status;
    // What was written to the pipe before the kill was acknowledged before it.
    ::fcntl(fds[0], F_SETFL, 0);
    for (ssize_t got; (got = ::read(fds[0], chunk, sizeof chunk)) > 0;)
      buffer.append(chunk, static_cast<std::size_t>(got));
    ::close(fds[0]);
    take_lines();

    {
      SqlitePeek peek(path);
      ASSERT_EQ(peek.value("PRAGMA integrity_check"), "ok");
    }
    LibSQLStore store({.url = "file:" + path});
    store.init();
    std::map<std::string, std::string> stored;  // id -> thread
    for (const char* thread : {"t", "u"}) {
      for (const auto& m : store.get_messages({.threadId = thread, .last = 10'000'000}))
        stored[m.id] = thread;
    }
    for (const auto& batch : batches) {
      for (int j = 0; j < kBatch; ++j) {
        const std::string id = batch + "x" + std::to_string(j);
        if (deleted.contains(id)) {
          ASSERT_FALSE(stored.contains(id)) << "acknowledged delete undone: " << id;
        } else if (j != 1) {  // x1's delete may have committed unacknowledged
          ASSERT_TRUE(stored.contains(id)) << "acknowledged save lost: " << id;
        }
      }
    }
    for (const auto& id : moved) ASSERT_EQ(stored[id], "u") << "acknowledged move lost: " << id;
    // Batches are all-or-nothing, acknowledged or not.
    std::map<std::string, int> per_batch;
    for (const auto& [id, thread] : stored) ++per_batch[id.substr(0, id.rfind('x'))];
    for (const auto& [batch, n] : per_batch) {
      // x1 is deleted by a later call, which may have committed without being acknowledged.
      const bool complete =
          deleted.contains(batch + "x1") ? n == kBatch - 1 : n == kBatch || n == kBatch - 1;
      ASSERT_TRUE(complete) << "batch " << batch << " has " << n << " rows";
    }
    const auto resource = store.get_resource_by_id("r");
    ASSERT_TRUE(resource);
    for (const auto& key : keys)
      ASSERT_TRUE(resource->metadata->contains(key))
          << "acknowledged update_resource lost: " << key;
    for (const auto& run : runs)
      ASSERT_TRUE(store.load_workflow_snapshot("wf", run)) << "acknowledged snapshot lost: " << run;
    const auto check = store.search().check();
    ASSERT_TRUE(check.consistent())
        << "missing " << check.missing << ", extra " << check.extra << ", stale " << check.stale;
  }
  std::printf("kill loop: %d kills, %lld acknowledged calls, all present\n", cycles,
              static_cast<long long>(acknowledged));
  EXPECT_GT(acknowledged, cycles) << "the writers made too little progress to test anything";
}

}  // namespace
}  // namespace libsqlstore::testing
