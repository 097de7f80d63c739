#include "core/row_codec.hpp"

#include <algorithm>

#include "libsqlstore/error.hpp"

#include "core/errors.hpp"
#include "core/json_text.hpp"

namespace libsqlstore::core {

namespace {

[[noreturn]] void bad_cell(const CellRef& where, const std::string& problem) {
  throw DataError("LIBSQL_STORE_CORRUPT_ROW", ErrorCategory::System,
                  "Stored value of " + std::string(where.table) + "." + std::string(where.column) +
                      " for row \"" + std::string(where.row_id) + "\" " + problem,
                  {{"table", where.table}, {"column", where.column}, {"rowId", where.row_id}});
}

}  // namespace

Timestamp decode_timestamp(const Value& v, const CellRef& where) {
  if (const auto* s = text_ptr(v)) {
    if (auto t = parse_iso8601(*s)) return *t;
    bad_cell(where, "is not an ISO-8601 date: \"" + *s + "\"");
  }
  if (auto ms = to_int(v)) return Timestamp{std::chrono::milliseconds{*ms}};
  bad_cell(where, is_null(v) ? "is NULL, expected a date" : "is not a date");
}

Json decode_json(const Value& v, const CellRef& where) {
  if (is_null(v)) return nullptr;
  if (const auto* s = text_ptr(v)) {
    if (auto j = try_parse_json(*s)) return std::move(*j);
    bad_cell(where, "is not valid JSON");
  }
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  bad_cell(where, "is a BLOB, expected JSON text");
}

Json decode_json_or_text(const Value& v, const CellRef& where) {
  if (const auto* s = text_ptr(v)) {
    if (auto j = try_parse_json(*s)) return std::move(*j);
    // Text that starts like an object or array was meant to be JSON: it is corrupt, not a string.
    const auto first = s->find_first_not_of(" \t\r\n");
    if (first != std::string::npos && ((*s)[first] == '{' || (*s)[first] == '[')) {
      return decode_json(v, where);
    }
    return *s;
  }
  return decode_json(v, where);
}

std::string decode_required_text(const Value& v, const CellRef& where) {
  if (auto s = to_text(v)) return std::move(*s);
  bad_cell(where, "is NULL");
}

Value encode_json(const Json& v) {
  if (v.is_null()) return nullptr;
  return to_json_text(v);
}

Value encode_timestamp(Timestamp t) {
  if (t < kMinStoredTimestamp || t > kMaxStoredTimestamp) {
    invalid_argument(
        "timestamp " + std::to_string(t.time_since_epoch().count()) +
        " ms is outside the dates a store can write (years 0000 to 9999: stored dates are "
        "ISO-8601 text, which sorts as time only with four-digit years)");
  }
  return to_iso8601(t);
}

Value encode_timestamp_bound(Timestamp t) {
  return to_iso8601(std::clamp(t, kMinStoredTimestamp, kMaxStoredTimestamp));
}

Value encode_optional_text(const std::optional<std::string>& s) {
  if (s) return *s;
  return nullptr;
}

}  // namespace libsqlstore::core
