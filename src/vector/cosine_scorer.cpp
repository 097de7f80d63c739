#include "vector/cosine_scorer.hpp"

#include <cmath>
#include <cstring>

namespace libsqlstore::vectors {

CosineScorer::CosineScorer(std::span<const float> query)
    : query_(query.begin(), query.end()), lanes_(query.size() * kLanes, 0.0f) {}

void CosineScorer::add(const std::uint8_t* bytes) noexcept {
  const std::size_t lane = pending_++;
  float* out = lanes_.data() + lane;
  for (std::size_t i = 0; i < query_.size(); ++i) {
    float v;
    std::memcpy(&v, bytes + i * sizeof(float), sizeof v);
    out[i * kLanes] = v;
  }
}

void CosineScorer::flush(double* out) noexcept {
  float dot[kLanes] = {};
  float n_row[kLanes] = {};
  float n_query = 0;
  const float* q = query_.data();
  const float* x = lanes_.data();
  for (std::size_t i = 0; i < query_.size(); ++i) {
    const float qi = q[i];
    n_query += qi * qi;
    const float* xi = x + i * kLanes;
    for (std::size_t r = 0; r < kLanes; ++r) {
      dot[r] += xi[r] * qi;
      n_row[r] += xi[r] * xi[r];
    }
  }
  for (std::size_t r = 0; r < pending_; ++r) {
    // As libSQL: the norm product in float, its square root in double, the distance a float.
    const float norms = n_row[r] * n_query;
    const auto distance = static_cast<float>(1.0 - static_cast<double>(dot[r]) /
                                                       std::sqrt(static_cast<double>(norms)));
    out[r] = 1.0 - static_cast<double>(distance);
  }
  pending_ = 0;
}

}  // namespace libsqlstore::vectors
