#include "vector/cosine_scorer.hpp"

#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#include <xmmintrin.h>
#endif

namespace libsqlstore::vectors {

CosineScorer::CosineScorer(std::span<const float> query)
    : query_(query.begin(), query.end()), rows_(query.size() * kLanes, 0.0f) {
  // The query's squared norm, summed in the same order libSQL sums it.
  for (float q : query_) query_norm_ += q * q;
}

void CosineScorer::add(const std::uint8_t* bytes) noexcept {
  const std::size_t lane = pending_++;
  if (!query_.empty()) {
    std::memcpy(rows_.data() + lane * query_.size(), bytes, query_.size() * sizeof(float));
  }
}

namespace {

/// Sums of four rows (row-major, `dims` floats each) against the query, one lane per row:
/// element i is added to every lane's sums before element i + 1, as libSQL's loop adds them.
void four_rows(const float* r0, const float* r1, const float* r2, const float* r3, const float* q,
               std::size_t dims, float* dot, float* norm) noexcept {
  std::size_t i = 0;
#if defined(__SSE2__)
  __m128 d = _mm_setzero_ps();
  __m128 n = _mm_setzero_ps();
  for (; i + 4 <= dims; i += 4) {
    __m128 a = _mm_loadu_ps(r0 + i);
    __m128 b = _mm_loadu_ps(r1 + i);
    __m128 c = _mm_loadu_ps(r2 + i);
    __m128 e = _mm_loadu_ps(r3 + i);
    _MM_TRANSPOSE4_PS(a, b, c, e);  // a: element i of the four rows, b: i + 1, ...
    const __m128 x[4] = {a, b, c, e};
    for (int k = 0; k < 4; ++k) {
      const __m128 qi = _mm_set1_ps(q[i + static_cast<std::size_t>(k)]);
      d = _mm_add_ps(d, _mm_mul_ps(x[k], qi));
      n = _mm_add_ps(n, _mm_mul_ps(x[k], x[k]));
    }
  }
  _mm_storeu_ps(dot, d);
  _mm_storeu_ps(norm, n);
#else
  for (int r = 0; r < 4; ++r) dot[r] = norm[r] = 0;
#endif
  const float* rows[4] = {r0, r1, r2, r3};
  for (; i < dims; ++i) {
    for (int r = 0; r < 4; ++r) {
      dot[r] += rows[r][i] * q[i];
      norm[r] += rows[r][i] * rows[r][i];
    }
  }
}

}  // namespace

void CosineScorer::flush(double* out) noexcept {
  const std::size_t dims = query_.size();
  float dot[kLanes];
  float norm[kLanes];
  for (std::size_t g = 0; g < pending_; g += 4) {
    const float* base = rows_.data() + g * dims;
    four_rows(base, base + dims, base + 2 * dims, base + 3 * dims, query_.data(), dims, dot + g,
              norm + g);
  }
  for (std::size_t r = 0; r < pending_; ++r) {
    // As libSQL: the norm product in float, its square root in double, the distance a float.
    const float norms = norm[r] * query_norm_;
    const auto distance = static_cast<float>(1.0 - static_cast<double>(dot[r]) /
                                                       std::sqrt(static_cast<double>(norms)));
    out[r] = 1.0 - static_cast<double>(distance);
  }
  pending_ = 0;
}

}  // namespace libsqlstore::vectors
