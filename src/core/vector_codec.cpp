// libSQL's vector text and blob forms and its distance kernels (see vector_codec.hpp). This file
// is compiled with -ffp-contract=off (src/CMakeLists.txt): the kernels must not fuse a*b+c into
// an FMA, or the scores would differ from libSQL's in the last bit.
#include "core/vector_codec.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include <locale.h>

namespace libsqlstore::core::vec {

static_assert(std::endian::native == std::endian::little,
              "vector blobs are little-endian; a big-endian build needs byte swaps here");

namespace {

constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// SQLite's number grammar (sqlite3AtoF's "pure" numbers): [+-] then digits with an optional
/// '.', at least one digit, then an optional exponent with at least one digit.
bool is_sqlite_number(std::string_view s) noexcept {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && is_ascii_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_ascii_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exponent_digits = 0;
    while (i < s.size() && is_ascii_digit(s[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == s.size();
}

/// The "C" locale, so that strtod reads '.' whatever the process's locale is.
locale_t c_locale() {
  static const locale_t locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr));
  return locale;
}

/// Correctly rounded decimal to double (overflow gives +-Inf, underflow +-0 or a subnormal, as
/// IEEE arithmetic does).
double decimal_to_double(const std::string& number) {
  return strtod_l(number.c_str(), nullptr, c_locale());
}

[[noreturn]] void fail(const std::string& message) { throw VectorFormatError(message); }

void append(Vector& v, double value) {
  if (v.type == ElementType::Float32) {
    v.f32.push_back(static_cast<float>(value));
  } else {
    v.f64.push_back(value);
  }
}

void append_number(Vector& v, const std::string& number) {
  const std::size_t position = v.size();
  if (!is_sqlite_number(number)) {
    fail("vector: invalid float at position " + std::to_string(position) + ": '" + number + "'");
  }
  if (position == kMaxDimensions) {
    fail("vector: max size exceeded " + std::to_string(kMaxDimensions));
  }
  append(v, decimal_to_double(number));
}

}  // namespace

Vector parse_text(std::string_view text, ElementType type) {
  Vector v;
  v.type = type;
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;
  if (i == text.size() || text[i] != '[') fail("vector: must start with '['");
  ++i;
  while (i < text.size() && is_space(text[i])) ++i;
  std::string number;
  bool any_comma = false;
  while (i < text.size() && text[i] != ']') {
    const char c = text[i++];
    if (is_space(c)) continue;
    if (c != ',') {
      if (number.size() == kMaxNumberText) {
        fail("vector: float string length exceeded " + std::to_string(kMaxNumberText) +
             " characters: '" + number + "'");
      }
      number.push_back(c);
      continue;
    }
    any_comma = true;
    append_number(v, number);
    number.clear();
  }
  if (i == text.size()) fail("vector: must end with ']'");
  ++i;
  // '[]' and '[ ]' are the empty vector; after a comma an empty last number is an error.
  if (!number.empty() || any_comma) append_number(v, number);
  while (i < text.size() && is_space(text[i])) ++i;
  if (i != text.size()) fail("vector: non-space symbols after closing ']' are forbidden");
  return v;
}

Vector parse_blob(std::span<const std::uint8_t> blob) {
  Vector v;
  std::size_t data = blob.size();
  std::uint8_t type = 1;
  if (blob.size() % 2 == 1) {
    type = blob.back();
    data = blob.size() - 1;
  }
  if (type == 1) {
    const std::size_t dims = data / sizeof(float);
    if (dims * sizeof(float) != data) {
      fail("vector: unexpected data part size: type=1, dims=" + std::to_string(dims) + ", " +
           std::to_string(data) + " != " + std::to_string(dims * sizeof(float)));
    }
    if (dims > kMaxDimensions) fail("vector: max size exceeded " + std::to_string(kMaxDimensions));
    v.type = ElementType::Float32;
    v.f32.resize(dims);
    load_f32(blob.data(), v.f32);
    return v;
  }
  if (type == 2) {
    if (data % sizeof(double) != 0) {
      fail(
          "vector: float64 vector blob length must be divisible by 8 (excluding 'type'-byte): "
          "length=" +
          std::to_string(data));
    }
    const std::size_t dims = data / sizeof(double);
    if (dims > kMaxDimensions) fail("vector: max size exceeded " + std::to_string(kMaxDimensions));
    v.type = ElementType::Float64;
    v.f64.resize(dims);
    if (dims != 0) std::memcpy(v.f64.data(), blob.data(), data);
    return v;
  }
  if (type >= 3 && type <= 6) {
    fail("vector: unsupported binary type: " + std::to_string(type) +
         " (libsqlstore reads float32 and float64 vectors only)");
  }
  fail("vector: unexpected binary type: " + std::to_string(type));
}

void load_f32(const std::uint8_t* bytes, std::span<float> out) noexcept {
  if (!out.empty()) std::memcpy(out.data(), bytes, out.size() * sizeof(float));
}

Vector convert(Vector v, ElementType as) {
  if (v.type == as) return v;
  Vector out;
  out.type = as;
  if (as == ElementType::Float32) {
    out.f32.reserve(v.f64.size());
    for (double d : v.f64) out.f32.push_back(static_cast<float>(d));
  } else {
    out.f64.assign(v.f32.begin(), v.f32.end());
  }
  return out;
}

std::vector<std::uint8_t> encode(const Vector& v) {
  if (v.type == ElementType::Float32) return encode_f32(v.f32);
  std::vector<std::uint8_t> out(v.f64.size() * sizeof(double) + 1);
  if (!v.f64.empty()) std::memcpy(out.data(), v.f64.data(), v.f64.size() * sizeof(double));
  out.back() = 2;
  return out;
}

std::vector<std::uint8_t> encode_f32(std::span<const float> values) {
  std::vector<std::uint8_t> out(values.size() * sizeof(float));
  if (!values.empty()) std::memcpy(out.data(), values.data(), out.size());
  return out;
}

std::string format_g(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  if (value == 0) return "0";  // -0 too, as SQLite prints it
  // SQLite 3.45 rounds a decimal expansion of about 18 significant digits, half up on the
  // magnitude; the correctly rounded 18-digit expansion gives the same digits.
  constexpr int kPrecision = 6;
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), std::fabs(value),
                                       std::chars_format::scientific, 17);
  (void)ec;  // 64 characters always suffice for 18 digits and an exponent
  *end = '\0';
  // buffer: "d.ddddddddddddddddde[+-]XX"
  std::string digits;
  digits.push_back(buffer[0]);
  const char* p = buffer + 2;
  while (*p != 'e') digits.push_back(*p++);
  int exponent = std::atoi(p + 1);
  const bool round_up = digits[kPrecision] >= '5';
  digits.resize(kPrecision);
  if (round_up) {
    int k = kPrecision - 1;
    while (k >= 0 && digits[static_cast<std::size_t>(k)] == '9') {
      digits[static_cast<std::size_t>(k)] = '0';
      --k;
    }
    if (k < 0) {
      digits.insert(digits.begin(), '1');
      digits.pop_back();
      ++exponent;
    } else {
      ++digits[static_cast<std::size_t>(k)];
    }
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out = value < 0 ? "-" : "";
  if (exponent < -4 || exponent >= kPrecision) {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out.append(digits, 1, std::string::npos);
    }
    out += exponent < 0 ? "e-" : "e+";
    const int magnitude = std::abs(exponent);
    if (magnitude < 10) out += '0';
    out += std::to_string(magnitude);
  } else if (exponent < 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent - 1), '0');
    out += digits;
  } else {
    const auto integer = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= integer) {
      out += digits;
      out.append(integer - digits.size(), '0');
    } else {
      out.append(digits, 0, integer);
      out += '.';
      out.append(digits, integer, std::string::npos);
    }
  }
  return out;
}

std::string extract_text(const Vector& v) {
  std::string out = "[";
  const std::size_t n = v.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += ',';
    out += format_g(v.type == ElementType::Float32 ? static_cast<double>(v.f32[i]) : v.f64[i]);
  }
  out += ']';
  return out;
}

namespace {

void check_comparable(const Vector& a, const Vector& b) {
  if (a.type != b.type) {
    fail("vector_distance: vectors must have the same type: " +
         std::to_string(static_cast<int>(a.type)) +
         " != " + std::to_string(static_cast<int>(b.type)));
  }
  if (a.size() != b.size()) {
    fail("vector_distance: vectors must have the same length: " + std::to_string(a.size()) +
         " != " + std::to_string(b.size()));
  }
}

}  // namespace

double cosine_distance_f32(std::span<const float> a, std::span<const float> b) noexcept {
  float dot = 0;
  float n1 = 0;
  float n2 = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    dot += a[i] * b[i];
    n1 += a[i] * a[i];
    n2 += b[i] * b[i];
  }
  // As libSQL: the norm product in float, the square root of its widening in double.
  const float norms = n1 * n2;
  return static_cast<float>(1.0 - static_cast<double>(dot) / std::sqrt(static_cast<double>(norms)));
}

double cosine_distance(const Vector& a, const Vector& b) {
  check_comparable(a, b);
  if (a.type == ElementType::Float32) return cosine_distance_f32(a.f32, b.f32);
  double dot = 0;
  double n1 = 0;
  double n2 = 0;
  for (std::size_t i = 0; i < a.f64.size(); ++i) {
    dot += a.f64[i] * b.f64[i];
    n1 += a.f64[i] * a.f64[i];
    n2 += b.f64[i] * b.f64[i];
  }
  return static_cast<float>(1.0 - dot / std::sqrt(n1 * n2));
}

double l2_distance(const Vector& a, const Vector& b) {
  check_comparable(a, b);
  if (a.type == ElementType::Float32) {
    float sum = 0;
    for (std::size_t i = 0; i < a.f32.size(); ++i) {
      const float d = a.f32[i] - b.f32[i];
      sum += d * d;
    }
    return static_cast<float>(std::sqrt(static_cast<double>(sum)));
  }
  double sum = 0;
  for (std::size_t i = 0; i < a.f64.size(); ++i) {
    const double d = a.f64[i] - b.f64[i];
    sum += d * d;
  }
  return static_cast<float>(std::sqrt(sum));
}

}  // namespace libsqlstore::core::vec
