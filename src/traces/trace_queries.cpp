#include "traces/trace_queries.hpp"

#include <limits>

#include "libsqlstore/error.hpp"

#include "core/errors.hpp"
#include "core/identifier.hpp"
#include "core/row_codec.hpp"
#include "operations/record_sql.hpp"
#include "schema/tables.hpp"

namespace libsqlstore::traces {

namespace {

bool is_trace_column(const std::string& name) {
  for (const auto& f : schema::traces().fields()) {
    if (f.column.name == name) return true;
  }
  return false;
}

}  // namespace

std::string escape_like(const std::string& prefix) {
  std::string out;
  out.reserve(prefix.size() + 1);
  for (const char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

core::Listing trace_listing(const TracesQuery& query) {
  const auto& spec = schema::traces();
  core::Listing listing(spec.name(), spec.select_list());
  if (query.name) listing.where("name LIKE ? ESCAPE '\\'", escape_like(*query.name) + "%");
  if (query.scope) listing.where("scope = ?", *query.scope);
  for (const auto& [key, value] : query.attributes) {
    const std::string path = "$." + core::checked_identifier(key, "attribute key");
    if (value.is_null()) {
      // A JSON null attribute (json_extract would give SQL NULL, which equals nothing).
      listing.where("json_type(CASE WHEN json_valid(attributes) THEN attributes END, ?) = 'null'",
                    path);
    } else {
      // Rows whose attributes are not valid JSON simply do not match (json_extract would fail
      // the whole query).
      listing.where("json_extract(CASE WHEN json_valid(attributes) THEN attributes END, ?) = ?",
                    {path, operations::to_sql_value(value)});
    }
  }
  for (const auto& [key, value] : query.filters) {
    core::checked_identifier(key, "filter key");
    if (!is_trace_column(key)) {
      core::invalid_argument("Unknown filter key: " + key + " is not a trace column");
    }
    if (value.is_null()) {
      listing.where(key + " IS NULL");
    } else {
      listing.where(key + " = ?", operations::to_sql_value(value));
    }
  }
  if (query.dateRange.start) {
    listing.where("createdAt >= ?", core::encode_timestamp_bound(*query.dateRange.start));
  }
  if (query.dateRange.end) {
    listing.where("createdAt <= ?", core::encode_timestamp_bound(*query.dateRange.end));
  }
  listing.order_by(" ORDER BY startTime DESC, rowid DESC");
  return listing;
}

}  // namespace libsqlstore::traces
