#include "operations/ddl.hpp"

#include <set>

#include "libsqlstore/error.hpp"

#include "core/errors.hpp"
#include "core/identifier.hpp"
#include "operations/table_info.hpp"
#include "schema/column_types.hpp"

namespace libsqlstore::operations {

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
  sql += schema::column_type_info(def.type).alter_sql;
  if (def.nullable == false) {  // only an explicit false, as the reference's `nullable === false`
    sql += " NOT NULL ";
    sql += schema::column_type_info(def.type).not_null_default;
  }
  return sql;
}

}  // namespace libsqlstore::operations
