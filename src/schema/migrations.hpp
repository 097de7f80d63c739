// Creating and upgrading the schema (LibSQLStore::init()).
#pragma once

#include "core/db.hpp"

namespace libsqlstore::schema {

/// Brings the database to the current schema: the seven tables (reference DDL, reference order),
/// the reference's one migration (mastra_messages.resourceId) and libsqlstore's extra indexes.
/// One read when the schema is current; otherwise one more atomic write. Safe to run concurrently
/// from several processes.
void migrate(core::Db& db);

}  // namespace libsqlstore::schema
