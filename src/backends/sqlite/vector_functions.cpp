#include "backends/sqlite/vector_functions.hpp"

#include <cmath>
#include <memory>
#include <span>
#include <string>

#include <sqlite3.h>

#include "core/vector_codec.hpp"

namespace libsqlstore::sqlite {

namespace {

namespace vec = core::vec;

const char* type_name(int type) {
  switch (type) {
    case SQLITE_INTEGER:
      return "INTEGER";
    case SQLITE_FLOAT:
      return "FLOAT";
    case SQLITE_NULL:
      return "NULL";
    default:
      return "UNKNOWN";
  }
}

std::span<const std::uint8_t> blob_of(sqlite3_value* value) {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_value_blob(value));
  const auto size = static_cast<std::size_t>(sqlite3_value_bytes(value));
  return {data, data ? size : 0};
}

/// Decodes one argument as libSQL does: TEXT is parsed (as float32), BLOB decoded.
vec::Vector decode(sqlite3_value* value) {
  switch (sqlite3_value_type(value)) {
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
      return vec::parse_text({text, static_cast<std::size_t>(sqlite3_value_bytes(value))},
                             vec::ElementType::Float32);
    }
    case SQLITE_BLOB:
      return vec::parse_blob(blob_of(value));
    default:
      throw vec::VectorFormatError(std::string("vector: unexpected value type: got ") +
                                   type_name(sqlite3_value_type(value)) +
                                   ", expected TEXT or BLOB");
  }
}

/// vector64() parses text as float64 directly (no float32 rounding on the way).
vec::Vector decode_as(sqlite3_value* value, vec::ElementType type) {
  if (sqlite3_value_type(value) == SQLITE_TEXT) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
    return vec::parse_text({text, static_cast<std::size_t>(sqlite3_value_bytes(value))}, type);
  }
  return vec::convert(decode(value), type);
}

void result_blob(sqlite3_context* ctx, const std::vector<std::uint8_t>& bytes) {
  sqlite3_result_blob64(ctx, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
}

template <class F>
void guarded(sqlite3_context* ctx, F&& body) {
  try {
    body();
  } catch (const vec::VectorFormatError& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(ctx);
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

void vector32_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  guarded(ctx,
          [&] { result_blob(ctx, vec::encode(decode_as(argv[0], vec::ElementType::Float32))); });
}

void vector64_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  guarded(ctx,
          [&] { result_blob(ctx, vec::encode(decode_as(argv[0], vec::ElementType::Float64))); });
}

void vector_extract_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  guarded(ctx, [&] {
    const auto text = vec::extract_text(decode(argv[0]));
    sqlite3_result_text64(ctx, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  });
}

void delete_vector(void* p) { delete static_cast<vec::Vector*>(p); }

/// The argument `i` decoded, from the statement's cache when SQLite kept one (constant
/// arguments); TEXT arguments and the second argument (where a query vector goes) are offered to
/// the cache. A per-row BLOB in the first argument is decoded into `scratch`.
const vec::Vector& argument(sqlite3_context* ctx, sqlite3_value** argv, int i,
                            vec::Vector& scratch) {
  if (auto* cached = static_cast<vec::Vector*>(sqlite3_get_auxdata(ctx, i))) return *cached;
  const bool offer = i == 1 || sqlite3_value_type(argv[i]) == SQLITE_TEXT;
  if (!offer) {
    const int type = sqlite3_value_type(argv[i]);
    const auto blob = blob_of(argv[i]);
    if (type == SQLITE_BLOB && blob.size() % 4 == 0) {
      // The common row: raw float32. Reuse the scratch vector's storage.
      scratch.type = vec::ElementType::Float32;
      scratch.f32.resize(blob.size() / sizeof(float));
      if (scratch.f32.size() > vec::kMaxDimensions) {
        throw vec::VectorFormatError("vector: max size exceeded " +
                                     std::to_string(vec::kMaxDimensions));
      }
      vec::load_f32(blob.data(), scratch.f32);
      return scratch;
    }
    scratch = decode(argv[i]);
    return scratch;
  }
  auto owned = std::make_unique<vec::Vector>(decode(argv[i]));
  vec::Vector* raw = owned.release();
  sqlite3_set_auxdata(ctx, i, raw, delete_vector);
  // SQLite may have freed it already (a non-constant argument): ask again.
  if (auto* kept = static_cast<vec::Vector*>(sqlite3_get_auxdata(ctx, i))) return *kept;
  scratch = decode(argv[i]);
  return scratch;
}

template <double (*Distance)(const vec::Vector&, const vec::Vector&)>
void distance_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  guarded(ctx, [&] {
    thread_local vec::Vector scratch_a;
    vec::Vector scratch_b;
    const auto& a = argument(ctx, argv, 0, scratch_a);
    const auto& b = argument(ctx, argv, 1, scratch_b);
    const double d = Distance(a, b);
    if (std::isnan(d)) {
      sqlite3_result_null(ctx);  // libSQL's NaN, which SQLite stores as NULL
    } else {
      sqlite3_result_double(ctx, d);
    }
  });
}

}  // namespace

int register_vector_functions(sqlite3* db) {
  constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  struct Function {
    const char* name;
    int args;
    void (*fn)(sqlite3_context*, int, sqlite3_value**);
  };
  static constexpr Function kFunctions[] = {
      {"vector", 1, vector32_fn},
      {"vector32", 1, vector32_fn},
      {"vector64", 1, vector64_fn},
      {"vector_extract", 1, vector_extract_fn},
      {"vector_distance_cos", 2, distance_fn<vec::cosine_distance>},
      {"vector_distance_l2", 2, distance_fn<vec::l2_distance>},
  };
  for (const auto& f : kFunctions) {
    const int rc = sqlite3_create_function_v2(db, f.name, f.args, kFlags, nullptr, f.fn, nullptr,
                                              nullptr, nullptr);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

}  // namespace libsqlstore::sqlite
