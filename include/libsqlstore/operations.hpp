// libsqlstore: generic table operations (the reference's `stores.operations`).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "libsqlstore/json.hpp"

namespace libsqlstore {

/// The reference's column types.
// g++ (-Wshadow) reports the scoped enumerator `Timestamp` as shadowing libsqlstore::Timestamp,
// although a scoped enumerator is only ever named as ColumnType::Timestamp. Silenced here so
// users who build with -Wshadow -Werror are not affected.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#endif
enum class ColumnType { Text, Timestamp, Uuid, Jsonb, Integer, Bigint, Float };
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

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

}  // namespace libsqlstore
