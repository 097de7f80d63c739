// The local backend: one SQLite connection (a file or a private in-memory database) for the
// store's whole life. The only part of the library besides error_map.cpp that sees <sqlite3.h>.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "libsqlstore/options.hpp"

#include "core/client.hpp"
#include "core/retry.hpp"
#include "core/thread_annotations.hpp"
#include "core/url.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace libsqlstore::sqlite {

struct ConnectionCloser {
  void operator()(sqlite3* db) const noexcept;
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const noexcept;
};
using ConnectionHandle = std::unique_ptr<sqlite3, ConnectionCloser>;
using StatementHandle = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

class SqliteClient final : public core::Client {
 public:
  /// Opens the database `url` names (a file, a private or a shared in-memory database), read-only
  /// when `options.readOnly` or `url.read_only`. Sets the busy timeout, extended result codes
  /// and, for writable files, WAL mode and synchronous=FULL; a busy database at open is retried
  /// with `retry`. Throws ConnectionError (LIBSQL_STORE_CANNOT_OPEN) when the file cannot be
  /// opened (the message says why, e.g. a directory WAL cannot write to), DataError
  /// (LIBSQL_STORE_CORRUPT_DATABASE) for a file that is not a database, BusyError after the
  /// retries; every message names the file.
  SqliteClient(const core::DatabaseUrl& url, const StoreOptions& options,
               const core::BusyRetry& retry);
  ~SqliteClient() override;
  SqliteClient(const SqliteClient&) = delete;
  SqliteClient& operator=(const SqliteClient&) = delete;
  SqliteClient(SqliteClient&&) = delete;
  SqliteClient& operator=(SqliteClient&&) = delete;

  std::vector<core::ResultSet> batch(std::span<const core::Statement> stmts,
                                     core::Access access) override;
  void transaction(const std::function<void(core::Transaction&)>& body) override;
  /// FTS5 as SQLite was compiled; libSQL's vector functions when the connection has them.
  core::Capabilities capabilities() override;

  std::optional<core::ResultSet> scan(const core::Statement& stmt,
                                      const std::function<void(const core::RowView&)>& row,
                                      const std::function<core::Statement()>& then) override;
  /// One read transaction (BEGIN ... COMMIT) on this connection for all of body's scans.
  bool snapshot(const std::function<void(core::SnapshotReader&)>& body) override;
  /// Runs one statement on the connection; the caller holds mutex_. Public for the transaction.
  core::ResultSet run(const core::Statement& stmt) LIBSQLSTORE_REQUIRES(mutex_);
  /// The transaction's body runs under mutex_ (taken by transaction()).
  void assert_locked() const LIBSQLSTORE_ASSERT_CAPABILITY(mutex_) {}

 private:
  /// Opens `filename` with `flags` into db_ (closing any earlier connection).
  void open_connection(const std::string& filename, int flags, const StoreOptions& options)
      LIBSQLSTORE_REQUIRES(mutex_);
  void open_writable_file(const core::BusyRetry& retry, const StoreOptions& options)
      LIBSQLSTORE_REQUIRES(mutex_);
  void open_read_only_file(const core::BusyRetry& retry, const StoreOptions& options)
      LIBSQLSTORE_REQUIRES(mutex_);
  sqlite3_stmt* prepare(const std::string& sql) LIBSQLSTORE_REQUIRES(mutex_);
  /// Steps one read statement, handing each row to `row`.
  void stream(const core::Statement& stmt, const std::function<void(const core::RowView&)>& row)
      LIBSQLSTORE_REQUIRES(mutex_);
  void exec(const char* sql) LIBSQLSTORE_REQUIRES(mutex_);
  /// Steps one of the cached transaction-control statements (BEGIN, COMMIT) to completion.
  void control(const StatementHandle& stmt) LIBSQLSTORE_REQUIRES(mutex_);
  /// Rolls back if a transaction is open; never throws.
  void rollback_quietly() noexcept LIBSQLSTORE_REQUIRES(mutex_);
  /// Prepares BEGIN, COMMIT and the savepoint statements on db_.
  void prepare_control_statements() LIBSQLSTORE_REQUIRES(mutex_);
  /// Finalizes every prepared statement (cached and control), as closing db_ requires.
  void finalize_statements() LIBSQLSTORE_REQUIRES(mutex_);
  /// From a catch block of a failed call: rolls back, and after an I/O error or a full disk on
  /// a writable file marks the connection for replacement. Never throws.
  void recover_from_failure() noexcept LIBSQLSTORE_REQUIRES(mutex_);
  /// Opens a new connection if a failure marked the old one (first thing of every call).
  void reconnect_if_needed() LIBSQLSTORE_REQUIRES(mutex_);

  // Group commit (StoreOptions::groupCommit, group_commit.cpp).
  struct PendingWrite;
  /// Runs `body` in the write transaction of the next group, in its own savepoint; returns once
  /// the group committed, or throws the body's error or the group's.
  void grouped_write(const std::function<void(core::Transaction&)>& body)
      LIBSQLSTORE_EXCLUDES(mutex_, queue_mutex_);
  /// The leader: one transaction for `group`, a savepoint per call, one commit.
  void run_group(const std::vector<PendingWrite*>& group) LIBSQLSTORE_EXCLUDES(mutex_);

  // Every call is serialised on the one connection.
  mutable core::Mutex mutex_;
  ConnectionHandle db_;
  BackendKind kind_;
  std::string path_;  ///< files: the absolute path, for messages
  // The cache's hash of an SQL text: its length and five of its 8-byte words (start, quarters,
  // end), not every byte. Hashing the whole of a 400-byte upsert for each statement of each call
  // cost more than the lookup itself; statements that sample alike only share a bucket (the
  // key comparison is the full text).
  struct SqlTextHash {
    std::size_t operator()(const std::string& sql) const noexcept;
  };
  // Prepared statements by SQL text, reused across calls. Bounded: see prepare().
  std::unordered_map<std::string, StatementHandle, SqlTextHash> cache_
      LIBSQLSTORE_GUARDED_BY(mutex_);
  // Transaction control, prepared once: parsing "BEGIN IMMEDIATE" and "COMMIT" for every call
  // cost more than a small write itself.
  StatementHandle begin_immediate_;
  StatementHandle begin_deferred_;
  StatementHandle commit_;
  StatementHandle savepoint_;
  StatementHandle release_;
  StatementHandle rollback_to_;

  bool group_commit_ = false;
  bool writable_file_ = false;
  // What reconnect_if_needed() opens the file with (writable files only).
  StoreOptions options_;
  bool reconnect_ LIBSQLSTORE_GUARDED_BY(mutex_) = false;
  core::Mutex queue_mutex_;  // taken before mutex_, never while holding it
  std::condition_variable_any queue_cv_;
  std::vector<PendingWrite*> queue_ LIBSQLSTORE_GUARDED_BY(queue_mutex_);
  bool leading_ LIBSQLSTORE_GUARDED_BY(queue_mutex_) = false;
};

}  // namespace libsqlstore::sqlite
