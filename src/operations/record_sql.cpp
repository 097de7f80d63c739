#include "operations/record_sql.hpp"

#include <cmath>
#include <limits>

#include "libsqlstore/error.hpp"

#include "core/errors.hpp"
#include "core/identifier.hpp"
#include "core/json_text.hpp"
#include "operations/table_info.hpp"
#include "schema/codec.hpp"
#include "schema/tables.hpp"

namespace libsqlstore::operations {

namespace {

[[noreturn]] void invalid(const std::string& message) { core::invalid_argument(message); }

std::vector<std::string> checked_keys(const Json& record, std::size_t index) {
  if (!record.is_object()) {
    invalid("record " + std::to_string(index) + " must be a JSON object, got " +
            std::string(record.type_name()));
  }
  if (record.empty()) invalid("record " + std::to_string(index) + " has no columns");
  std::vector<std::string> keys;
  keys.reserve(record.size());
  for (const auto& [key, value] : record.items()) {
    keys.push_back(core::checked_identifier(key, "column name"));
  }
  return keys;
}

std::string insert_sql(const std::string& table, const std::vector<std::string>& keys,
                       std::size_t rows) {
  std::string row = "(";
  for (std::size_t i = 0; i < keys.size(); ++i) row += i ? ", ?" : "?";
  row += ')';
  std::string sql = "INSERT OR REPLACE INTO " + table + " (";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i) sql += ", ";
    sql += keys[i];
  }
  sql += ") VALUES ";
  sql.reserve(sql.size() + rows * (row.size() + 2));
  for (std::size_t r = 0; r < rows; ++r) {
    if (r) sql += ", ";
    sql += row;
  }
  return sql;
}

// The column `name` names (SQLite compares column names case-insensitively), or nullptr.
const schema::Column* find_column(const schema::Table& table, const std::string& name) {
  const auto lower = ascii_lower(name);
  for (const auto& column : table.columns) {
    if (ascii_lower(column.name) == lower) return &column;
  }
  return nullptr;
}

}  // namespace

core::Value to_sql_value(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      return nullptr;
    case Json::value_t::string:
      return value.get<std::string>();
    case Json::value_t::boolean:
      return std::int64_t{value.get<bool>() ? 1 : 0};
    case Json::value_t::number_integer:
      return value.get<std::int64_t>();
    case Json::value_t::number_unsigned: {
      const auto u = value.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        invalid("integer " + std::to_string(u) + " does not fit a 64-bit SQL INTEGER");
      }
      return static_cast<std::int64_t>(u);
    }
    case Json::value_t::number_float: {
      const double d = value.get<double>();
      if (!std::isfinite(d)) invalid("SQL values cannot be NaN or Infinity");
      return d;
    }
    case Json::value_t::binary:
      return core::Blob{
          std::vector<std::uint8_t>(value.get_binary().begin(), value.get_binary().end())};
    case Json::value_t::object:
    case Json::value_t::array:
      return core::to_json_text(value);
  }
  return nullptr;
}

std::vector<core::Statement> insert_statements(const std::string& table,
                                               const std::vector<Json>& records) {
  core::checked_identifier(table, "table name");
  // Validate everything before building anything: a bad record fails the whole call.
  std::vector<std::vector<std::string>> keys;
  keys.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) keys.push_back(checked_keys(records[i], i));
  // The seven tables have typed readers: a value they could not read back is refused here, with
  // the column's codec (schema/codec.hpp), instead of breaking every later read of the row.
  const schema::Table* known = schema::find_table(table);
  std::vector<std::vector<const schema::Column*>> columns(known ? records.size() : 0);
  for (std::size_t i = 0; known && i < records.size(); ++i) {
    for (const auto& key : keys[i]) {
      const auto* column = find_column(*known, key);
      if (!column) {
        std::string message = "record " + std::to_string(i) + ": ";
        message += key;
        message += " is not a column of ";
        message += table;
        invalid(message);
      }
      columns[i].push_back(column);
    }
  }

  std::vector<core::Statement> out;
  std::size_t i = 0;
  while (i < records.size()) {
    const auto& group_keys = keys[i];
    const std::size_t max_rows = std::max<std::size_t>(
        1, std::min(kMaxRowsPerStatement, kMaxArgsPerStatement / group_keys.size()));
    std::size_t end = i + 1;
    while (end < records.size() && end - i < max_rows && keys[end] == group_keys) ++end;
    core::Statement stmt{insert_sql(table, group_keys, end - i)};
    stmt.args.reserve((end - i) * group_keys.size());
    for (std::size_t r = i; r < end; ++r) {
      std::size_t k = 0;
      for (const auto& [key, value] : records[r].items()) {
        if (known) {
          stmt.args.push_back(schema::encode_generic(*columns[r][k], value, table, r));
        } else {
          stmt.args.push_back(to_sql_value(value));
        }
        ++k;
      }
    }
    out.push_back(std::move(stmt));
    i = end;
  }
  return out;
}

Json from_sql_value(const core::Value& value) {
  if (core::is_null(value)) return nullptr;
  if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* s = core::text_ptr(value)) {
    if (!s->empty() && (s->front() == '{' || s->front() == '[')) {
      if (auto parsed = core::try_parse_json(*s)) return std::move(*parsed);
    }
    return *s;
  }
  const auto& blob = std::get<core::Blob>(value);
  return Json::binary(std::vector<std::uint8_t>(blob.bytes.begin(), blob.bytes.end()));
}

}  // namespace libsqlstore::operations
