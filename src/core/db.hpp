// What domain code uses to reach the database: a Client plus the store's retry policy and logger.
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "libsqlstore/options.hpp"

#include "core/client.hpp"

namespace libsqlstore::core {

class Db {
 public:
  Db(std::unique_ptr<Client> client, const StoreOptions& options);

  /// One consistent read of all `stmts`.
  std::vector<ResultSet> read(std::span<const Statement> stmts);
  ResultSet read(const Statement& stmt);

  /// One atomic write of all `stmts`, retried as a whole while the database is busy.
  std::vector<ResultSet> write(std::span<const Statement> stmts);
  ResultSet write(const Statement& stmt);

  /// A read-modify-write transaction, retried as a whole while the database is busy. `body` may
  /// therefore run more than once; it must not have side effects outside the transaction.
  void transaction(const std::function<void(Transaction&)>& body);

  void log(LogLevel level, const std::string& message) const;
  Client& client() noexcept { return *client_; }
  BackendKind kind() const noexcept { return client_->kind(); }

 private:
  template <class F>
  auto with_busy_retry(F&& op) -> decltype(op());

  std::unique_ptr<Client> client_;
  const StoreOptions& options_;
};

}  // namespace libsqlstore::core
