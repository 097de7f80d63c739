// Byte-level helpers shared by the JSON parser and writer: finding the next byte of a string that
// needs attention, and validating UTF-8 exactly as nlohmann does (RFC 3629).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace libsqlstore::core::json_scan {

/// True for the bytes a JSON string copies verbatim: printable ASCII except '"' and '\\'.
constexpr bool is_plain(unsigned char c) noexcept {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/// The first byte in [p, end) that is not plain (a quote, a backslash, a control character or a
/// non-ASCII byte), or `end`. Looks at sixteen (SSE2) or eight bytes at a time.
inline const char* skip_plain(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  // Sixteen bytes at a time. As signed bytes, both the control characters (0x00-0x1F) and the
  // non-ASCII bytes (0x80-0xFF, negative) compare less than 0x20.
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                     _mm_cmplt_epi8(v, space));
    const int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  while (end - p >= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    const std::uint64_t quotes = v ^ (kOnes * '"');
    const std::uint64_t backslashes = v ^ (kOnes * '\\');
    // Each term is non-zero exactly when some byte is < 0x20, == '"', == '\\' or >= 0x80.
    const std::uint64_t special = ((v - kOnes * 0x20) & ~v) | ((quotes - kOnes) & ~quotes) |
                                  ((backslashes - kOnes) & ~backslashes) | v;
    if (special & kHigh) break;
    p += 8;
  }
  while (p != end && is_plain(static_cast<unsigned char>(*p))) ++p;
  return p;
}

/// The length (2–4) of the well-formed UTF-8 sequence starting at `s` (whose first byte is
/// >= 0x80), or 0 if it is not one: no overlong forms, no surrogates, nothing above U+10FFFF.
inline std::size_t utf8_sequence_length(const unsigned char* s, std::size_t avail) noexcept {
  auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < avail && s[i] >= lo && s[i] <= hi;
  };
  const unsigned char c = s[0];
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

}  // namespace libsqlstore::core::json_scan
