// libsqlstore-vector-bench: the vector workload of semantic recall (docs/performance.md,
// "Vectors"), through LibSQLVector's public API, beside the reference's verbatim SQL run on the
// same file through libSQL's functions (the query vector inlined as text: what the reference
// sends), in one run. bench/vector_peer.mjs runs the reference itself on the file this writes.
//
//   libsqlstore-vector-bench [--n 100000] [--dim 768] [--queries 20] [--file PATH]
//
// Data: seeded clustered Gaussian vectors; metadata as Mastra Memory writes it
// ({message_id, thread_id, resource_id}), 100 vectors per thread, 10 resources. Phases: upsert
// (batches of 1000 per call), unfiltered / thread-scoped / resource-scoped top-10, exact recall@10
// against an independent double-precision brute force, resident memory over the queries. Prints
// one JSON line per phase and writes PATH.queries.json (the query vectors and thread/resource ids,
// for the peer).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <libsqlstore/libsqlstore.hpp>
#include <sqlite3.h>

#include "backends/sqlite/vector_functions.hpp"

namespace lss = libsqlstore;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
  std::size_t n = 100000;
  std::size_t dim = 768;
  std::size_t queries = 20;
  std::string file = "/tmp/libsqlstore-vector-bench.db";
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const std::string v = argv[i + 1];
    if (k == "--n")
      a.n = std::stoul(v);
    else if (k == "--dim")
      a.dim = std::stoul(v);
    else if (k == "--queries")
      a.queries = std::stoul(v);
    else if (k == "--file")
      a.file = v;
    else
      throw std::runtime_error("unknown option " + k);
  }
  return a;
}

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

long resident_kb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0;
  long resident = 0;
  statm >> pages >> resident;
  return resident * 4;
}

/// Clustered data: 64 centres, each vector a centre plus noise.
class Data {
 public:
  Data(std::size_t dim, std::uint32_t seed) : dim_(dim), rng_(seed) {
    std::normal_distribution<float> g;
    centres_.resize(64, std::vector<float>(dim));
    for (auto& c : centres_) {
      for (auto& x : c) x = g(rng_);
    }
  }
  std::vector<float> next() {
    std::normal_distribution<float> g(0.0f, 0.6f);
    const auto& c = centres_[std::uniform_int_distribution<std::size_t>(0, 63)(rng_)];
    std::vector<float> v(dim_);
    for (std::size_t i = 0; i < dim_; ++i) v[i] = c[i] + g(rng_);
    return v;
  }

 private:
  std::size_t dim_;
  std::mt19937 rng_;
  std::vector<std::vector<float>> centres_;
};

std::string thread_of(std::size_t i) { return "thread-" + std::to_string(i / 100); }
std::string resource_of(std::size_t i) { return "resource-" + std::to_string(i % 10); }

void line(const std::string& phase, const lss::Json& fields) {
  lss::Json j = {{"impl", "libsqlstore"}, {"phase", phase}};
  for (const auto& [k, v] : fields.items()) j[k] = v;
  std::cout << j.dump() << std::endl;
}

/// The reference's query, verbatim (the vector inlined as JavaScript prints it), on a raw SQLite
/// connection carrying libsqlstore's registration of libSQL's functions: the SQL-path baseline.
class VerbatimSql {
 public:
  explicit VerbatimSql(const std::string& path) {
    sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr);
    lss::sqlite::register_vector_functions(db_);
  }
  ~VerbatimSql() { sqlite3_close(db_); }
  sqlite3* db() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

std::string js_literal(const std::vector<float>& q) {
  std::string s = "[";
  char buf[64];
  for (std::size_t i = 0; i < q.size(); ++i) {
    const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<double>(q[i]));
    if (i) s += ',';
    s.append(buf, r.ptr);
  }
  return s + "]";
}

}  // namespace

int main(int argc, char** argv) try {
  const Args a = parse(argc, argv);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(a.file + suffix);
  const std::string index = "memory_messages_" + std::to_string(a.dim);
  lss::LibSQLVector vectors(lss::StoreOptions{.url = "file:" + a.file});
  vectors.create_index({.indexName = index, .dimension = static_cast<std::int64_t>(a.dim)});

  // ---- upsert --------------------------------------------------------------------------------
  Data data(a.dim, 42);
  std::vector<std::vector<float>> all;
  all.reserve(a.n);
  double upsert_ms = 0;
  for (std::size_t start = 0; start < a.n; start += 1000) {
    lss::UpsertParams up{.indexName = index};
    for (std::size_t i = start; i < std::min(a.n, start + 1000); ++i) {
      up.vectors.push_back(data.next());
      up.ids.push_back("msg-" + std::to_string(i));
      up.metadata.push_back({{"message_id", "msg-" + std::to_string(i)},
                             {"thread_id", thread_of(i)},
                             {"resource_id", resource_of(i)}});
    }
    const auto t = Clock::now();
    vectors.upsert(up);
    upsert_ms += ms_since(t);
    for (auto& v : up.vectors) all.push_back(std::move(v));
  }
  line("upsert", {{"n", a.n},
                  {"dim", a.dim},
                  {"ms", upsert_ms},
                  {"vectors_per_s", static_cast<double>(a.n) / (upsert_ms / 1000)}});

  // ---- queries ------------------------------------------------------------------------------
  Data qdata(a.dim, 4242);
  std::vector<std::vector<float>> qs;
  for (std::size_t i = 0; i < a.queries; ++i) qs.push_back(qdata.next());
  std::mt19937 pick(7);
  std::vector<std::string> threads;
  std::vector<std::string> resources;
  for (std::size_t i = 0; i < a.queries; ++i) {
    const auto row = std::uniform_int_distribution<std::size_t>(0, a.n - 1)(pick);
    threads.push_back(thread_of(row));
    resources.push_back(resource_of(row));
  }
  {
    lss::Json out = {{"index", index}, {"dim", a.dim},       {"n", a.n},
                     {"queries", qs},  {"threads", threads}, {"resources", resources}};
    std::ofstream(a.file + ".queries.json") << out.dump();
  }
  auto run = [&](const char* phase, auto filter_of) {
    std::vector<double> times;
    const long rss_before = resident_kb();
    std::size_t hits = 0;
    for (std::size_t i = 0; i < qs.size(); ++i) {
      const auto t = Clock::now();
      const auto r = vectors.query(
          {.indexName = index, .queryVector = qs[i], .topK = 10, .filter = filter_of(i)});
      times.push_back(ms_since(t));
      hits += r.size();
    }
    line(phase, {{"n", a.n},
                 {"dim", a.dim},
                 {"queries", qs.size()},
                 {"median_ms", median(times)},
                 {"hits", hits},
                 {"rss_growth_kb", resident_kb() - rss_before}});
    return median(times);
  };
  run("query_unfiltered", [](std::size_t) { return lss::Json(); });
  run("query_thread", [&](std::size_t i) { return lss::Json{{"thread_id", threads[i]}}; });
  run("query_resource", [&](std::size_t i) { return lss::Json{{"resource_id", resources[i]}}; });

  // ---- memory flat in the number of queries ---------------------------------------------------
  {
    const long before = resident_kb();
    for (int round = 0; round < 5; ++round) {
      for (const auto& q : qs) vectors.query({.indexName = index, .queryVector = q, .topK = 10});
    }
    line("memory", {{"queries", qs.size() * 5},
                    {"rss_growth_kb", resident_kb() - before},
                    {"rss_kb", resident_kb()}});
  }

  // ---- recall@10 against an independent double-precision brute force ------------------------
  {
    double recall = 0;
    const std::size_t checked = std::min<std::size_t>(qs.size(), 10);
    for (std::size_t qi = 0; qi < checked; ++qi) {
      const auto& q = qs[qi];
      double qn = 0;
      for (float x : q) qn += static_cast<double>(x) * x;
      std::vector<std::pair<double, std::size_t>> exact;
      exact.reserve(all.size());
      for (std::size_t r = 0; r < all.size(); ++r) {
        double dot = 0;
        double rn = 0;
        for (std::size_t i = 0; i < a.dim; ++i) {
          dot += static_cast<double>(all[r][i]) * q[i];
          rn += static_cast<double>(all[r][i]) * all[r][i];
        }
        exact.emplace_back(dot / std::sqrt(qn * rn), r);
      }
      std::partial_sort(exact.begin(), exact.begin() + 10, exact.end(),
                        [](auto& x, auto& y) { return x.first > y.first; });
      const double tenth = exact[9].first;
      const auto got = vectors.query({.indexName = index, .queryVector = q, .topK = 10});
      std::size_t found = 0;
      for (const auto& h : got) {
        const auto r = std::stoul(h.id.substr(4));
        double dot = 0;
        double rn = 0;
        for (std::size_t i = 0; i < a.dim; ++i) {
          dot += static_cast<double>(all[r][i]) * q[i];
          rn += static_cast<double>(all[r][i]) * all[r][i];
        }
        // A hit counts when it is one of the true top 10 (ties within 1e-6 are equal).
        if (dot / std::sqrt(qn * rn) >= tenth - 1e-6) ++found;
      }
      recall += static_cast<double>(found) / 10;
    }
    line("recall_at_10", {{"queries", checked}, {"recall", recall / static_cast<double>(checked)}});
  }

  // ---- the verbatim reference SQL on the same file (the SQL-path baseline) -------------------
  {
    VerbatimSql raw(a.file);
    auto verbatim = [&](const char* phase, bool thread) {
      std::vector<double> times;
      for (std::size_t i = 0; i < std::min<std::size_t>(qs.size(), 10); ++i) {
        const std::string sql =
            "WITH vector_scores AS (SELECT vector_id as id, (1-vector_distance_cos(embedding, '" +
            js_literal(qs[i]) + "')) as score, metadata FROM " + index +
            (thread
                 ? " WHERE CASE WHEN ? IS NULL THEN json_extract(metadata, '$.thread_id') IS NULL "
                   "ELSE json_extract(metadata, '$.thread_id') = ? END"
                 : "") +
            ") SELECT * FROM vector_scores WHERE score > ? ORDER BY score DESC LIMIT ?";
        const auto t = Clock::now();
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(raw.db(), sql.c_str(), -1, &s, nullptr);
        int p = 1;
        if (thread) {
          sqlite3_bind_text(s, p++, threads[i].c_str(), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text(s, p++, threads[i].c_str(), -1, SQLITE_TRANSIENT);
        }
        sqlite3_bind_double(s, p++, -1);
        sqlite3_bind_int(s, p, 10);
        while (sqlite3_step(s) == SQLITE_ROW) {
        }
        sqlite3_finalize(s);
        times.push_back(ms_since(t));
      }
      line(phase,
           {{"impl", "verbatim-sql"}, {"n", a.n}, {"dim", a.dim}, {"median_ms", median(times)}});
    };
    verbatim("query_unfiltered", false);
    verbatim("query_thread", true);
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "libsqlstore-vector-bench: " << e.what() << "\n";
  return 1;
}
