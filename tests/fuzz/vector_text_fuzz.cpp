// libFuzzer target: arbitrary text as a vector in libSQL's text form ('[1,2.5,-3e-2]'), as
// vector32() / vector64() read it. The first byte picks float32 or float64. parse_text() returns
// a vector or throws VectorFormatError; a vector encodes to the blob form, which decodes to the
// same elements bit for bit, and its printed form (vector_extract) parses again.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "core/vector_codec.hpp"

namespace vec = libsqlstore::core::vec;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto type = (data[0] & 1U) != 0 ? vec::ElementType::Float64 : vec::ElementType::Float32;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  vec::Vector v;
  try {
    v = vec::parse_text(text, type);
  } catch (const vec::VectorFormatError&) {
    return 0;
  }
  if (v.size() > vec::kMaxDimensions) std::abort();
  if (v.size() == 0) return 0;
  const auto blob = vec::encode(v);
  vec::Vector back;
  try {
    back = vec::parse_blob(blob);
  } catch (const vec::VectorFormatError&) {
    std::abort();
  }
  if (back.type != v.type || back.size() != v.size()) std::abort();
  const bool same =
      v.type == vec::ElementType::Float32
          ? std::memcmp(back.f32.data(), v.f32.data(), v.f32.size() * sizeof(float)) == 0
          : std::memcmp(back.f64.data(), v.f64.data(), v.f64.size() * sizeof(double)) == 0;
  if (!same) std::abort();
  // Numbers beyond the element type's range round to infinity, as in libSQL; the store refuses
  // such vectors before writing (finite values only), and "Inf" is not text parse_text() reads.
  for (const float x : v.f32) {
    if (!std::isfinite(x)) return 0;
  }
  for (const double x : v.f64) {
    if (!std::isfinite(x)) return 0;
  }
  try {
    (void)vec::parse_text(vec::extract_text(v), type);
  } catch (const vec::VectorFormatError&) {
    std::abort();
  }
  return 0;
}
