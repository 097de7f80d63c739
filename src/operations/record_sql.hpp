// Rows given as JSON objects keyed by column (the reference's generic write and read paths,
// docs/compatibility.md, "Generic operations"), as SQL values and statements.
#pragma once

#include <string>
#include <vector>

#include "libsqlstore/json.hpp"

#include "core/value.hpp"

namespace libsqlstore::operations {

/// The most rows one generated INSERT carries; a batch is split into statements of at most this
/// many rows (and at most kMaxArgsPerStatement arguments), all run in one transaction.
inline constexpr std::size_t kMaxRowsPerStatement = 500;
inline constexpr std::size_t kMaxArgsPerStatement = 30000;

/// One JSON value as an SQL value: null -> NULL, string -> TEXT, integer -> INTEGER, other
/// number -> REAL, boolean -> 1/0, object/array -> compact JSON text, binary -> BLOB.
/// Throws InvalidArgumentError for NaN/infinite numbers and unsigned integers beyond int64.
core::Value to_sql_value(const Json& value);

/// `INSERT OR REPLACE INTO <table> (<keys>) VALUES (...), ...` for `records`, in order. Every
/// record must be a non-empty JSON object; the table and every key must be valid identifiers
/// (InvalidArgumentError otherwise, before any statement is built). Consecutive records with the
/// same keys share a multi-row statement.
std::vector<core::Statement> insert_statements(const std::string& table,
                                               const std::vector<Json>& records);

/// One stored value as the generic read path returns it: NULL -> null, numbers as numbers, text
/// as a string, except text starting with '{' or '[' that is valid JSON, which is parsed (the
/// reference's heuristic). BLOBs become JSON binary values.
Json from_sql_value(const core::Value& value);

}  // namespace libsqlstore::operations
