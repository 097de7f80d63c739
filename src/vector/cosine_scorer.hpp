// libSQL's cosine score of many stored rows against one query vector, bit-identical to
// vector_distance_cos (core/vector_codec.hpp) and several times faster: four rows are scored side
// by side (SSE2, transposed 4x4 in registers), so each step adds one element to four rows' sums
// at once. Each row's own sums are still accumulated sequentially, element after element, as
// libSQL does; lanes never mix. The query's norm is summed once. Compiled with
// -ffp-contract=off (no FMA).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace libsqlstore::vectors {

class CosineScorer {
 public:
  /// Rows per batch.
  static constexpr std::size_t kLanes = 8;

  explicit CosineScorer(std::span<const float> query);

  std::size_t dims() const noexcept { return query_.size(); }
  /// Rows added since the last flush().
  std::size_t pending() const noexcept { return pending_; }
  bool full() const noexcept { return pending_ == kLanes; }

  /// Adds one row: dims() little-endian float32 values (any alignment). Call flush() when full().
  void add(const std::uint8_t* bytes) noexcept;
  /// The scores (1 - distance) of the pending rows, in the order added, into out[0..pending());
  /// NaN where libSQL's distance is NaN (SQL NULL: a zero norm). Empties the batch.
  void flush(double* out) noexcept;

 private:
  std::vector<float> query_;
  float query_norm_ = 0;
  std::vector<float> rows_;  // the pending rows, row-major: lane r at [r * dims()]
  std::size_t pending_ = 0;
};

}  // namespace libsqlstore::vectors
