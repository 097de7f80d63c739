#include "operations/ddl.hpp"

#include <set>

#include "libsqlstore/error.hpp"

#include "core/errors.hpp"
#include "core/identifier.hpp"
#include "operations/table_info.hpp"

namespace libsqlstore::operations {

namespace {

// The reference's getSqlType (core's base class plus the LibSQL overrides).
std::string_view alter_type_name(ColumnType type) {
  switch (type) {
    case ColumnType::Bigint:
    case ColumnType::Integer:
      return "INTEGER";
    case ColumnType::Jsonb:
    case ColumnType::Text:
    case ColumnType::Uuid:
      return "TEXT";
    case ColumnType::DateTime:
      return "TIMESTAMP";
    case ColumnType::Float:
      return "FLOAT";
  }
  return "TEXT";
}

// The reference's getDefaultValue, used with NOT NULL.
std::string_view default_clause(ColumnType type) {
  switch (type) {
    case ColumnType::Text:
    case ColumnType::Uuid:
      return "DEFAULT ''";
    case ColumnType::DateTime:
      return "DEFAULT '1970-01-01 00:00:00'";
    case ColumnType::Integer:
    case ColumnType::Bigint:
    case ColumnType::Float:
      return "DEFAULT 0";
    case ColumnType::Jsonb:
      return "DEFAULT '{}'";
  }
  return "DEFAULT ''";
}

}  // namespace

schema::Table checked_table(const std::string& tableName, const TableSchema& columns) {
  schema::Table table{core::checked_identifier(tableName, "table name"), {}};
  if (columns.empty()) {
    core::invalid_argument("Table " + tableName + " needs at least one column");
  }
  std::set<std::string> seen;
  for (const auto& [name, def] : columns) {
    core::checked_identifier(name, "column name");
    // SQLite column names are case-insensitive: "a" and "A" would collide.
    if (!seen.insert(ascii_lower(name)).second) {
      core::invalid_argument("Duplicate column name: " + name);
    }
    table.columns.push_back({name, def.type, def.nullable.value_or(false), def.primaryKey});
  }
  return table;
}

std::string alter_add_column_sql(const std::string& table, const std::string& column,
                                 const StorageColumn& def) {
  std::string sql = "ALTER TABLE " + table + " ADD COLUMN \"" + column + "\" ";
  sql += alter_type_name(def.type);
  if (def.nullable == false) {  // only an explicit false, as the reference's `nullable === false`
    sql += " NOT NULL ";
    sql += default_clause(def.type);
  }
  return sql;
}

}  // namespace libsqlstore::operations
