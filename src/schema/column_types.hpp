// The reference's StorageColumn types as data: one row per ColumnType with every spelling the
// store needs (the JSON interface's name, createTable's SQL type, alterTable's SQL type and the
// NOT NULL default alterTable adds).
#pragma once

#include <optional>
#include <string_view>

#include "libsqlstore/operations.hpp"

namespace libsqlstore::schema {

struct ColumnTypeInfo {
  ColumnType type;
  std::string_view name;              ///< the reference's spelling: "text", "timestamp", ...
  std::string_view create_sql;        ///< createTable ('timestamp' becomes TEXT)
  std::string_view alter_sql;         ///< alterTable (the reference's getSqlType)
  std::string_view not_null_default;  ///< alterTable's clause for NOT NULL (getDefaultValue)
};

/// The row of `type`.
const ColumnTypeInfo& column_type_info(ColumnType type) noexcept;

/// The type the reference spells `name`, or nullopt.
std::optional<ColumnType> column_type_named(std::string_view name) noexcept;

/// "\"text\", \"timestamp\", ... or \"float\"": for messages.
std::string_view column_type_names() noexcept;

}  // namespace libsqlstore::schema
