#include "traces/trace_queries.hpp"

#include <limits>

#include "libsqlstore/error.hpp"

#include "core/identifier.hpp"
#include "core/paging.hpp"
#include "core/row_codec.hpp"
#include "operations/record_sql.hpp"
#include "schema/tables.hpp"

namespace libsqlstore::traces {

namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User, message);
}

bool is_trace_column(const std::string& name) {
  for (const auto& c : schema::find_table(schema::kTraces)->columns) {
    if (c.name == name) return true;
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

TraceListing trace_listing(const TracesQuery& query) {
  core::validate_paging(query.page, query.perPage);
  std::string where;
  std::vector<core::Value> args;
  auto clause = [&](const std::string& condition) {
    where += where.empty() ? " WHERE " : " AND ";
    where += condition;
  };
  if (query.name) {
    clause("name LIKE ? ESCAPE '\\'");
    args.emplace_back(escape_like(*query.name) + "%");
  }
  if (query.scope) {
    clause("scope = ?");
    args.emplace_back(*query.scope);
  }
  for (const auto& [key, value] : query.attributes) {
    const std::string path = "$." + core::checked_identifier(key, "attribute key");
    if (value.is_null()) {
      // A JSON null attribute (json_extract would give SQL NULL, which equals nothing).
      clause("json_type(CASE WHEN json_valid(attributes) THEN attributes END, ?) = 'null'");
      args.emplace_back(path);
    } else {
      // Rows whose attributes are not valid JSON simply do not match (json_extract would fail
      // the whole query).
      clause("json_extract(CASE WHEN json_valid(attributes) THEN attributes END, ?) = ?");
      args.emplace_back(path);
      args.push_back(operations::to_sql_value(value));
    }
  }
  for (const auto& [key, value] : query.filters) {
    core::checked_identifier(key, "filter key");
    if (!is_trace_column(key)) invalid("Unknown filter key: " + key + " is not a trace column");
    if (value.is_null()) {
      clause(key + " IS NULL");
    } else {
      clause(key + " = ?");
      args.push_back(operations::to_sql_value(value));
    }
  }
  if (query.dateRange.start) {
    clause("createdAt >= ?");
    args.push_back(core::encode_timestamp_bound(*query.dateRange.start));
  }
  if (query.dateRange.end) {
    clause("createdAt <= ?");
    args.push_back(core::encode_timestamp_bound(*query.dateRange.end));
  }

  TraceListing out;
  out.offset = query.page * query.perPage;
  out.count = {"SELECT COUNT(*) FROM mastra_traces" + where, args};
  out.select = {std::string("SELECT ") + kTraceColumns + " FROM mastra_traces" + where +
                    " ORDER BY startTime DESC, rowid DESC LIMIT ? OFFSET ?",
                std::move(args)};
  out.select.args.emplace_back(query.perPage);
  out.select.args.emplace_back(out.offset);
  return out;
}

}  // namespace libsqlstore::traces
