// The local backend: one SQLite connection (a file or a private in-memory database) for the
// store's whole life. The only part of the library besides error_map.cpp that sees <sqlite3.h>.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "libsqlstore/options.hpp"

#include "core/client.hpp"

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
  /// Opens `path` (a file path, created if missing) or, with an empty path, a private in-memory
  /// database. Sets the busy timeout, extended result codes and, for files, WAL mode.
  SqliteClient(const std::string& path, const StoreOptions& options);
  ~SqliteClient() override;

  std::vector<core::ResultSet> batch(std::span<const core::Statement> stmts,
                                     core::Access access) override;
  void transaction(const std::function<void(core::Transaction&)>& body) override;
  BackendKind kind() const noexcept override { return kind_; }

  /// Runs one statement on the connection; the caller holds mutex_. Public for the transaction.
  core::ResultSet run(const core::Statement& stmt);

 private:
  sqlite3_stmt* prepare(const std::string& sql);
  void exec(const char* sql);
  /// Steps one of the cached transaction-control statements (BEGIN, COMMIT) to completion.
  void control(const StatementHandle& stmt);
  /// Rolls back if a transaction is open; never throws.
  void rollback_quietly() noexcept;

  std::mutex mutex_;
  ConnectionHandle db_;
  BackendKind kind_;
  // Prepared statements by SQL text, reused across calls. Bounded: see prepare().
  std::unordered_map<std::string, StatementHandle> cache_;
  // Transaction control, prepared once: parsing "BEGIN IMMEDIATE" and "COMMIT" for every call
  // cost more than a small write itself.
  StatementHandle begin_immediate_;
  StatementHandle begin_deferred_;
  StatementHandle commit_;
};

}  // namespace libsqlstore::sqlite
