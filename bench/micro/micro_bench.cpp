// Micro-benchmarks of libsqlstore's hot paths, on :memory: and on a file (WAL, synchronous=FULL):
// save 10 messages, read the last 40 messages of a thread, one page of a resource's threads, load
// a workflow snapshot. The data is the mastra-storage/1 workload at LIBSQLSTORE_MICRO_N messages
// (default 10000), built once per mode before the first benchmark of that mode.
//
//   libsqlstore_micro_bench                                  # all, default sizes
//   libsqlstore_micro_bench --benchmark_filter=GetLast40     # one
//   LIBSQLSTORE_MICRO_N=1000 libsqlstore_micro_bench --benchmark_min_time=0.01   # the ctest smoke
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <libsqlstore/libsqlstore.hpp>
#include <unistd.h>

#include "workload.hpp"

namespace lss = libsqlstore;
namespace wl = libsqlstore::bench;

namespace {

enum class Mode { Memory, File };

std::int64_t dataset_n() {
  const char* env = std::getenv("LIBSQLSTORE_MICRO_N");
  const std::int64_t n = env ? std::atoll(env) : 10000;
  return n >= 1000 ? n - n % 100 : 1000;
}

/// A store holding the workload's threads, messages and snapshots; its file is removed at exit.
class Dataset {
 public:
  explicit Dataset(Mode mode) : sizes_(wl::Sizes::of(dataset_n())) {
    lss::StoreOptions options;
    if (mode == Mode::File) {
      path_ = std::filesystem::temp_directory_path() /
              ("libsqlstore-micro-" + std::to_string(::getpid()) + ".db");
      remove_files();
      options.url = "file:" + path_.string();
    } else {
      options.url = ":memory:";
    }
    store_ = std::make_unique<lss::LibSQLStore>(options);
    store_->init();
    populate();
  }
  ~Dataset() {
    store_.reset();
    if (!path_.empty()) remove_files();
  }
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  lss::LibSQLStore& store() { return *store_; }
  const wl::Sizes& sizes() const { return sizes_; }
  const std::vector<lss::Thread>& threads() const { return threads_; }
  /// A message index no row uses yet (for inserts).
  std::int64_t next_message() { return next_message_++; }

 private:
  void populate() {
    for (std::int64_t t = 0; t < sizes_.threads; ++t) {
      threads_.push_back(wl::thread(t));
      store_->save_thread(threads_.back());
    }
    // Ten workload batches per call: the same rows as the workload, fewer commits.
    std::vector<lss::Message> chunk;
    for (std::int64_t b = 0; b < sizes_.batches; ++b) {
      const auto& owner = threads_[static_cast<std::size_t>(wl::batch_thread(b, sizes_))];
      for (std::int64_t j = 0; j < 10; ++j) chunk.push_back(wl::message(b * 10 + j, owner));
      if (chunk.size() >= 100 || b + 1 == sizes_.batches) {
        store_->save_messages(chunk);
        chunk.clear();
      }
    }
    for (std::int64_t r = 0; r < sizes_.runs; ++r) {
      store_->persist_workflow_snapshot(
          {wl::workflow_name(r), wl::uuid(wl::Kind::RunId, r), wl::snapshot(r), std::nullopt});
    }
    next_message_ = sizes_.n;
  }

  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }

  wl::Sizes sizes_;
  std::filesystem::path path_;
  std::unique_ptr<lss::LibSQLStore> store_;
  std::vector<lss::Thread> threads_;
  std::int64_t next_message_ = 0;
};

Dataset& dataset(Mode mode) {
  static std::map<Mode, std::unique_ptr<Dataset>> datasets;
  auto& slot = datasets[mode];
  if (!slot) slot = std::make_unique<Dataset>(mode);
  return *slot;
}

// save_messages() of 10 new messages to one thread (one transaction, as in phase c).
void BM_SaveMessages10(benchmark::State& state, Mode mode) {
  auto& data = dataset(mode);
  const auto& threads = data.threads();
  std::vector<lss::Message> batch;
  std::int64_t call = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto& owner = threads[static_cast<std::size_t>(call++ % data.sizes().threads)];
    batch.clear();
    for (int j = 0; j < 10; ++j) batch.push_back(wl::message(data.next_message(), owner));
    state.ResumeTiming();
    benchmark::DoNotOptimize(data.store().save_messages(batch));
  }
  state.SetItemsProcessed(state.iterations() * 10);
}

// get_messages(last: 40) of a hot thread (80 messages), as in phase d.
void BM_GetLast40(benchmark::State& state, Mode mode) {
  auto& data = dataset(mode);
  lss::MessagesQuery query;
  query.last = 40;
  std::int64_t i = 0;
  std::int64_t items = 0;
  for (auto _ : state) {
    query.threadId = data.threads()[static_cast<std::size_t>((i++ * 7) % data.sizes().hot)].id;
    const auto messages = data.store().get_messages(query);
    items += static_cast<std::int64_t>(messages.size());
    benchmark::DoNotOptimize(messages.data());
  }
  if (items != state.iterations() * 40) state.SkipWithError("expected 40 messages per call");
  state.SetItemsProcessed(items);
}

// get_threads_by_resource_id_paginated(perPage 20, createdAt DESC), as in phase e.
void BM_ThreadPage(benchmark::State& state, Mode mode) {
  auto& data = dataset(mode);
  lss::ThreadsByResourcePageQuery query;
  query.perPage = 20;
  std::int64_t i = 0;
  std::int64_t items = 0;
  const std::string resources[] = {"resource-0", "resource-1", "resource-2", "resource-3",
                                   "resource-4", "resource-5", "resource-6", "resource-7",
                                   "resource-8", "resource-9"};
  for (auto _ : state) {
    query.resourceId = resources[i % 10];
    query.page = (i / 10) % 5;
    ++i;
    const auto page = data.store().get_threads_by_resource_id_paginated(query);
    items += static_cast<std::int64_t>(page.threads.size());
    benchmark::DoNotOptimize(page.total);
  }
  state.SetItemsProcessed(items);
}

// load_workflow_snapshot() of a ≈2.2 KB snapshot, as in phase f.
void BM_LoadSnapshot(benchmark::State& state, Mode mode) {
  auto& data = dataset(mode);
  const std::int64_t runs = data.sizes().runs;
  std::vector<std::pair<std::string, std::string>> keys;
  for (std::int64_t i = 0; i < runs; ++i) {
    const auto r = wl::permute(i, runs);
    keys.emplace_back(wl::workflow_name(r), wl::uuid(wl::Kind::RunId, r));
  }
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [name, run] = keys[i++ % keys.size()];
    const auto snapshot = data.store().load_workflow_snapshot(name, run);
    if (!snapshot) {
      state.SkipWithError("snapshot not found");
      break;
    }
    benchmark::DoNotOptimize((*snapshot)->size());
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK_CAPTURE(BM_SaveMessages10, memory, Mode::Memory);
BENCHMARK_CAPTURE(BM_SaveMessages10, file, Mode::File)->UseRealTime();
BENCHMARK_CAPTURE(BM_GetLast40, memory, Mode::Memory);
BENCHMARK_CAPTURE(BM_GetLast40, file, Mode::File)->UseRealTime();
BENCHMARK_CAPTURE(BM_ThreadPage, memory, Mode::Memory);
BENCHMARK_CAPTURE(BM_ThreadPage, file, Mode::File)->UseRealTime();
BENCHMARK_CAPTURE(BM_LoadSnapshot, memory, Mode::Memory);
BENCHMARK_CAPTURE(BM_LoadSnapshot, file, Mode::File)->UseRealTime();

BENCHMARK_MAIN();
