// Generic row operations: insert, batch_insert, load.
#include <set>

#include "libsqlstore/operations.hpp"

#include "core/errors.hpp"
#include "core/identifier.hpp"
#include "operations/record_sql.hpp"
#include "operations/table_info.hpp"
#include "store/store_context.hpp"

namespace libsqlstore {

void OperationsStore::insert(const std::string& tableName, const Json& record) {
  context_->call("LIBSQL_STORE_INSERT_FAILED", {{"tableName", tableName}}, [&] {
    const auto stmts = operations::insert_statements(tableName, {record});
    context_->db().write(stmts);
  });
}

void OperationsStore::batch_insert(const std::string& tableName, const std::vector<Json>& records) {
  context_->call("LIBSQL_STORE_BATCH_INSERT_FAILED", {{"tableName", tableName}}, [&] {
    const auto stmts = operations::insert_statements(tableName, records);
    if (stmts.empty()) return;
    context_->db().write(stmts);
  });
}

std::optional<Json> OperationsStore::load(const std::string& tableName, const Json& keys) {
  return context_->call(
      "LIBSQL_STORE_LOAD_FAILED", {{"tableName", tableName}}, [&]() -> std::optional<Json> {
        core::checked_identifier(tableName, "table name");
        if (!keys.is_object() || keys.empty()) {
          core::invalid_argument("keys must be a non-empty JSON object");
        }
        for (const auto& [key, value] : keys.items()) core::checked_identifier(key, "column name");
        const auto columns = operations::column_names(
            context_->db().read(operations::table_columns_query(tableName)));
        if (columns.empty()) operations::throw_table_not_found(tableName);
        std::set<std::string> present;  // SQLite column names are case-insensitive
        for (const auto& c : columns) present.insert(operations::ascii_lower(c));
        auto has = [&](const std::string& name) {
          return present.contains(operations::ascii_lower(name));
        };
        core::Statement stmt{"SELECT * FROM " + tableName + " WHERE "};
        bool first = true;
        for (const auto& [key, value] : keys.items()) {
          if (!has(key)) {
            core::invalid_argument("Table " + tableName + " has no column " + std::string(key));
          }
          if (!first) stmt.sql += " AND ";
          first = false;
          stmt.sql += key;
          if (value.is_null()) {
            stmt.sql += " IS NULL";
          } else {
            stmt.sql += " = ?";
            stmt.args.push_back(operations::to_sql_value(value));
          }
        }
        // The reference requires a createdAt column; a table without one has no "newest" row,
        // so its first match (in rowid order) is returned.
        if (has("createdAt")) stmt.sql += " ORDER BY createdAt DESC";
        stmt.sql += " LIMIT 1";
        const auto rs = context_->db().read(stmt);
        if (rs.rows.empty()) return std::nullopt;
        Json row = Json::object();
        const auto& values = rs.rows.front();
        for (std::size_t i = 0; i < rs.columns.size() && i < values.size(); ++i) {
          row[rs.columns[i]] = operations::from_sql_value(values[i]);
        }
        return row;
      });
}

}  // namespace libsqlstore
