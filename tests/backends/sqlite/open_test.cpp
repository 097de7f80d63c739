// Opening a store: read-only stores (also in read-only places), files that must exist, in-memory
// databases shared by name, and what the errors say.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "matchers.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

// A file database with one thread in it, written and closed.
std::string seeded_file() {
  const auto path = temp_path();
  LibSQLStore store({.url = "file:" + path});
  store.init();
  store.save_thread({"t1", "r1", "hello", nullptr, ts(0), ts(0)});
  return path;
}

// Issue #9.6: a read-only store reads, and refuses every write before it runs.
TEST(ReadOnly, ReadsAndRefusesWrites) {
  const auto path = seeded_file();
  for (const StoreOptions& options : {StoreOptions{.url = "file:" + path, .readOnly = true},
                                      StoreOptions{.url = "file:" + path + "?mode=ro"}}) {
    LibSQLStore store(options);
    store.init();  // the schema is there: nothing to write
    ASSERT_TRUE(store.get_thread_by_id("t1").has_value());
    expect_error<ReadOnlyError>(
        [&] {
          store.save_thread({"t2", "r1", "x", nullptr, ts(0), ts(0)});
        },
        "LIBSQL_STORE_SAVE_THREAD_FAILED", "read-only");
    expect_error<ReadOnlyError>([&] { store.update_thread({.id = "t1", .title = "y"}); },
                                "LIBSQL_STORE_UPDATE_THREAD_FAILED", "read-only");
    expect_error<ReadOnlyError>([&] { store.delete_thread("t1"); },
                                "LIBSQL_STORE_DELETE_THREAD_FAILED", "read-only");
    EXPECT_EQ(store.get_thread_by_id("t1")->title, "hello");
  }
}

TEST(ReadOnly, InitOnAnEmptyDatabaseSaysWhatIsMissing) {
  const auto path = temp_path();
  SqlitePeek(path).exec("CREATE TABLE unrelated (x)");
  LibSQLStore store({.url = "file:" + path, .readOnly = true});
  expect_error<SchemaError>([&] { store.init(); }, "LIBSQL_STORE_INIT_FAILED",
                            "read-only store cannot create them");
}

TEST(ReadOnly, ToleratesMissingExtraIndexes) {
  const auto path = seeded_file();
  SqlitePeek(path).exec("DROP INDEX libsqlstore_threads_resource_created");
  LibSQLStore store({.url = "file:" + path, .readOnly = true});
  store.init();
  EXPECT_EQ(store.get_threads_by_resource_id({.resourceId = "r1"}).size(), 1u);
}

TEST(ReadOnly, APrivateMemoryDatabaseCannotBeReadOnly) {
  expect_error<InvalidArgumentError>(
      [] { LibSQLStore store({.url = ":memory:", .readOnly = true}); },
      "LIBSQL_STORE_INVALID_ARGUMENT", "read-only");
}

TEST(Open, ModeRwRequiresTheFile) {
  const auto path = temp_path();
  expect_error<ConnectionError>([&] { LibSQLStore store({.url = "file:" + path + "?mode=rw"}); },
                                "LIBSQL_STORE_CANNOT_OPEN", "does not exist");
  EXPECT_FALSE(std::filesystem::exists(path));
  const auto existing = seeded_file();
  LibSQLStore store({.url = "file:" + existing + "?mode=rw"});
  EXPECT_TRUE(store.get_thread_by_id("t1").has_value());
}

// Runs `body` in a child process without root's power to ignore file permissions (as nobody when
// the tests run as root), and returns its exit status.
template <class F>
int as_unprivileged(F&& body) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(99);
    int rc = 98;
    try {
      rc = body();
    } catch (...) {
      rc = 97;
    }
    _exit(rc);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 96;
}

// A database (WAL mode, closed cleanly: no -wal or -shm) in a directory this process cannot
// write to, as on read-only media or a shared read-only mount.
std::string database_in_read_only_directory() {
  const auto dir =
      temp_dir() / ("ro-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
  std::filesystem::create_directories(dir);
  const auto path = (dir / "agent.db").string();
  {
    LibSQLStore store({.url = "file:" + path});
    store.init();
    store.save_thread({"t1", "r1", "hello", nullptr, ts(0), ts(0)});
  }
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
  ::chmod(path.c_str(), 0444);
  ::chmod(dir.c_str(), 0555);
  return path;
}

TEST(ReadOnly, ReadsADatabaseInAReadOnlyDirectory) {
  const auto path = database_in_read_only_directory();
  // Exit codes: 0 read fine, 1 wrong data, 2 an error.
  const int rc = as_unprivileged([&] {
    try {
      LibSQLStore store({.url = "file:" + path + "?mode=ro"});
      store.init();
      const auto t = store.get_thread_by_id("t1");
      return t && t->title == "hello" ? 0 : 1;
    } catch (const Error& e) {
      std::fprintf(stderr, "%s: %s\n", e.id().c_str(), e.what());
      return 2;
    }
  });
  EXPECT_EQ(rc, 0);
  ::chmod(std::filesystem::path(path).parent_path().c_str(), 0755);
}

// Issue #9.6: opening such a database writable said "attempt to write a readonly database"; the
// error now says why and what to do.
TEST(ReadOnly, AWritableOpenInAReadOnlyDirectorySaysWhy) {
  const auto path = database_in_read_only_directory();
  const int rc = as_unprivileged([&] {
    try {
      LibSQLStore store({.url = "file:" + path});
      return 1;  // opened writable: wrong
    } catch (const ConnectionError& e) {
      const std::string m = e.what();
      const bool says_why = m.find("directory is not writable") != std::string::npos &&
                            m.find(path + "-wal") != std::string::npos &&
                            m.find("mode=ro") != std::string::npos;
      if (!says_why) std::fprintf(stderr, "unhelpful message: %s\n", e.what());
      return says_why && e.id() == "LIBSQL_STORE_CANNOT_OPEN" ? 0 : 2;
    } catch (const Error& e) {
      std::fprintf(stderr, "%s: %s\n", e.id().c_str(), e.what());
      return 3;
    }
  });
  EXPECT_EQ(rc, 0);
  ::chmod(std::filesystem::path(path).parent_path().c_str(), 0755);
}

// Issue #9.7: `:memory:?cache=shared` used to give every store its own private database.
TEST(SharedMemory, StoresOfOneProcessShareTheNamedDatabase) {
  LibSQLStore a({.url = ":memory:?cache=shared"});
  a.init();
  a.save_thread({"t1", "r1", "shared", nullptr, ts(0), ts(0)});
  LibSQLStore b({.url = "file::memory:?cache=shared"});
  ASSERT_TRUE(b.get_thread_by_id("t1").has_value());
  b.update_thread({.id = "t1", .title = "changed by b"});
  EXPECT_EQ(a.get_thread_by_id("t1")->title, "changed by b");
  EXPECT_EQ(b.backend(), BackendKind::Memory);

  // Another name is another database; a private one stays private.
  LibSQLStore other({.url = "file:other?mode=memory&cache=shared"});
  other.init();
  EXPECT_FALSE(other.get_thread_by_id("t1").has_value());
  LibSQLStore named({.url = "file:other?mode=memory&cache=shared"});
  named.save_thread({"t9", "r1", "x", nullptr, ts(0), ts(0)});
  EXPECT_TRUE(other.get_thread_by_id("t9").has_value());
  LibSQLStore mine({.url = ":memory:"});
  mine.init();
  EXPECT_FALSE(mine.get_thread_by_id("t1").has_value());
}

TEST(SharedMemory, WritersOnTwoStoresWaitForEachOther) {
  LibSQLStore a({.url = "file:contended?mode=memory&cache=shared"});
  a.init();
  LibSQLStore b({.url = "file:contended?mode=memory&cache=shared"});
  a.save_thread({"t", "r", "x", nullptr, ts(0), ts(0)});
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      LibSQLStore& s = w % 2 ? a : b;
      for (int i = 0; i < 50; ++i) {
        s.save_messages({{.id = "m" + std::to_string(w) + "-" + std::to_string(i),
                          .role = "user",
                          .content = "hi",
                          .createdAt = ts(i),
                          .threadId = "t",
                          .resourceId = "r"}});
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(b.get_messages_paginated({.threadId = "t", .perPage = 0}).total, 200);
}

TEST(SharedMemory, TheDatabaseEndsWithItsLastStore) {
  {
    LibSQLStore a({.url = "file:ephemeral?mode=memory&cache=shared"});
    a.init();
    a.save_thread({"t1", "r1", "x", nullptr, ts(0), ts(0)});
  }
  LibSQLStore b({.url = "file:ephemeral?mode=memory&cache=shared"});
  b.init();
  EXPECT_FALSE(b.get_thread_by_id("t1").has_value());
}

}  // namespace
}  // namespace libsqlstore::testing
