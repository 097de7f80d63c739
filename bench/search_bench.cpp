// Keyword search at scale (docs/performance.md, "Keyword search"): one file of N messages in
// N/100 threads over 100 resources, text drawn from a Zipf-distributed vocabulary (a few words
// very common, most rare, as in conversation); then
//  - the index build (enable) on the full file, its rate and the index's size as a fraction of
//    the file;
//  - thread-, resource-scoped and unscoped search_messages (a page of 20 and the exact total),
//    latency percentiles, next to the hand-rolled alternative on the same file in the same run:
//    `content LIKE '%word%'` with the same scope, on a raw SQLite connection;
//  - save_messages (10 messages per call) on two fresh files, with and without search: the cost
//    of keeping the index (medians of three alternating rounds);
//  - save_messages (10 per call) into the full file, before enable and after it (the index as
//    enable() left it): what keeping an index built over existing data costs.
//
//   libsqlstore-search-bench [--messages 1000000] [--queries 200] [--writes 20000] [--dir DIR]
// One JSON object on stdout.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "libsqlstore/libsqlstore.hpp"

#include <sqlite3.h>

namespace lss = libsqlstore;

namespace {

constexpr std::int64_t kPerThread = 100;
constexpr std::int64_t kResources = 100;

double now_us() {
  return std::chrono::duration<double, std::micro>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// A vocabulary of pronounceable pseudo-words and a Zipf (s = 1) sampler over it.
class Vocabulary {
 public:
  explicit Vocabulary(std::size_t size) {
    static const char* kSyllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo",
                                       "ze", "po", "da", "fe", "gu", "hi", "jo", "be"};
    std::vector<double> weights;
    for (std::size_t i = 0; i < size; ++i) {
      std::string w;
      std::size_t n = i + 17;
      do {
        w += kSyllables[n % 16];
        n /= 16;
      } while (n > 0);
      words_.push_back(w);
      weights.push_back(1.0 / static_cast<double>(i + 1));
    }
    dist_ = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
  }
  const std::string& draw(std::mt19937_64& rng) { return words_[dist_(rng)]; }
  const std::string& at(std::size_t rank) const { return words_.at(rank); }

 private:
  std::vector<std::string> words_;
  std::discrete_distribution<std::size_t> dist_;
};

std::string sentence(Vocabulary& v, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> length(8, 40);
  std::string out;
  for (int n = length(rng), i = 0; i < n; ++i) {
    if (i > 0) out += ' ';
    out += v.draw(rng);
  }
  return out;
}

std::string thread_id(std::int64_t t) { return "thread-" + std::to_string(t); }
std::string resource_id(std::int64_t t) { return "resource-" + std::to_string(t % kResources); }

lss::Message message(std::int64_t t, std::int64_t m, std::string text) {
  const auto base = lss::Timestamp{std::chrono::milliseconds{1'735'689'600'000}};
  lss::Message msg;
  msg.id = thread_id(t) + "-m" + std::to_string(m);
  msg.role = m % 2 == 0 ? "user" : "assistant";
  msg.threadId = thread_id(t);
  msg.resourceId = resource_id(t);
  msg.createdAt = base + std::chrono::seconds{t} + std::chrono::milliseconds{m};
  msg.content = lss::Json{
      {"format", 2}, {"parts", lss::Json::array({{{"type", "text"}, {"text", std::move(text)}}})}};
  return msg;
}

void fill(lss::LibSQLStore& store, std::int64_t threads, Vocabulary& v, std::mt19937_64& rng) {
  for (std::int64_t t = 0; t < threads; ++t) {
    const auto stamp = lss::Timestamp{std::chrono::milliseconds{1'735'689'600'000}};
    store.save_thread({.id = thread_id(t),
                       .resourceId = resource_id(t),
                       .title = sentence(v, rng).substr(0, 40),
                       .metadata = nullptr,
                       .createdAt = stamp,
                       .updatedAt = stamp});
    std::vector<lss::Message> batch;
    batch.reserve(kPerThread);
    for (std::int64_t m = 0; m < kPerThread; ++m) batch.push_back(message(t, m, sentence(v, rng)));
    store.save_messages(batch);
  }
}

/// Messages saved per second into the full file: `calls` calls of 10 new messages each, on
/// threads drawn from those that exist, numbered from `first` within their thread (fill()
/// numbers from 0 to kPerThread - 1).
double grow_rate(lss::LibSQLStore& store, std::int64_t threads, std::int64_t calls,
                 std::int64_t first, Vocabulary& v) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(first));
  std::uniform_int_distribution<std::int64_t> pick(0, threads - 1);
  std::vector<std::vector<lss::Message>> batches;
  for (std::int64_t c = 0; c < calls; ++c) {
    const std::int64_t t = pick(rng);
    std::vector<lss::Message> batch;
    for (std::int64_t j = 0; j < 10; ++j) {
      batch.push_back(message(t, first + c * 10 + j, sentence(v, rng)));
    }
    batches.push_back(std::move(batch));
  }
  const double start = now_us();
  for (const auto& b : batches) store.save_messages(b);
  return static_cast<double>(calls * 10) / ((now_us() - start) / 1e6);
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

lss::Json json_of(const Percentiles& p) { return {{"p50", p.p50}, {"p90", p.p90}, {"p99", p.p99}}; }

/// The hand-rolled alternative: a page of 20 and the total, with LIKE, on a raw connection.
class LikeScan {
 public:
  explicit LikeScan(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + path);
    }
  }
  ~LikeScan() { sqlite3_close_v2(db_); }
  LikeScan(const LikeScan&) = delete;
  LikeScan& operator=(const LikeScan&) = delete;

  /// `scope` is "", "thread_id = ?" or "resourceId = ?".
  std::int64_t run(const std::string& scope, const std::string& scope_value,
                   const std::string& word) {
    const std::string where =
        " WHERE content LIKE ?1" + (scope.empty() ? std::string() : " AND " + scope);
    std::int64_t total = 0;
    for (const std::string& sql : {"SELECT count(*) FROM mastra_messages" + where,
                                   "SELECT id, content FROM mastra_messages" + where +
                                       " ORDER BY createdAt DESC LIMIT 20"}) {
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
        throw std::runtime_error(sqlite3_errmsg(db_));
      }
      const std::string pattern = "%" + word + "%";
      sqlite3_bind_text(stmt, 1, pattern.c_str(), -1, SQLITE_TRANSIENT);
      if (!scope.empty()) sqlite3_bind_text(stmt, 2, scope_value.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        if (total == 0) total = sqlite3_column_int64(stmt, 0);
      }
      sqlite3_finalize(stmt);
    }
    return total;
  }

  std::int64_t pages(const std::string& like) {
    sqlite3_stmt* stmt = nullptr;
    const std::string sql =
        "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE '" + like + "'";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return -1;
    std::int64_t out = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) out = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

/// Messages saved per second, 10 per call, on a fresh file with or without search.
double write_rate(const std::string& path, bool search, std::int64_t messages, Vocabulary& v) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  lss::LibSQLStore store({.url = "file:" + path});
  store.init();
  if (search) store.search().enable();
  std::mt19937_64 rng(7);
  std::vector<std::vector<lss::Message>> batches;
  for (std::int64_t i = 0; i < messages; i += 10) {
    std::vector<lss::Message> batch;
    const std::int64_t t = i / kPerThread;
    for (std::int64_t j = 0; j < 10; ++j) batch.push_back(message(t, i + j, sentence(v, rng)));
    batches.push_back(std::move(batch));
  }
  for (std::int64_t t = 0; t <= messages / kPerThread; ++t) {
    store.save_thread({thread_id(t), resource_id(t), "t", nullptr, {}, {}});
  }
  const double start = now_us();
  for (const auto& b : batches) store.save_messages(b);
  return static_cast<double>(messages) / ((now_us() - start) / 1e6);
}

/// The same writes on a raw connection (the physical limit of this design): the store's upsert,
/// 10 rows per BEGIN IMMEDIATE ... COMMIT, WAL and synchronous=FULL as the store sets them, on a
/// file whose schema (and, with `search`, whose FTS tables and triggers) the store created.
double raw_write_rate(const std::string& path, bool search, std::int64_t messages, Vocabulary& v) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  {
    lss::LibSQLStore store({.url = "file:" + path});
    store.init();
    if (search) store.search().enable();
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
  sqlite3_stmt* insert = nullptr;
  const char* sql =
      "INSERT INTO mastra_messages (id, thread_id, content, role, type, createdAt, resourceId) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET thread_id = "
      "excluded.thread_id, content = excluded.content, role = excluded.role, type = "
      "excluded.type, resourceId = excluded.resourceId";
  if (sqlite3_prepare_v2(db, sql, -1, &insert, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sqlite3_errmsg(db));
  }
  std::mt19937_64 rng(7);
  std::vector<std::string> contents;
  for (std::int64_t i = 0; i < messages; ++i) {
    contents.push_back(R"({"format":2,"parts":[{"type":"text","text":")" + sentence(v, rng) +
                       R"("}]})");
  }
  const double start = now_us();
  for (std::int64_t i = 0; i < messages; i += 10) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (std::int64_t j = i; j < std::min(messages, i + 10); ++j) {
      const std::string id = "m" + std::to_string(j);
      const std::string thread = thread_id(j / kPerThread);
      const std::string resource = resource_id(j / kPerThread);
      sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 2, thread.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 3, contents[static_cast<std::size_t>(j)].c_str(), -1,
                        SQLITE_STATIC);
      sqlite3_bind_text(insert, 4, "user", -1, SQLITE_STATIC);
      sqlite3_bind_text(insert, 5, "v2", -1, SQLITE_STATIC);
      sqlite3_bind_text(insert, 6, "2025-01-01T00:00:00.000Z", -1, SQLITE_STATIC);
      sqlite3_bind_text(insert, 7, resource.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(insert) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db));
      sqlite3_reset(insert);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  const double rate = static_cast<double>(messages) / ((now_us() - start) / 1e6);
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return rate;
}

}  // namespace

int main(int argc, char** argv) try {
  std::int64_t messages = 1'000'000;
  std::int64_t queries = 200;
  std::int64_t writes = 20'000;
  std::filesystem::path dir = std::filesystem::temp_directory_path();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--messages" && i + 1 < argc) {
      messages = std::stoll(argv[++i]);
    } else if (arg == "--queries" && i + 1 < argc) {
      queries = std::stoll(argv[++i]);
    } else if (arg == "--writes" && i + 1 < argc) {
      writes = std::stoll(argv[++i]);
    } else if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else {
      std::cerr << "usage: libsqlstore-search-bench [--messages N] [--queries Q] [--writes W] "
                   "[--dir DIR]\n";
      return 2;
    }
  }
  Vocabulary vocabulary(20'000);
  std::mt19937_64 rng(42);
  const std::int64_t threads = std::max<std::int64_t>(1, messages / kPerThread);
  const std::string path = (dir / "libsqlstore-search-bench.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

  lss::Json out = {{"messages", threads * kPerThread}, {"threads", threads}};
  lss::LibSQLStore store({.url = "file:" + path});
  store.init();
  double t0 = now_us();
  fill(store, threads, vocabulary, rng);
  out["fill_seconds"] = (now_us() - t0) / 1e6;
  const auto data_bytes = std::filesystem::file_size(path);
  constexpr std::int64_t kGrowCalls = 1000;  // 10 000 messages, numbered apart from fill()'s
  const double grow_without = grow_rate(store, threads, kGrowCalls, 1'000'000, vocabulary);

  t0 = now_us();
  const auto status = store.search().enable({.batchSize = 5000});
  const double build_s = (now_us() - t0) / 1e6;
  out["enable_seconds"] = build_s;
  out["enable_messages_per_second"] = static_cast<double>(status.messages) / build_s;
  {
    LikeScan sizes(path);
    const auto index = sizes.pages("libsqlstore_search_messages%");
    const auto table = sizes.pages("mastra_messages");
    out["index_bytes"] = index;
    out["messages_table_bytes"] = table;
    out["index_over_messages_table"] =
        table > 0 ? static_cast<double>(index) / static_cast<double>(table) : 0.0;
  }
  out["file_bytes_before_enable"] = data_bytes;

  // Query words: ranks 50..2000 of the vocabulary (neither stop words nor one-offs).
  std::uniform_int_distribution<std::size_t> rank(50, 2000);
  std::uniform_int_distribution<std::int64_t> pick_thread(0, threads - 1);
  struct Q {
    std::string word;
    std::int64_t thread;
  };
  std::vector<Q> qs;
  for (std::int64_t i = 0; i < queries; ++i)
    qs.push_back({vocabulary.at(rank(rng)), pick_thread(rng)});

  LikeScan like(path);
  struct Scope {
    const char* name;
    const char* like_scope;
  };
  for (const Scope scope : {Scope{"thread", "thread_id = ?2"}, Scope{"resource", "resourceId = ?2"},
                            Scope{"unscoped", ""}}) {
    std::vector<double> ours;
    std::vector<double> theirs;
    std::int64_t hits = 0;
    const bool slow_like = std::string(scope.name) != "thread";
    std::int64_t like_runs = 0;
    for (const auto& q : qs) {
      lss::MessageSearchQuery sq{.query = q.word};
      std::string scope_value;
      if (std::string(scope.name) == "thread") {
        sq.threadId = scope_value = thread_id(q.thread);
      } else if (std::string(scope.name) == "resource") {
        sq.resourceId = scope_value = resource_id(q.thread);
      }
      const double a = now_us();
      const auto page = store.search_messages(sq);
      const double b = now_us();
      ours.push_back(b - a);
      hits += page.total;
      // The LIKE scan reads the whole table when not scoped to a thread: a sample is enough.
      if (!slow_like || like_runs < 10) {
        const double c = now_us();
        like.run(scope.like_scope, scope_value, q.word);
        theirs.push_back(now_us() - c);
        ++like_runs;
      }
    }
    const auto o = percentiles(ours);
    const auto l = percentiles(theirs);
    out[scope.name] = {{"search_us", json_of(o)},
                       {"like_us", json_of(l)},
                       {"mean_hits", static_cast<double>(hits) / static_cast<double>(qs.size())},
                       {"p50_like_over_search", l.p50 / o.p50}};
  }

  {
    const double grow_with = grow_rate(store, threads, kGrowCalls, 2'000'000, vocabulary);
    out["save_messages_into_the_full_file_per_second"] = {
        {"before_enable", grow_without},
        {"after_enable", grow_with},
        {"slowdown", 1.0 - grow_with / grow_without}};
  }

  if (writes > 0) {
    // Three rounds, alternating, medians: one run of each is at the mercy of the page cache.
    std::vector<double> without_runs;
    std::vector<double> with_runs;
    std::vector<double> raw_without_runs;
    std::vector<double> raw_with_runs;
    const auto w0 = (dir / "libsqlstore-search-w0.db").string();
    const auto w1 = (dir / "libsqlstore-search-w1.db").string();
    for (int round = 0; round < 3; ++round) {
      without_runs.push_back(write_rate(w0, false, writes, vocabulary));
      with_runs.push_back(write_rate(w1, true, writes, vocabulary));
      raw_without_runs.push_back(raw_write_rate(w0, false, writes, vocabulary));
      raw_with_runs.push_back(raw_write_rate(w1, true, writes, vocabulary));
    }
    auto median = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      return v[v.size() / 2];
    };
    const double without = median(without_runs);
    const double with = median(with_runs);
    const double raw_without = median(raw_without_runs);
    const double raw_with = median(raw_with_runs);
    out["save_messages_per_second"] = {
        {"without_search", without}, {"with_search", with}, {"slowdown", 1.0 - with / without}};
    out["raw_sqlite_inserts_per_second"] = {{"without_fts", raw_without},
                                            {"with_fts_triggers", raw_with},
                                            {"slowdown", 1.0 - raw_with / raw_without}};
    for (const auto& scratch : {w0, w1}) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(scratch + suffix);
    }
  }
  std::cout << out.dump() << std::endl;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "libsqlstore-search-bench: " << e.what() << "\n";
  return 1;
}
