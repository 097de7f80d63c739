// What domain code uses to reach the database: a Client plus the store's retry policy and logger.
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "libsqlstore/options.hpp"

#include "core/client.hpp"
#include "core/retry.hpp"

namespace libsqlstore::core {

class Db {
 public:
  /// `retry` must outlive the Db.
  Db(std::unique_ptr<Client> client, const BusyRetry& retry, const StoreOptions& options);

  /// One consistent read of all `stmts`.
  std::vector<ResultSet> read(std::span<const Statement> stmts);
  ResultSet read(const Statement& stmt);

  /// One atomic write of all `stmts`, retried as a whole while the database is busy. Every text
  /// argument must be UTF-8 (InvalidArgumentError otherwise, before anything runs); a read-only
  /// store throws ReadOnlyError. transaction() checks the same.
  std::vector<ResultSet> write(std::span<const Statement> stmts);
  ResultSet write(const Statement& stmt);

  /// A read-modify-write transaction, retried as a whole while the database is busy. `body` may
  /// therefore run more than once; it must not have side effects outside the transaction.
  void transaction(const std::function<void(Transaction&)>& body);

  /// Client::scan(), retried as a whole while the database is busy: `restart` runs before every
  /// attempt (forget the rows of a failed one). nullopt when the backend cannot stream.
  std::optional<ResultSet> scan(const Statement& stmt, const std::function<void()>& restart,
                                const std::function<void(const RowView&)>& row,
                                const std::function<Statement()>& then);

  /// Client::snapshot(), not retried (what `body` did with the rows cannot be undone): a busy
  /// database reaches the caller as BusyError.
  bool snapshot(const std::function<void(SnapshotReader&)>& body) {
    return client_->snapshot(body);
  }

  /// Client::sync() and Client::replica_status() (embedded replicas), not retried.
  SyncResult sync() { return client_->sync(); }
  std::optional<ReplicaStatus> replica_status() { return client_->replica_status(); }

  void log(LogLevel level, const std::string& message) const;
  /// What the backend can do (Client::capabilities(), retried while busy).
  Capabilities capabilities();

 private:
  /// ReadOnlyError when the store was opened read-only.
  void check_writable() const;

  std::unique_ptr<Client> client_;
  const BusyRetry& retry_;
  const StoreOptions& options_;
};

}  // namespace libsqlstore::core
