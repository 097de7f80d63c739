// The on-disk shape of a vector index: the reference's DDL, what sqlite_master says about an
// index table (its dimension, whether libSQL's DiskANN index is attached), and the statements
// that detach that index from a local file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/value.hpp"

namespace libsqlstore::schema {

/// The reference's CREATE TABLE, byte for byte (whitespace included: SQLite stores it).
std::string vector_table_ddl(const std::string& name, std::int64_t dimension);
/// The reference's CREATE INDEX ... (libsql_vector_idx(embedding)), for remote libSQL servers.
std::string diskann_index_ddl(const std::string& name);
/// Mastra Memory's index names: memory_messages and memory_messages_<dimension>.
bool is_memory_recall_index(const std::string& name);
/// Expression indexes on json_extract(metadata, '$.thread_id'), '$.resource_id' (recall scoped
/// to a thread or a resource) and '$.message_id' (deleting a message's embeddings).
std::vector<std::string> recall_index_ddl(const std::string& name);

/// The dimension of a table's F32_BLOB(<n>) column (also tursodb's rewritten `F32_BLOB (4)`);
/// 0 when there is none, as the reference reports it.
std::int64_t vector_dimension_of(const std::string& table_sql);

/// What sqlite_master holds about one index table.
struct VectorTable {
  bool exists = false;
  std::string table;  ///< the name as stored (SQLite names are case-insensitive)
  std::int64_t dimension = 0;
  bool has_recall_indexes = false;
  /// libSQL DiskANN leftovers: the index names using libsql_vector_idx, the shadow table, the
  /// meta table.
  std::vector<std::string> diskann_indexes;
  bool has_shadow_table = false;
  bool has_meta_table = false;

  bool has_diskann() const noexcept { return !diskann_indexes.empty() || has_shadow_table; }
};

/// The read that inspect_vector_table() decodes.
core::Statement inspect_vector_table_statement(const std::string& name);
VectorTable inspect_vector_table(const std::string& name, const core::ResultSet& rows);

/// Drops what libSQL's DiskANN left on a local file (index, shadow table, meta row), so plain
/// SQLite can write the table. Empty when there is nothing.
std::vector<core::Statement> diskann_detach_statements(const VectorTable& schema);

}  // namespace libsqlstore::schema
