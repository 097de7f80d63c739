// The deterministic data generator of the "mastra-storage/1" benchmark workload.
//
// A C++ port of the peer benchmark's workload.mjs (the specification in code; the README of the
// peer benchmark describes it in prose). Every string the benchmark stores is a pure function of
// (seed, kind, index), so this generator, the JavaScript one and raw_sqlite.c produce
// byte-identical rows. `libsqlstore-bench --dump N` prints the same reference samples as `node
// workload.mjs dump N`.
#pragma once

#include <cstdint>
#include <string>

#include "libsqlstore/json.hpp"
#include "libsqlstore/memory.hpp"

namespace libsqlstore::bench {

inline constexpr const char* kBenchId = "mastra-storage/1";
inline constexpr std::uint32_t kSeed = 0x5eed1234u;
/// 2025-01-01T00:00:00.000Z: thread createdAt base.
inline constexpr std::int64_t kBaseMs = 1735689600000;
/// Message createdAt base (+1 day).
inline constexpr std::int64_t kMessageBaseMs = kBaseMs + 86'400'000;
/// Workflow step times base (+2 days).
inline constexpr std::int64_t kRunBaseMs = kBaseMs + 2 * 86'400'000;

/// Item kinds: the salt of the per-item PRNG seed.
enum class Kind : std::uint32_t {
  ThreadId = 1,
  MessageId = 2,
  MessageText = 3,
  RunId = 4,
  SnapshotText = 5,
  WorkingMemoryText = 6,
  Title = 7,
};

/// mulberry32: the workload's PRNG (uint32 output).
class Mulberry32 {
 public:
  explicit Mulberry32(std::uint32_t seed) noexcept : state_(seed) {}
  std::uint32_t next() noexcept;

 private:
  std::uint32_t state_;
};

/// `SEED ^ (kind * 0x9e3779b1) ^ ((index + 1) * 0x85ebca77)` in uint32 arithmetic.
std::uint32_t item_seed(Kind kind, std::int64_t index) noexcept;
/// 8-4-4-4-12 lowercase hex id from four PRNG words.
std::string uuid(Kind kind, std::int64_t index);
/// Words of the 64-word list joined by ' ' until the length is >= min_length, then '.'.
std::string text(Kind kind, std::int64_t index, std::size_t min_length);
/// "YYYY-MM-DDTHH:MM:SS.mmmZ" for milliseconds since the epoch.
std::string iso(std::int64_t ms);
Timestamp timestamp(std::int64_t ms);

/// The sizes derived from N (a positive multiple of 100; anything else throws
/// std::invalid_argument).
struct Sizes {
  std::int64_t n = 0;
  std::int64_t threads = 0;    ///< T = N/10
  std::int64_t resources = 0;  ///< R = 10
  std::int64_t hot = 0;        ///< H = N/100 threads receive 80 % of the batches
  std::int64_t batches = 0;    ///< B = N/10 save_messages calls of 10 messages
  std::int64_t runs = 0;       ///< W = N/10 workflow snapshots
  std::int64_t reads = 0;      ///< calls in phases d, e and g: 1000

  static Sizes of(std::int64_t n);
};

/// Thread t: resource `resource-{t%10}`, created and updated at BASE + t s.
Thread thread(std::int64_t t);
/// The index of the thread that receives message batch b.
std::int64_t batch_thread(std::int64_t b, const Sizes& sizes) noexcept;
/// Message m (= 10·batch + j) of `owner`, in V2 shape with ≈500 characters of text.
Message message(std::int64_t m, const Thread& owner);
/// `workflow-{r%5}`.
std::string workflow_name(std::int64_t r);
/// The ≈2.2 KB WorkflowRunState-shaped snapshot of run r (its key order is part of the workload:
/// the reference harness writes the same text).
Json snapshot(std::int64_t r);
/// The ≈860-byte working-memory markdown of update i.
std::string working_memory(std::int64_t i);
/// `(i · 7919) % m`: the order of phase f's loads and phase g's message updates.
constexpr std::int64_t permute(std::int64_t i, std::int64_t m) noexcept { return (i * 7919) % m; }

/// The reference samples `node workload.mjs dump N` prints (one line each, '\n'-terminated).
std::string dump(std::int64_t n);

}  // namespace libsqlstore::bench
