#include "vector/result_rows.hpp"

#include <charconv>
#include <cmath>

#include "libsqlstore/error.hpp"

#include "core/json_text.hpp"
#include "core/vector_codec.hpp"

namespace libsqlstore::vectors {

void bad_row(const std::string& table, const std::string& id, const std::string& why) {
  throw DataError("LIBSQL_VECTOR_QUERY_FAILED", ErrorCategory::ThirdParty, why,
                  {{"indexName", table}, {"id", id}});
}

namespace {

[[noreturn]] void not_printable(const std::string& table, const std::string& id) {
  bad_row(table, id,
          "The vector \"" + id + "\" in \"" + table +
              "\" does not print as JSON numbers (it holds Inf or NaN)");
}

}  // namespace

Json stored_metadata(const core::Value& metadata, const std::string& table, const std::string& id) {
  const auto text = core::to_text(metadata);
  if (!text) return Json::object();
  if (auto parsed = core::try_parse_json(*text)) return std::move(*parsed);
  bad_row(table, id, "The metadata of vector \"" + id + "\" in \"" + table + "\" is not JSON");
}

std::vector<double> printed_vector(const core::Value& embedding, const std::string& table,
                                   const std::string& id) {
  namespace vec = core::vec;
  vec::Vector v;
  try {
    if (const auto* text = core::text_ptr(embedding)) {
      v = vec::parse_text(*text, vec::ElementType::Float32);
    } else if (const auto* blob = std::get_if<core::Blob>(&embedding)) {
      v = vec::parse_blob(blob->bytes);
    } else {
      bad_row(table, id, "The vector \"" + id + "\" in \"" + table + "\" is not a vector");
    }
  } catch (const vec::VectorFormatError& e) {
    bad_row(table, id, e.what());
  }
  std::vector<double> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double x = v.type == vec::ElementType::Float32 ? v.f32[i] : v.f64[i];
    if (!std::isfinite(x)) not_printable(table, id);
    const auto printed = vec::format_g(x);
    double d = 0;
    std::from_chars(printed.data(), printed.data() + printed.size(), d);
    out.push_back(d);
  }
  return out;
}

}  // namespace libsqlstore::vectors
