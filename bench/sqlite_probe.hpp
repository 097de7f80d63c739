// Out-of-band inspection of the SQLite connection a LibSQLStore opens, for the numbers the store's
// API does not (and should not) expose: the SQLite version, the table count after init(), page
// counts and the WAL checkpoint of phase h. Nothing here is timed and nothing here writes rows.
//
// It works through SQLite's own auto-extension hook: while a ConnectionCapture is alive, every
// connection opened in the process is remembered, so the one the store opens can be inspected.
#pragma once

#include <cstdint>
#include <string>

struct sqlite3;

namespace libsqlstore::bench {

/// The version of the SQLite library linked into the process.
std::string sqlite_version();

/// Remembers the first SQLite connection opened while it is alive.
class ConnectionCapture {
 public:
  ConnectionCapture();
  ~ConnectionCapture();
  ConnectionCapture(const ConnectionCapture&) = delete;
  ConnectionCapture& operator=(const ConnectionCapture&) = delete;

  /// The captured connection, or nullptr if none was opened.
  sqlite3* connection() const noexcept;
};

/// Read-only helpers on a captured connection. The store must be idle (no call in progress).
class ConnectionProbe {
 public:
  explicit ConnectionProbe(sqlite3* db) noexcept : db_(db) {}
  explicit operator bool() const noexcept { return db_ != nullptr; }

  /// The first column of the first row of `sql` as an integer (-1 if no row). Throws on error.
  std::int64_t query_int(const char* sql) const;
  /// Runs a statement, discarding its rows. Throws on error.
  void exec(const char* sql) const;

 private:
  sqlite3* db_;
};

}  // namespace libsqlstore::bench
