// libSQL's cosine score of many stored rows against one query vector, bit-identical to
// vector_distance_cos (core/vector_codec.hpp) and several times faster: the rows of a batch are
// laid out side by side, so each step adds one element to every row's sums at once. Each row's
// own sums are still accumulated sequentially, element after element, as libSQL does; lanes never
// mix. Compiled with -ffp-contract=off (no FMA).
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
  std::vector<float> lanes_;  // element i of lane r at [i * kLanes + r]
  std::size_t pending_ = 0;
};

}  // namespace libsqlstore::vectors
