// What a query answers for a stored row, read as the reference reads it: metadata through
// JSON.parse(metadata ?? "{}"), the vector as libSQL's vector_extract prints it and JSON.parse
// reads it back. Shared by the local scan and the SQL path.
#pragma once

#include <string>
#include <vector>

#include "libsqlstore/json.hpp"

#include "core/value.hpp"

namespace libsqlstore::vectors {

/// DataError (LIBSQL_VECTOR_QUERY_FAILED) about a stored row of `table` that cannot be read.
[[noreturn]] void bad_row(const std::string& table, const std::string& id, const std::string& why);

/// DataError (LIBSQL_VECTOR_QUERY_FAILED) when the stored text is not JSON.
Json stored_metadata(const core::Value& metadata, const std::string& table, const std::string& id);

/// The stored embedding (a blob or libSQL's text form), each value rounded to 6 significant
/// digits as `%g` prints it. DataError for a value that is not a vector or holds Inf/NaN (JSON
/// cannot carry them).
std::vector<double> printed_vector(const core::Value& embedding, const std::string& table,
                                   const std::string& id);

}  // namespace libsqlstore::vectors
