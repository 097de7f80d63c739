#include "backends/sqlite/error_map.hpp"

#include "libsqlstore/error.hpp"

#include <sqlite3.h>

#include "core/errors.hpp"

namespace libsqlstore::sqlite {

std::string code_name(int code) {
  switch (code) {
    case SQLITE_CONSTRAINT_NOTNULL:
      return "SQLITE_CONSTRAINT_NOTNULL";
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return "SQLITE_CONSTRAINT_PRIMARYKEY";
    case SQLITE_CONSTRAINT_UNIQUE:
      return "SQLITE_CONSTRAINT_UNIQUE";
    case SQLITE_CONSTRAINT_CHECK:
      return "SQLITE_CONSTRAINT_CHECK";
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return "SQLITE_CONSTRAINT_FOREIGNKEY";
    case SQLITE_BUSY_SNAPSHOT:
      return "SQLITE_BUSY_SNAPSHOT";
    case SQLITE_BUSY_RECOVERY:
      return "SQLITE_BUSY_RECOVERY";
    case SQLITE_BUSY_TIMEOUT:
      return "SQLITE_BUSY_TIMEOUT";
    case SQLITE_LOCKED_SHAREDCACHE:
      return "SQLITE_LOCKED_SHAREDCACHE";
    case SQLITE_READONLY_DBMOVED:
      return "SQLITE_READONLY_DBMOVED";
    case SQLITE_READONLY_CANTINIT:
      return "SQLITE_READONLY_CANTINIT";
    case SQLITE_READONLY_DIRECTORY:
      return "SQLITE_READONLY_DIRECTORY";
    case SQLITE_READONLY_RECOVERY:
      return "SQLITE_READONLY_RECOVERY";
    case SQLITE_READONLY_CANTLOCK:
      return "SQLITE_READONLY_CANTLOCK";
    case SQLITE_READONLY_ROLLBACK:
      return "SQLITE_READONLY_ROLLBACK";
    case SQLITE_CANTOPEN_FULLPATH:
      return "SQLITE_CANTOPEN_FULLPATH";
    case SQLITE_IOERR_SHMOPEN:
      return "SQLITE_IOERR_SHMOPEN";
    case SQLITE_IOERR_SHORT_READ:
      return "SQLITE_IOERR_SHORT_READ";
    case SQLITE_CANTOPEN_ISDIR:
      return "SQLITE_CANTOPEN_ISDIR";
    default:
      break;
  }
  switch (code & 0xff) {
    case SQLITE_ERROR:
      return "SQLITE_ERROR";
    case SQLITE_INTERNAL:
      return "SQLITE_INTERNAL";
    case SQLITE_PERM:
      return "SQLITE_PERM";
    case SQLITE_ABORT:
      return "SQLITE_ABORT";
    case SQLITE_BUSY:
      return "SQLITE_BUSY";
    case SQLITE_LOCKED:
      return "SQLITE_LOCKED";
    case SQLITE_NOMEM:
      return "SQLITE_NOMEM";
    case SQLITE_READONLY:
      return "SQLITE_READONLY";
    case SQLITE_INTERRUPT:
      return "SQLITE_INTERRUPT";
    case SQLITE_IOERR:
      return "SQLITE_IOERR";
    case SQLITE_CORRUPT:
      return "SQLITE_CORRUPT";
    case SQLITE_FULL:
      return "SQLITE_FULL";
    case SQLITE_CANTOPEN:
      return "SQLITE_CANTOPEN";
    case SQLITE_PROTOCOL:
      return "SQLITE_PROTOCOL";
    case SQLITE_SCHEMA:
      return "SQLITE_SCHEMA";
    case SQLITE_TOOBIG:
      return "SQLITE_TOOBIG";
    case SQLITE_CONSTRAINT:
      return "SQLITE_CONSTRAINT";
    case SQLITE_MISMATCH:
      return "SQLITE_MISMATCH";
    case SQLITE_MISUSE:
      return "SQLITE_MISUSE";
    case SQLITE_RANGE:
      return "SQLITE_RANGE";
    case SQLITE_NOTADB:
      return "SQLITE_NOTADB";
    default:
      return "SQLITE_UNKNOWN_" + std::to_string(code);
  }
}

void throw_sqlite_error(int code, const std::string& message) {
  const std::string name = code_name(code);
  const std::string text = name + ": " + message;
  Json details = {{"code", name}};
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw BusyError("LIBSQL_STORE_BUSY", ErrorCategory::ThirdParty, text, details);
    case SQLITE_CONSTRAINT:
      throw ConstraintError("LIBSQL_STORE_CONSTRAINT", ErrorCategory::User, text, details);
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      throw ConnectionError("LIBSQL_STORE_CANNOT_OPEN", ErrorCategory::ThirdParty, text, details);
    case SQLITE_READONLY:
      throw ReadOnlyError("LIBSQL_STORE_READ_ONLY", ErrorCategory::User,
                          text +
                              " (the database refuses writes: it was opened read-only, or the "
                              "file or its directory is not writable)",
                          details);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      throw DataError("LIBSQL_STORE_CORRUPT_DATABASE", ErrorCategory::ThirdParty, text, details);
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
    case SQLITE_MISMATCH:
      core::invalid_argument(text, details);
    case SQLITE_ERROR:
      if (message.rfind("no such table", 0) == 0) core::throw_no_such_table(text, details);
      break;
    default:
      break;
  }
  throw Error("LIBSQL_STORE_SQLITE_ERROR", ErrorCategory::ThirdParty, text, details);
}

void throw_last_error(sqlite3* db) {
  throw_sqlite_error(sqlite3_extended_errcode(db), sqlite3_errmsg(db));
}

}  // namespace libsqlstore::sqlite
