// Creating and upgrading the schema (LibSQLStore::init()).
#pragma once

#include "core/db.hpp"

namespace libsqlstore::schema {

/// How init() may change the database.
enum class MigrateMode {
  Write,     ///< create what is missing (tables, nullable columns, extra indexes)
  ReadOnly,  ///< change nothing: the tables must exist; missing extra indexes are tolerated
};

/// Brings the database to the current schema: the seven tables (reference DDL, reference order),
/// the nullable columns older versions of an existing table lack (the reference's own migration
/// adds mastra_messages.resourceId; the same `ALTER TABLE ... ADD COLUMN "c" TYPE` adds any other
/// nullable column), and libsqlstore's extra indexes. One read when the schema is current;
/// otherwise one more atomic write. Safe to run concurrently from several processes.
///
/// SchemaError (LIBSQL_STORE_SCHEMA_MISMATCH) when an existing table lacks a NOT NULL column the
/// store needs (it was not created by Mastra or libsqlstore): the message names the table and the
/// columns. In ReadOnly mode, SchemaError (LIBSQL_STORE_SCHEMA_MISSING) when anything but an extra
/// index would have to be created.
void migrate(core::Db& db, MigrateMode mode = MigrateMode::Write);

}  // namespace libsqlstore::schema
