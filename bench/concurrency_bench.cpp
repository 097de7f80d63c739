// libsqlstore-concurrency-bench: many agents writing to one file (docs/performance.md, "Many
// writers"). T threads each save batches of 10 messages to their own thread through one
// LibSQLStore, with StoreOptions::groupCommit off and on, beside raw SQLite with one connection
// per thread running the same statements in BEGIN IMMEDIATE ... COMMIT. WAL, synchronous=FULL.
//
//   libsqlstore-concurrency-bench [--dir /tmp] [--calls 200] [--threads 1,4,16]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <libsqlstore/libsqlstore.hpp>
#include <sqlite3.h>

namespace lss = libsqlstore;
using Clock = std::chrono::steady_clock;

namespace {

std::string fresh(const std::string& dir, const std::string& name) {
  const auto path = dir + "/" + name;
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  return path;
}

std::vector<lss::Message> batch(const std::string& thread, int call) {
  std::vector<lss::Message> out;
  const auto t = lss::now();
  for (int i = 0; i < 10; ++i) {
    out.push_back(
        {.id = thread + "-" + std::to_string(call) + "-" + std::to_string(i),
         .role = i % 2 ? "assistant" : "user",
         .content = lss::Json::parse(
             R"({"format":2,"parts":[{"type":"text","text":"a message of some forty characters"}]})"),
         .createdAt = t,
         .threadId = thread,
         .resourceId = "r"});
  }
  return out;
}

/// The schema and the threads t0 .. t<threads-1> the writers save to.
void init_with_threads(lss::LibSQLStore& store, int threads) {
  store.init();
  for (int t = 0; t < threads; ++t) {
    const auto now = lss::now();
    store.save_thread({.id = "t" + std::to_string(t),
                       .resourceId = "r",
                       .title = "x",
                       .createdAt = now,
                       .updatedAt = now});
  }
}

double store_run(const std::string& path, int threads, int calls, bool group) {
  lss::LibSQLStore store({.url = "file:" + path, .groupCommit = group});
  init_with_threads(store, threads);
  std::vector<std::vector<std::vector<lss::Message>>> inputs(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    for (int c = 0; c < calls; ++c) inputs[t].push_back(batch("t" + std::to_string(t), c));
  }
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int c = 0; c < calls; ++c) store.save_messages(inputs[t][c]);
    });
  }
  for (auto& th : pool) th.join();
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  return threads * calls / s;
}

/// The same rows through raw SQLite: one connection per thread, BEGIN IMMEDIATE, the 10
/// inserts and the thread bump, COMMIT (what each save_messages call does).
double raw_run(const std::string& path, int threads, int calls) {
  {
    lss::LibSQLStore store({.url = "file:" + path});
    init_with_threads(store, threads);
  }
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  std::atomic<int> failures{0};
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      sqlite3* db = nullptr;
      sqlite3_open(path.c_str(), &db);
      sqlite3_busy_timeout(db, 60000);
      sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
      sqlite3_stmt* ins = nullptr;
      sqlite3_prepare_v2(db,
                         "INSERT INTO mastra_messages (id, thread_id, content, role, type, "
                         "createdAt, resourceId) VALUES (?, ?, ?, ?, 'v2', ?, 'r') ON CONFLICT(id) "
                         "DO UPDATE SET thread_id=excluded.thread_id, content=excluded.content, "
                         "role=excluded.role, type=excluded.type, resourceId=excluded.resourceId",
                         -1, &ins, nullptr);
      sqlite3_stmt* bump = nullptr;
      sqlite3_prepare_v2(db, "UPDATE mastra_threads SET updatedAt = ? WHERE id = ?", -1, &bump,
                         nullptr);
      const std::string thread = "t" + std::to_string(t);
      const std::string content =
          R"({"format":2,"parts":[{"type":"text","text":"a message of some forty characters"}]})";
      for (int c = 0; c < calls; ++c) {
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
          ++failures;
          continue;
        }
        for (int i = 0; i < 10; ++i) {
          const auto id = thread + "-" + std::to_string(c) + "-" + std::to_string(i);
          sqlite3_bind_text(ins, 1, id.c_str(), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text(ins, 2, thread.c_str(), -1, SQLITE_STATIC);
          sqlite3_bind_text(ins, 3, content.c_str(), -1, SQLITE_STATIC);
          sqlite3_bind_text(ins, 4, i % 2 ? "assistant" : "user", -1, SQLITE_STATIC);
          sqlite3_bind_text(ins, 5, "2025-01-01T00:00:00.000Z", -1, SQLITE_STATIC);
          sqlite3_step(ins);
          sqlite3_reset(ins);
        }
        sqlite3_bind_text(bump, 1, "2025-01-01T00:00:00.000Z", -1, SQLITE_STATIC);
        sqlite3_bind_text(bump, 2, thread.c_str(), -1, SQLITE_STATIC);
        sqlite3_step(bump);
        sqlite3_reset(bump);
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) ++failures;
      }
      sqlite3_finalize(ins);
      sqlite3_finalize(bump);
      sqlite3_close(db);
    });
  }
  for (auto& th : pool) th.join();
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  if (failures)
    throw std::runtime_error("raw SQLite: " + std::to_string(failures) + " failed calls");
  return threads * calls / s;
}

}  // namespace

int main(int argc, char** argv) try {
  std::string dir = "/tmp";
  int calls = 200;
  std::vector<int> thread_counts = {1, 4, 16};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const std::string v = argv[i + 1];
    if (k == "--dir") {
      dir = v;
    } else if (k == "--calls") {
      calls = std::stoi(v);
    } else if (k == "--threads") {
      thread_counts.clear();
      std::stringstream ss(v);
      for (std::string x; std::getline(ss, x, ',');) thread_counts.push_back(std::stoi(x));
    } else {
      throw std::runtime_error("unknown option " + k);
    }
  }
  for (int threads : thread_counts) {
    const double raw = raw_run(fresh(dir, "concurrency-raw.db"), threads, calls);
    const double off = store_run(fresh(dir, "concurrency-off.db"), threads, calls, false);
    const double on = store_run(fresh(dir, "concurrency-on.db"), threads, calls, true);
    lss::Json line = {
        {"phase", "concurrent_save_messages"}, {"threads", threads},
        {"calls_per_thread", calls},           {"raw_sqlite_calls_per_s", raw},
        {"libsqlstore_calls_per_s", off},      {"libsqlstore_group_commit_calls_per_s", on},
        {"group_commit_vs_raw", on / raw}};
    std::cout << line.dump() << std::endl;
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "libsqlstore-concurrency-bench: " << e.what() << "\n";
  return 1;
}
