#include "core/utf8.hpp"

#include <cstdint>
#include <cstring>

#include "core/json_scan.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace libsqlstore::core {

std::size_t invalid_utf8_at(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII runs, sixteen (SSE2) or eight bytes at a time: most stored text is ASCII.
#if defined(__SSE2__)
    while (i + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      if (_mm_movemask_epi8(v) != 0) break;  // a byte >= 0x80
      i += 16;
    }
#endif
    while (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, p + i, sizeof word);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = json_scan::utf8_sequence_length(p + i, n - i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace libsqlstore::core
