// libsqlstore: generic table operations (the reference's `stores.operations`).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "libsqlstore/export.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/types.hpp"

namespace libsqlstore {

/// The reference's column types ('text', 'timestamp', 'uuid', 'jsonb', 'integer', 'bigint',
/// 'float'). DateTime is the reference's 'timestamp' (named so as not to shadow
/// libsqlstore::Timestamp).
enum class ColumnType { Text, DateTime, Uuid, Jsonb, Integer, Bigint, Float };

/// One column of a table schema.
struct StorageColumn {
  ColumnType type = ColumnType::Text;
  /// Whether the column admits NULL. Absent means what it means to the reference, which differs
  /// between its two methods: create_table() makes the column NOT NULL unless `nullable` is true;
  /// alter_table() adds it nullable unless `nullable` is false (then NOT NULL with the type's
  /// default). Set it explicitly to get the same column from both.
  std::optional<bool> nullable;
  bool primaryKey = false;
};

/// Columns in order, by name.
using TableSchema = std::vector<std::pair<std::string, StorageColumn>>;

/// What this store supports (the reference's `supports` getter).
struct StoreSupports {
  bool selectByIncludeResourceScope = true;
  bool resourceWorkingMemory = true;
  bool hasColumn = true;
  bool createTable = true;
  bool deleteMessages = true;
};

/// Generic table operations, as the reference's `stores.operations`. Obtained from
/// LibSQLStore::operations(); thread-safety and errors as the store's.
class LIBSQLSTORE_EXPORT OperationsStore {
 public:
  /// Internal: a store hands out its own instance (LibSQLStore::operations()).
  explicit OperationsStore(detail::StoreContext& context) noexcept : context_(&context) {}

  /// CREATE TABLE IF NOT EXISTS with the reference's DDL for `schema`.
  void create_table(const std::string& tableName, const TableSchema& schema);
  /// Adds the columns named in `ifNotExists` that `schema` defines and the table lacks.
  void alter_table(const std::string& tableName, const TableSchema& schema,
                   const std::vector<std::string>& ifNotExists);
  /// Deletes every row; a missing table is already clear.
  void clear_table(const std::string& tableName);
  void drop_table(const std::string& tableName);
  /// Inserts or replaces one row given as a JSON object keyed by column. Into the seven
  /// mastra_* tables every value must be what the column's readers read back.
  void insert(const std::string& tableName, const Json& record);
  /// Inserts or replaces all rows in one transaction: all or nothing.
  void batch_insert(const std::string& tableName, const std::vector<Json>& records);
  /// The newest row (by createdAt) whose key columns equal `keys`, as a JSON object; nullopt if
  /// none.
  std::optional<Json> load(const std::string& tableName, const Json& keys);
  bool has_column(const std::string& tableName, const std::string& column);

 private:
  detail::StoreContext* context_;
};

}  // namespace libsqlstore
