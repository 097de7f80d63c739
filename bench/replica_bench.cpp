// The embedded replica against the remote backend and raw SQLite, in one run on one primary
// (docs/performance.md, "Embedded replicas"): `tursodb --sync-server` at --primary (default
// $LIBSQLSTORE_TEST_REMOTE_URL: bench/run_replica_bench.sh starts one).
//  - reads: get_thread_by_id and get_messages(last 40) on a remote store, on a replica of the
//    same primary, and raw SQLite (one prepared statement) on the replica's file;
//  - writes: save_thread on the remote store and on the replica (which pulls after it);
//  - bootstrap: a new replica of the whole primary;
//  - sync: the cost of one sync() after N writes by another store.
//
//   libsqlstore-replica-bench [--primary URL] [--messages 2000] [--reads 300] [--writes 1,10,100]
//                             [--dir DIR]
// One JSON line per phase on stdout; ratios are replica/remote and raw/replica (time per call).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "libsqlstore/libsqlstore.hpp"

#include <sqlite3.h>

namespace lss = libsqlstore;
namespace fs = std::filesystem;

namespace {

double now_us() {
  return std::chrono::duration<double, std::micro>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// Median microseconds per call of `f` over `rounds` rounds of `calls` calls.
double median_us(int rounds, int calls, const std::function<void()>& f) {
  std::vector<double> per_call;
  for (int r = 0; r < rounds; ++r) {
    const double t0 = now_us();
    for (int i = 0; i < calls; ++i) f();
    per_call.push_back((now_us() - t0) / calls);
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[per_call.size() / 2];
}

lss::Timestamp at(std::int64_t ms) { return lss::Timestamp{std::chrono::milliseconds{ms}}; }

lss::Message message(const std::string& id, const std::string& thread, std::int64_t ms) {
  lss::Message m;
  m.id = id;
  m.role = ms % 2 == 0 ? "user" : "assistant";
  m.content = lss::Json{
      {"format", 2},
      {"parts", lss::Json::array({lss::Json{
                    {"type", "text"}, {"text", "message " + id + ": " + std::string(400, 'x')}}})}};
  m.createdAt = at(1'700'000'000'000 + ms);
  m.threadId = thread;
  m.resourceId = "bench-resource";
  return m;
}

/// One prepared statement on the replica's file, read-only: what SQLite alone costs.
class RawReader {
 public:
  RawReader(const std::string& path, const char* sql) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw std::runtime_error("raw sqlite: " + std::string(sqlite3_errmsg(db_)));
    }
  }
  ~RawReader() {
    sqlite3_finalize(stmt_);
    sqlite3_close_v2(db_);
  }
  RawReader(const RawReader&) = delete;
  RawReader& operator=(const RawReader&) = delete;

  /// Rows the statement returns for `key`, every column read as text.
  int run(const std::string& key) {
    sqlite3_reset(stmt_);
    sqlite3_bind_text(stmt_, 1, key.c_str(), static_cast<int>(key.size()), SQLITE_STATIC);
    int rows = 0;
    std::size_t bytes = 0;
    while (sqlite3_step(stmt_) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(stmt_); ++c) {
        const auto* text = sqlite3_column_text(stmt_, c);
        if (text != nullptr) bytes += static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c));
      }
      ++rows;
    }
    sink_ += bytes;
    return rows;
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::size_t sink_ = 0;
};

std::vector<int> parse_list(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stoi(item));
  return out;
}

void require(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("check failed: " + what);
}

}  // namespace

int main(int argc, char** argv) try {
  std::string primary_url = std::getenv("LIBSQLSTORE_TEST_REMOTE_URL") != nullptr
                                ? std::getenv("LIBSQLSTORE_TEST_REMOTE_URL")
                                : "";
  int messages = 2000;
  int reads = 300;
  std::vector<int> writes = {1, 10, 100};
  fs::path dir = fs::temp_directory_path();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--primary" && i + 1 < argc) {
      primary_url = argv[++i];
    } else if (arg == "--messages" && i + 1 < argc) {
      messages = std::stoi(argv[++i]);
    } else if (arg == "--reads" && i + 1 < argc) {
      reads = std::stoi(argv[++i]);
    } else if (arg == "--writes" && i + 1 < argc) {
      writes = parse_list(argv[++i]);
    } else if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else {
      std::cerr << "usage: libsqlstore-replica-bench [--primary URL] [--messages N] [--reads R] "
                   "[--writes 1,10,100] [--dir DIR]\n";
      return 2;
    }
  }
  if (primary_url.empty()) {
    std::cerr << "libsqlstore-replica-bench: give --primary URL (a tursodb --sync-server), or "
                 "run bench/run_replica_bench.sh\n";
    return 2;
  }
  const std::string replica_path = (dir / "libsqlstore-replica-bench.db").string();
  for (const char* suffix : {"", "-replica", "-replica-pull", ".replica-new"})
    fs::remove(replica_path + suffix);

  // The primary: one long thread and a thread per 20 messages, through the remote backend.
  lss::LibSQLStore remote({.url = primary_url});
  remote.init();
  remote.save_thread({.id = "long",
                      .resourceId = "bench-resource",
                      .title = "the long thread",
                      .metadata = lss::Json::object(),
                      .createdAt = at(0),
                      .updatedAt = at(0)});
  std::vector<lss::Message> batch;
  for (int m = 0; m < messages; ++m) {
    batch.push_back(message("m" + std::to_string(m), "long", m));
    if (batch.size() == 250 || m + 1 == messages) {
      remote.save_messages(batch);
      batch.clear();
    }
  }

  // Bootstrap.
  lss::LibSQLStore replica({.url = "file:" + replica_path, .syncUrl = primary_url});
  double t0 = now_us();
  replica.init();
  const auto status = replica.replica_status().value();
  std::cout << lss::Json{{"phase", "bootstrap"},
                         {"messages", messages},
                         {"pages", status.pages},
                         {"ms", (now_us() - t0) / 1000}}
                   .dump()
            << "\n";

  // Reads, side by side.
  const int rounds = 3;
  const int remote_calls = std::max(1, reads / 10);  // a round trip each: fewer calls suffice
  const lss::MessagesQuery last40{.threadId = "long", .last = 40};
  require(replica.get_messages(last40).size() == 40, "the replica reads 40 messages");
  require(remote.get_messages(last40).size() == 40, "the remote store reads 40 messages");
  RawReader raw_thread(replica_path,
                       "SELECT id, resourceId, title, metadata, createdAt, updatedAt FROM "
                       "mastra_threads WHERE id = ?");
  RawReader raw_messages(replica_path,
                         "SELECT id, content, role, type, createdAt, thread_id AS threadId, "
                         "resourceId FROM mastra_messages WHERE thread_id = ? ORDER BY createdAt "
                         "DESC LIMIT 40");
  require(raw_messages.run("long") == 40, "raw SQLite reads 40 messages");
  struct Read {
    const char* phase;
    std::function<void()> remote, replica, raw;
  };
  const std::vector<Read> phases = {
      {"get_thread_by_id", [&] { require(remote.get_thread_by_id("long").has_value(), "thread"); },
       [&] { require(replica.get_thread_by_id("long").has_value(), "thread"); },
       [&] { require(raw_thread.run("long") == 1, "thread"); }},
      {"get_messages_last40", [&] { (void)remote.get_messages(last40); },
       [&] { (void)replica.get_messages(last40); }, [&] { (void)raw_messages.run("long"); }},
  };
  for (const auto& p : phases) {
    const double remote_us = median_us(rounds, remote_calls, p.remote);
    const double replica_us = median_us(rounds, reads, p.replica);
    const double raw_us = median_us(rounds, reads, p.raw);
    std::cout << lss::Json{{"phase", p.phase},
                           {"remote_us", remote_us},
                           {"replica_us", replica_us},
                           {"raw_sqlite_us", raw_us},
                           {"replica_vs_remote", remote_us / replica_us},
                           {"replica_vs_raw", raw_us / replica_us}}
                     .dump()
              << "\n";
  }

  // Writes: the replica's include the pull after them.
  int next_id = 0;
  auto a_thread = [&] {
    const std::string id = "w" + std::to_string(next_id++);
    return lss::Thread{.id = id,
                       .resourceId = "bench-resource",
                       .title = "written",
                       .metadata = lss::Json::object(),
                       .createdAt = at(next_id),
                       .updatedAt = at(next_id)};
  };
  const int write_calls = std::max(1, reads / 30);
  const double remote_write_us =
      median_us(rounds, write_calls, [&] { remote.save_thread(a_thread()); });
  const double replica_write_us =
      median_us(rounds, write_calls, [&] { replica.save_thread(a_thread()); });
  require(replica.get_thread_by_id("w" + std::to_string(next_id - 1)).has_value(),
          "the replica reads its last write");
  std::cout << lss::Json{{"phase", "save_thread"},
                         {"remote_us", remote_write_us},
                         {"replica_us", replica_write_us},
                         {"replica_vs_remote", remote_write_us / replica_write_us}}
                   .dump()
            << "\n";

  // The cost of catching up after N writes by another store.
  for (const int n : writes) {
    for (int i = 0; i < n; ++i) {
      remote.save_messages({message("s" + std::to_string(n) + "-" + std::to_string(i), "long",
                                    messages + 1000 * n + i)});
    }
    t0 = now_us();
    const auto pulled = replica.sync();
    const double ms = (now_us() - t0) / 1000;
    require(pulled.changed, "sync after writes changes the replica");
    std::cout << lss::Json{{"phase", "sync_after_writes"},
                           {"writes", n},
                           {"pages", pulled.pages},
                           {"ms", ms}}
                     .dump()
              << "\n";
  }
  t0 = now_us();
  const auto idle = replica.sync();
  require(!idle.changed, "a sync with nothing new changes nothing");
  std::cout << lss::Json{{"phase", "sync_nothing_new"}, {"ms", (now_us() - t0) / 1000}}.dump()
            << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "libsqlstore-replica-bench: " << e.what() << "\n";
  return 1;
}
