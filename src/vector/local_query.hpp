// The top-k scan of a local index: one streaming read of the matching rows, scored with libSQL's
// exact kernel 8 rows at a time (cosine_scorer.hpp), kept in a bounded heap. Same answer as the
// reference's `ORDER BY score DESC LIMIT k` query, bit for bit and in the same order (ties in scan
// order, as SQLite's sorter keeps them), without a per-row SQL function call or a result set.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/vector.hpp"

#include "core/db.hpp"
#include "vector/filter.hpp"

namespace libsqlstore::vectors {

/// nullopt when the backend cannot stream (remote): run the SQL instead. Rows whose embedding is
/// not a float32 vector of the query's length fail as libSQL's distance function would (DataError
/// with its message).
std::optional<std::vector<QueryResult>> scan_top_k(core::Db& db, const std::string& table,
                                                   const QueryParams& params, FilterSql filter);

}  // namespace libsqlstore::vectors
