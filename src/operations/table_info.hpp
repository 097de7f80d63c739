// Column lists of existing tables (PRAGMA table_info), for the generic operations.
#pragma once

#include <string>
#include <vector>

#include "core/client.hpp"

namespace libsqlstore::operations {

/// `SELECT name FROM pragma_table_info(?)`: the table name is bound, never interpolated.
core::Statement table_columns_query(const std::string& table);

/// The column names of a table_columns_query() result, in table order. Empty when the table does
/// not exist.
std::vector<std::string> column_names(const core::ResultSet& rs);

/// `name` in ASCII lower case: SQLite compares column (and table) names case-insensitively.
std::string ascii_lower(std::string name);

/// NotFoundError (LIBSQL_STORE_TABLE_NOT_FOUND, USER) for a table that does not exist.
[[noreturn]] void throw_table_not_found(const std::string& table);

}  // namespace libsqlstore::operations
