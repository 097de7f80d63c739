// SQLite result codes -> libsqlstore exceptions. The only place that decides which exception
// type a local database failure becomes.
#pragma once

#include <string>

struct sqlite3;

namespace libsqlstore::sqlite {

/// Throws the libsqlstore::Error subclass for `code` (an extended result code) with `message`.
[[noreturn]] void throw_sqlite_error(int code, const std::string& message);

/// Throws for the current error of `db` (sqlite3_extended_errcode / sqlite3_errmsg).
[[noreturn]] void throw_last_error(sqlite3* db);

/// "SQLITE_CONSTRAINT_NOTNULL" and friends.
std::string code_name(int extended_code);

}  // namespace libsqlstore::sqlite
