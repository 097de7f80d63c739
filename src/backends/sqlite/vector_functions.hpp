// libSQL's vector SQL functions on a plain SQLite connection: vector(), vector32(), vector64(),
// vector_extract(), vector_distance_cos() and vector_distance_l2(), with libSQL's semantics and
// error texts (core/vector_codec.hpp). With them the reference's vector SQL runs unchanged on a
// local database, and files the reference wrote can be queried.
//
// libsql_vector_idx() is deliberately NOT registered: a pass-through would let writes reach a
// table whose libSQL DiskANN index SQLite cannot maintain, and corrupt it (docs/vector.md).
#pragma once

struct sqlite3;

namespace libsqlstore::sqlite {

/// Registers the functions on `db` (deterministic, innocuous, UTF-8). A constant argument (the
/// query vector of a scan) is parsed once per statement, not once per row. Returns SQLite's
/// result code.
int register_vector_functions(sqlite3* db);

}  // namespace libsqlstore::sqlite
