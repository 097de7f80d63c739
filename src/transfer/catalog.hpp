// What a dump holds of a database's schema: the tables an export takes, with their DDL, columns
// and indexes as sqlite_master has them, and the rows an export filter selects from each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libsqlstore/transfer.hpp"

#include "core/client.hpp"
#include "core/db.hpp"

namespace libsqlstore::transfer {

/// One table of a dump.
struct TableEntry {
  std::string name;
  std::string kind;  ///< "store" (one of the seven), "vector" (a LibSQLVector index), "table"
  std::string sql;   ///< its CREATE TABLE, as sqlite_master stores it
  std::vector<std::string> columns;  ///< in table order
  std::vector<std::string> indexes;  ///< CREATE INDEX statements an import replays
  std::int64_t rows = 0;             ///< rows the export takes
};

/// Whether `text` starts with `prefix`, ASCII case folded (SQL keywords, SQLite's names).
bool starts_with_ci(std::string_view text, std::string_view prefix);

/// A read that returns one row when sqlite_master has an object of `type` ("table", "index")
/// named `name`, none otherwise.
core::Statement exists_statement(std::string_view type, const std::string& name);
/// Whether sqlite_master has an object of `type` named `name` (one read of its own).
bool object_exists(core::Db& db, std::string_view type, const std::string& name);

/// `name` as an SQL identifier in double quotes.
std::string quoted(const std::string& name);

/// The tables an export may take, in order: the seven in init() order, then the others by name.
/// Leaves out SQLite's own tables, the search index (derived: rebuilt on import), virtual tables
/// and their shadow tables, and libSQL's DiskANN shadow tables.
std::vector<TableEntry> read_catalog(core::SnapshotReader& reader);

/// An export's WHERE condition for `table` ("" = every row), or nullopt when a filter of
/// `options` has no column in that table (the table is left out). Its arguments go to `args`.
std::optional<std::string> filter_condition(const TableEntry& table, const ExportOptions& options,
                                            std::vector<core::Value>& args);

}  // namespace libsqlstore::transfer
