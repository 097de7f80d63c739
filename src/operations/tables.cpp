// Generic table operations on whole tables: create, alter, clear, drop, has_column, supports
// (docs/compatibility.md, "Generic operations").
#include <algorithm>
#include <set>

#include "libsqlstore/operations.hpp"

#include "core/errors.hpp"
#include "core/identifier.hpp"
#include "operations/ddl.hpp"
#include "operations/table_info.hpp"
#include "store/store_context.hpp"

namespace libsqlstore {

void OperationsStore::create_table(const std::string& tableName, const TableSchema& schema) {
  context_->call("LIBSQL_STORE_CREATE_TABLE_FAILED", {{"tableName", tableName}}, [&] {
    const auto table = operations::checked_table(tableName, schema);
    context_->db().write(core::Statement(schema::create_table_sql(table)));
  });
}

void OperationsStore::alter_table(const std::string& tableName, const TableSchema& schema,
                                  const std::vector<std::string>& ifNotExists) {
  context_->call("LIBSQL_STORE_ALTER_TABLE_FAILED", {{"tableName", tableName}}, [&] {
    core::checked_identifier(tableName, "table name");
    for (const auto& name : ifNotExists) core::checked_identifier(name, "column name");
    for (const auto& [name, def] : schema) core::checked_identifier(name, "column name");
    // Read the columns and add the missing ones under one write lock, so two concurrent calls
    // cannot both decide to add the same column.
    context_->db().transaction([&](core::Transaction& tx) {
      const auto existing =
          operations::column_names(tx.query(operations::table_columns_query(tableName)));
      if (existing.empty()) operations::throw_table_not_found(tableName);
      std::set<std::string> present;  // SQLite column names are case-insensitive
      for (const auto& name : existing) present.insert(operations::ascii_lower(name));
      for (const auto& name : ifNotExists) {
        if (present.contains(operations::ascii_lower(name))) continue;
        // As the reference: a name the schema does not define is skipped.
        const auto def = std::find_if(schema.begin(), schema.end(),
                                      [&](const auto& column) { return column.first == name; });
        if (def == schema.end()) continue;
        tx.execute(core::Statement(operations::alter_add_column_sql(tableName, name, def->second)));
        present.insert(operations::ascii_lower(name));
      }
    });
  });
}

void OperationsStore::clear_table(const std::string& tableName) {
  context_->call("LIBSQL_STORE_CLEAR_TABLE_FAILED", {{"tableName", tableName}}, [&] {
    core::checked_identifier(tableName, "table name");
    context_->db().transaction([&](core::Transaction& tx) {
      // A table that does not exist is already clear; any other failure is thrown.
      const auto exists = tx.query(operations::table_columns_query(tableName));
      if (exists.rows.empty()) return;
      tx.execute(core::Statement("DELETE FROM " + tableName));
    });
  });
}

void OperationsStore::drop_table(const std::string& tableName) {
  context_->call("LIBSQL_STORE_DROP_TABLE_FAILED", {{"tableName", tableName}}, [&] {
    core::checked_identifier(tableName, "table name");
    context_->db().write(core::Statement("DROP TABLE IF EXISTS " + tableName));
  });
}

bool OperationsStore::has_column(const std::string& tableName, const std::string& column) {
  return context_->call("LIBSQL_STORE_HAS_COLUMN_FAILED",
                        {{"tableName", tableName}, {"column", column}}, [&] {
                          core::checked_identifier(tableName, "table name");
                          const auto names = operations::column_names(
                              context_->db().read(operations::table_columns_query(tableName)));
                          // Exact-case, as the reference (SQLite itself would accept any case).
                          return std::find(names.begin(), names.end(), column) != names.end();
                        });
}

}  // namespace libsqlstore
