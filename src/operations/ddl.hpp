// DDL of the generic table operations, exposed for tests.
#pragma once

#include <string>

#include "libsqlstore/operations.hpp"

#include "schema/tables.hpp"

namespace libsqlstore::operations {

/// The schema::Table for create_table(): validates the table name and every column name
/// (InvalidArgumentError), rejects an empty schema and duplicate column names.
schema::Table checked_table(const std::string& tableName, const TableSchema& columns);

/// `ALTER TABLE <t> ADD COLUMN "<c>" <type> [NOT NULL DEFAULT <v>]` exactly as the reference's
/// alterTable writes it. The type comes from getSqlType (bigint -> INTEGER, jsonb -> TEXT,
/// timestamp -> TIMESTAMP, uuid -> TEXT, ...). `NOT NULL` and the type's default are added only
/// when `column.nullable` is explicitly false (the reference's `nullable === false`); an absent
/// `nullable` adds a nullable column. Both names must already be validated.
std::string alter_add_column_sql(const std::string& table, const std::string& column,
                                 const StorageColumn& def);

}  // namespace libsqlstore::operations
