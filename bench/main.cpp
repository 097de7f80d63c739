// libsqlstore-bench: the "mastra-storage/1" benchmark (phases a–h) driven through libsqlstore's
// public API, printing the JSON lines of the peer benchmark so the results sit in the same tables
// as @mastra/libsql and raw SQLite (see docs/performance.md).
//
//   libsqlstore-bench file:/tmp/mastra-bench/cpp.db 10000
//   libsqlstore-bench :memory: 10000
//   libsqlstore-bench --dump 1000        # generator samples, identical to `node workload.mjs dump`
//
// Only the storage calls are timed; inputs are generated outside the timed regions. Every phase
// checks its results as the peer does, and a failed check exits with status 1.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include <libsqlstore/libsqlstore.hpp>

#include "report.hpp"
#include "sqlite_probe.hpp"
#include "workload.hpp"

namespace lss = libsqlstore;
namespace wl = libsqlstore::bench;

namespace {

struct CheckFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void check(bool ok, const std::string& what) {
  if (!ok) throw CheckFailed(what);
}

/// The file a `file:` URL names ("file:/abs", "file:rel", "file:///abs"), or nullopt.
std::optional<std::filesystem::path> file_path(const std::string& url) {
  if (url.rfind("file:", 0) != 0) return std::nullopt;
  std::string path = url.substr(5);
  if (path.rfind("//", 0) == 0) path.erase(0, 2);
  if (const auto q = path.find('?'); q != std::string::npos) path.erase(q);
  return std::filesystem::path(path);
}

std::int64_t bytes_on_disk(const std::filesystem::path& p) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(p, ec);
  return ec ? 0 : static_cast<std::int64_t>(size);
}

std::filesystem::path with_suffix(const std::filesystem::path& p, const char* suffix) {
  return std::filesystem::path(p.string() + suffix);
}

class Run {
 public:
  Run(std::string url, std::int64_t n)
      : url_(std::move(url)),
        path_(file_path(url_)),
        sizes_(wl::Sizes::of(n)),
        report_(std::string("libsqlstore@") + lss::kVersion, url_, n) {}

  void all() {
    report_.meta(versions());
    if (path_) {
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::filesystem::remove(with_suffix(*path_, suffix));
      }
    }
    // Opening the connection is not timed (the peer opens it in its constructor); a_init is.
    wl::ConnectionCapture capture;
    lss::StoreOptions options;
    options.url = url_;
    lss::LibSQLStore store(options);
    probe_ = wl::ConnectionProbe(capture.connection());

    init(store);
    save_threads(store);
    save_messages(store);
    get_messages(store);
    list_threads(store);
    snapshots(store);
    update_working_memory(store);
    update_messages(store);
    db_size();
  }

 private:
  lss::Json versions() const {
    lss::Json v = lss::Json::object();
    v["libsqlstore"] = lss::kVersion;
    v["sqlite"] = wl::sqlite_version();
    v["compiler"] = std::string("g++ ") + __VERSION__;
#ifdef NDEBUG
    v["assertions"] = false;
#else
    v["assertions"] = true;
#endif
    // init() adds (thread_id, createdAt) on messages and (resourceId, createdAt) on threads.
    v["index"] = true;
    return v;
  }

  void init(lss::LibSQLStore& store) {
    const double t0 = wl::now_seconds();
    store.init();
    report_.phase("a_init", 1, 1, wl::now_seconds() - t0);
    if (probe_) {
      const auto tables = probe_.query_int("SELECT count(*) FROM sqlite_master WHERE type='table'");
      check(tables == 7, "expected 7 tables, got " + std::to_string(tables));
    }
  }

  void save_threads(lss::LibSQLStore& store) {
    threads_.reserve(static_cast<std::size_t>(sizes_.threads));
    for (std::int64_t t = 0; t < sizes_.threads; ++t) threads_.push_back(wl::thread(t));
    const double t0 = wl::now_seconds();
    for (const auto& thread : threads_) store.save_thread(thread);
    report_.phase("b_save_thread", sizes_.threads, sizes_.threads, wl::now_seconds() - t0);
  }

  void save_messages(lss::LibSQLStore& store) {
    double spent = 0;
    std::vector<lss::Message> batch;
    batch.reserve(10);
    for (std::int64_t b = 0; b < sizes_.batches; ++b) {
      const auto& owner = threads_[static_cast<std::size_t>(wl::batch_thread(b, sizes_))];
      batch.clear();
      for (std::int64_t j = 0; j < 10; ++j) batch.push_back(wl::message(b * 10 + j, owner));
      const double s = wl::now_seconds();
      const auto saved = store.save_messages(batch);
      spent += wl::now_seconds() - s;
      check(saved.size() == 10, "c: save_messages returned " + std::to_string(saved.size()));
    }
    report_.phase("c_save_messages", sizes_.batches, sizes_.n, spent);
  }

  void get_messages(lss::LibSQLStore& store) {
    std::int64_t items = 0;
    lss::MessagesQuery query;
    query.last = 40;
    const double t0 = wl::now_seconds();
    for (std::int64_t i = 0; i < sizes_.reads; ++i) {
      query.threadId = threads_[static_cast<std::size_t>((i * 7) % sizes_.hot)].id;
      items += static_cast<std::int64_t>(store.get_messages(query).size());
    }
    report_.phase("d_get_messages", sizes_.reads, items, wl::now_seconds() - t0);
    check(items == sizes_.reads * 40, "d: expected " + std::to_string(sizes_.reads * 40) +
                                          " messages, got " + std::to_string(items));
  }

  void list_threads(lss::LibSQLStore& store) {
    std::int64_t items = 0;
    std::int64_t totals = 0;
    lss::ThreadsByResourcePageQuery query;
    query.perPage = 20;
    query.orderBy = lss::ThreadOrderBy::CreatedAt;
    query.sortDirection = lss::SortDirection::Desc;
    const double t0 = wl::now_seconds();
    for (std::int64_t i = 0; i < sizes_.reads; ++i) {
      query.resourceId = "resource-" + std::to_string(i % 10);
      query.page = (i / 10) % 5;
      const auto page = store.get_threads_by_resource_id_paginated(query);
      items += static_cast<std::int64_t>(page.threads.size());
      totals += page.total;
    }
    report_.phase("e_list_threads", sizes_.reads, items, wl::now_seconds() - t0);
    std::int64_t expected = 0;
    for (std::int64_t i = 0; i < sizes_.reads; ++i) {
      expected += std::min<std::int64_t>(
          20, std::max<std::int64_t>(0, sizes_.threads / 10 - ((i / 10) % 5) * 20));
    }
    check(items == expected,
          "e: expected " + std::to_string(expected) + " threads, got " + std::to_string(items));
    check(totals == sizes_.reads * (sizes_.threads / 10),
          "e: unexpected totals " + std::to_string(totals));
  }

  void snapshots(lss::LibSQLStore& store) {
    double spent = 0;
    for (std::int64_t r = 0; r < sizes_.runs; ++r) {
      lss::WorkflowSnapshotWrite write;
      write.workflowName = wl::workflow_name(r);
      write.runId = wl::uuid(wl::Kind::RunId, r);
      write.snapshot = wl::snapshot(r);
      const double s = wl::now_seconds();
      store.persist_workflow_snapshot(write);
      spent += wl::now_seconds() - s;
    }
    report_.phase("f_persist_snapshot", sizes_.runs, sizes_.runs, spent);

    struct Key {
      std::string workflowName;
      std::string runId;
    };
    std::vector<Key> keys;
    keys.reserve(static_cast<std::size_t>(sizes_.runs));
    for (std::int64_t i = 0; i < sizes_.runs; ++i) {
      const auto r = wl::permute(i, sizes_.runs);
      keys.push_back({wl::workflow_name(r), wl::uuid(wl::Kind::RunId, r)});
    }
    std::int64_t ok = 0;
    const double t0 = wl::now_seconds();
    for (const auto& key : keys) {
      const auto snap = store.load_workflow_snapshot(key.workflowName, key.runId);
      if (snap && (*snap)->is_object()) {
        // Looking inside parses the snapshot (LazyJson), as the reference's JSON.parse does.
        const lss::Json& state = **snap;
        const auto it = state.find("runId");
        if (it != state.end() && it->is_string() &&
            it->get_ref<const std::string&>() == key.runId) {
          ++ok;
        }
      }
    }
    report_.phase("f_load_snapshot", sizes_.runs, ok, wl::now_seconds() - t0);
    check(ok == sizes_.runs, "f: loaded " + std::to_string(ok) + "/" + std::to_string(sizes_.runs));
  }

  void update_working_memory(lss::LibSQLStore& store) {
    std::vector<lss::ResourceUpdate> updates;
    updates.reserve(static_cast<std::size_t>(sizes_.reads));
    for (std::int64_t i = 0; i < sizes_.reads; ++i) {
      updates.push_back(
          {"resource-" + std::to_string(i % 10), wl::working_memory(i), std::nullopt});
    }
    const double t0 = wl::now_seconds();
    for (const auto& update : updates) store.update_resource(update);
    report_.phase("g_update_working_memory", sizes_.reads, sizes_.reads, wl::now_seconds() - t0);
    const auto resource = store.get_resource_by_id("resource-9");
    check(resource && resource->workingMemory == updates.back().workingMemory,
          "g1: working memory not persisted");
  }

  void update_messages(lss::LibSQLStore& store) {
    std::vector<std::vector<lss::MessageUpdate>> calls;
    calls.reserve(static_cast<std::size_t>(sizes_.reads));
    for (std::int64_t i = 0; i < sizes_.reads; ++i) {
      lss::MessageUpdate update;
      update.id = wl::uuid(wl::Kind::MessageId, wl::permute(i, sizes_.n));
      lss::Json metadata = lss::Json::object();
      metadata["edited"] = true;
      metadata["rev"] = i;
      update.content = lss::Json::object();
      (*update.content)["metadata"] = std::move(metadata);
      calls.push_back({std::move(update)});
    }
    std::int64_t items = 0;
    const double t0 = wl::now_seconds();
    for (const auto& call : calls) {
      items += static_cast<std::int64_t>(store.update_messages(call).size());
    }
    report_.phase("g_update_messages", sizes_.reads, items, wl::now_seconds() - t0);
    check(items == sizes_.reads, "g2: updated " + std::to_string(items));
  }

  void db_size() {
    lss::Json extra = lss::Json::object();
    if (!probe_) {  // a remote database: only what the process itself knows
      extra["total_seconds"] = report_.total_seconds();
      report_.db_size(extra);
      return;
    }
    const std::int64_t page_bytes =
        probe_.query_int("PRAGMA page_count") * probe_.query_int("PRAGMA page_size");
    extra["page_bytes"] = page_bytes;
    extra["total_seconds"] = std::round(report_.total_seconds() * 1e6) / 1e6;
    if (path_) {
      const std::int64_t db = bytes_on_disk(*path_);
      const std::int64_t wal = bytes_on_disk(with_suffix(*path_, "-wal"));
      extra["db_bytes"] = db;
      extra["wal_bytes"] = wal;
      extra["total_bytes"] = db + wal;
      probe_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      extra["checkpointed_db_bytes"] = bytes_on_disk(*path_);
    } else {
      extra["total_bytes"] = page_bytes;
    }
    report_.db_size(extra);
  }

  std::string url_;
  std::optional<std::filesystem::path> path_;
  wl::Sizes sizes_;
  wl::Reporter report_;
  wl::ConnectionProbe probe_{nullptr};
  std::vector<lss::Thread> threads_;
};

int usage(const char* argv0) {
  std::cerr << "usage: " << argv0 << " <file:/abs/path.db | :memory:> <N>\n"
            << "       " << argv0 << " --dump <N>   (generator samples, as `workload.mjs dump N`)\n"
            << "N is a multiple of 100. Prints the mastra-storage/1 JSON lines on stdout.\n";
  return 2;
}

std::int64_t parse_n(const std::string& text) {
  std::size_t used = 0;
  const long long n = std::stoll(text, &used);
  if (used != text.size())
    throw std::invalid_argument("N must be an integer, got \"" + text + "\"");
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 2 && args[0] == "--dump") {
      std::cout << wl::dump(parse_n(args[1]));
      return 0;
    }
    if (args.size() != 2 || args[0].rfind("--", 0) == 0) return usage(argv[0]);
    Run(args[0], parse_n(args[1])).all();
    return 0;
  } catch (const CheckFailed& e) {
    std::cerr << "CHECK FAILED: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "libsqlstore-bench: " << e.what() << "\n";
  }
  return 1;
}
