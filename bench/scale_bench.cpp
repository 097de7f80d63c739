// get_messages(last 40) as the database grows (docs/performance.md, "Scale"): one file filled to
// each size in turn (100 messages per thread, so only the database grows, not the thread), then
// random threads read; latency percentiles of libsqlstore and of raw SQLite running the same
// query on the same file, and the file's size. The read must stay flat: it is an index range
// scan of (thread_id, createdAt), O(log n) in the number of messages.
//
//   libsqlstore-scale-bench [--sizes 10000,100000,1000000] [--reads 2000] [--file PATH]
// One JSON line per size on stdout.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "libsqlstore/libsqlstore.hpp"

#include <sqlite3.h>

namespace lss = libsqlstore;

namespace {

constexpr std::int64_t kPerThread = 100;
constexpr std::int64_t kLast = 40;

double now_us() {
  return std::chrono::duration<double, std::micro>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string thread_id(std::int64_t t) { return "thread-" + std::to_string(t); }

// Threads [from, to) with kPerThread messages each, one save per thread.
void fill(lss::LibSQLStore& store, std::int64_t from, std::int64_t to) {
  const auto base = lss::Timestamp{std::chrono::milliseconds{1'735'689'600'000}};
  for (std::int64_t t = from; t < to; ++t) {
    const auto stamp = base + std::chrono::seconds{t};
    store.save_thread({.id = thread_id(t),
                       .resourceId = "resource-" + std::to_string(t % 100),
                       .title = "Thread " + std::to_string(t),
                       .metadata = nullptr,
                       .createdAt = stamp,
                       .updatedAt = stamp});
    std::vector<lss::Message> batch;
    batch.reserve(kPerThread);
    for (std::int64_t m = 0; m < kPerThread; ++m) {
      lss::Message msg;
      msg.id = thread_id(t) + "-m" + std::to_string(m);
      msg.role = m % 2 == 0 ? "user" : "assistant";
      msg.threadId = thread_id(t);
      msg.resourceId = "resource-" + std::to_string(t % 100);
      msg.createdAt = stamp + std::chrono::milliseconds{m};
      msg.content = lss::Json{
          {"format", 2},
          {"parts",
           lss::Json::array(
               {{{"type", "text"},
                 {"text", "message " + std::to_string(m) + " of thread " + std::to_string(t) +
                              ": the user asks about the flight and the "
                              "assistant answers with the booking details"}}})}};
      batch.push_back(std::move(msg));
    }
    store.save_messages(batch);
  }
}

struct Percentiles {
  double p50 = 0, p90 = 0, p99 = 0;
};

Percentiles percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
  };
  return {at(0.5), at(0.9), at(0.99)};
}

// The store's query on a raw connection: step every row, touch every column.
class RawReader {
 public:
  explicit RawReader(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + path);
    }
    const char* sql =
        "SELECT id, content, role, type, createdAt, thread_id, resourceId, rowid FROM "
        "mastra_messages WHERE thread_id = ? ORDER BY createdAt DESC, rowid DESC LIMIT ?";
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sqlite3_errmsg(db_));
    }
  }
  ~RawReader() {
    sqlite3_finalize(stmt_);
    sqlite3_close_v2(db_);
  }
  RawReader(const RawReader&) = delete;
  RawReader& operator=(const RawReader&) = delete;

  std::int64_t read(const std::string& thread) {
    sqlite3_bind_text(stmt_, 1, thread.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt_, 2, kLast);
    std::int64_t rows = 0;
    std::size_t bytes = 0;
    while (sqlite3_step(stmt_) == SQLITE_ROW) {
      for (int c = 0; c < 8; ++c) bytes += static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c));
      ++rows;
    }
    sqlite3_reset(stmt_);
    return bytes > 0 ? rows : 0;
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

std::vector<std::int64_t> parse_sizes(const std::string& text) {
  std::vector<std::int64_t> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::stoll(item));
  return out;
}

}  // namespace

int main(int argc, char** argv) try {
  std::vector<std::int64_t> sizes = {10'000, 100'000, 1'000'000};
  std::int64_t reads = 2000;
  std::string path = (std::filesystem::temp_directory_path() / "libsqlstore-scale.db").string();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--sizes" && i + 1 < argc) {
      sizes = parse_sizes(argv[++i]);
    } else if (arg == "--reads" && i + 1 < argc) {
      reads = std::stoll(argv[++i]);
    } else if (arg == "--file" && i + 1 < argc) {
      path = argv[++i];
    } else {
      std::cerr << "usage: libsqlstore-scale-bench [--sizes N,N,...] [--reads R] [--file PATH]\n";
      return 2;
    }
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

  lss::LibSQLStore store({.url = "file:" + path});
  store.init();
  std::mt19937_64 rng(42);
  std::int64_t threads = 0;
  for (const auto size : sizes) {
    const std::int64_t want = std::max<std::int64_t>(1, size / kPerThread);
    const double t_fill = now_us();
    fill(store, threads, want);
    threads = std::max(threads, want);
    const double fill_s = (now_us() - t_fill) / 1e6;

    std::vector<std::string> picks;
    picks.reserve(static_cast<std::size_t>(reads));
    std::uniform_int_distribution<std::int64_t> pick(0, threads - 1);
    for (std::int64_t i = 0; i < reads; ++i) picks.push_back(thread_id(pick(rng)));

    std::vector<double> ours;
    std::vector<double> raw;
    ours.reserve(picks.size());
    raw.reserve(picks.size());
    RawReader reader(path);
    for (const auto& t : picks) {  // one warm pass each
      store.get_messages({.threadId = t, .last = kLast});
      reader.read(t);
    }
    for (const auto& t : picks) {
      const double a = now_us();
      const auto got = store.get_messages({.threadId = t, .last = kLast});
      const double b = now_us();
      const auto rows = reader.read(t);
      const double c = now_us();
      if (static_cast<std::int64_t>(got.size()) != kLast || rows != kLast) {
        throw std::runtime_error("short read on " + t);
      }
      ours.push_back(b - a);
      raw.push_back(c - b);
    }
    const auto o = percentiles(ours);
    const auto r = percentiles(raw);
    std::cout << lss::Json{{"messages", threads * kPerThread},
                           {"threads", threads},
                           {"file_bytes", std::filesystem::file_size(path)},
                           {"fill_seconds", fill_s},
                           {"get_messages_us", {{"p50", o.p50}, {"p90", o.p90}, {"p99", o.p99}}},
                           {"raw_sqlite_us", {{"p50", r.p50}, {"p90", r.p90}, {"p99", r.p99}}},
                           {"p50_ratio_raw_over_ours", r.p50 / o.p50}}
                     .dump()
              << std::endl;
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "libsqlstore-scale-bench: " << e.what() << "\n";
  return 1;
}
