// libSQL's vector values, as its vector functions (vector32, vector64, vector_extract,
// vector_distance_cos, vector_distance_l2) read, write and compare them: the text form
// '[1,2.5,-3e-2]', the blob forms (float32 little-endian, optionally followed by a type byte;
// float64 with type byte 2), the `%g` text vector_extract prints, and the distance kernels.
// Everything here is bit-identical to the libSQL engine the reference ships
// (tests/core/vector_codec_test.cpp checks it against tests/vector/fixtures/).
//
// Pure functions, no SQLite: the local backend registers them as SQL functions
// (backends/sqlite/vector_functions.cpp) and the vector store uses them to validate and encode.
// Thread-safe (no shared state).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace libsqlstore::core::vec {

/// The most dimensions a vector may have (libSQL's MAX_VECTOR_SZ).
inline constexpr std::size_t kMaxDimensions = 65536;
/// The longest text one number of a text vector may have (libSQL's MAX_FLOAT_CHAR_SZ).
inline constexpr std::size_t kMaxNumberText = 1024;

/// A text or blob that is not a vector; what() is libSQL's message ("vector: must start with
/// '['", "vector: invalid float at position 1: ''", ...).
class VectorFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ElementType : std::uint8_t { Float32 = 1, Float64 = 2 };

/// A decoded vector, in its element type: `f32` holds a Float32 vector's elements, `f64` a
/// Float64 vector's (the other is empty).
struct Vector {
  ElementType type = ElementType::Float32;
  std::vector<float> f32;
  std::vector<double> f64;

  std::size_t size() const noexcept {
    return type == ElementType::Float32 ? f32.size() : f64.size();
  }
};

/// Parses libSQL's text form as vector32() does: optional ASCII whitespace, '[', numbers
/// separated by ',' (whitespace anywhere is skipped, also inside a number), ']', whitespace.
/// Numbers follow SQLite's grammar ([+-]digits[.digits][e[+-]digits]; no inf, nan or hex) and
/// are rounded to double, then (Float32) to float. At most kMaxDimensions numbers.
Vector parse_text(std::string_view text, ElementType type);

/// Decodes a blob: an even length is raw float32; an odd length ends with a type byte (1 float32,
/// 2 float64). Other libSQL types (1-bit, float8, float16, bfloat16) are refused.
Vector parse_blob(std::span<const std::uint8_t> blob);

/// `v` converted to `as` (float64 to float32 rounds to nearest).
Vector convert(Vector v, ElementType as);
/// The blob vector32()/vector64() produce: float32 raw (no type byte); float64 followed by 2.
std::vector<std::uint8_t> encode(const Vector& v);
/// A float32 blob from floats (what vector32 stores).
std::vector<std::uint8_t> encode_f32(std::span<const float> values);

/// One number as libSQL's vector_extract prints it: printf("%g") on the value, with decimal ties
/// rounded half away from zero (SQLite 3.45's printf, which libSQL bundles); "Inf", "-Inf",
/// "NaN"; -0 prints "0".
std::string format_g(double value);
/// vector_extract(): '[' + format_g of each element, joined by ',' + ']'.
std::string extract_text(const Vector& v);

/// libSQL's cosine distance, bit for bit: float32 vectors accumulate dot and squared norms in
/// float, sequentially (no FMA), the norm product is a float, then
/// (float)(1 - dot / sqrt((double)(n1 * n2))). float64 vectors do the same in double, and the
/// result is still rounded to float. NaN (a zero norm) is returned as NaN: SQL shows it as NULL.
/// The vectors must have the same type and length.
double cosine_distance(const Vector& a, const Vector& b);
/// The float32 kernel of cosine_distance (equal lengths).
double cosine_distance_f32(std::span<const float> a, std::span<const float> b) noexcept;
/// Reads a float32 blob's `out.size()` little-endian floats into `out` (any alignment).
void load_f32(const std::uint8_t* bytes, std::span<float> out) noexcept;
/// libSQL's Euclidean distance: sum of squared differences in the element type, sqrt in double,
/// rounded to float.
double l2_distance(const Vector& a, const Vector& b);

}  // namespace libsqlstore::core::vec
