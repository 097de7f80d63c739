// The write transaction a Client::transaction() body runs in, on the local connection.
#pragma once

#include "backends/sqlite/sqlite_client.hpp"

namespace libsqlstore::sqlite {

/// Statements run at once, under the connection's lock (which the caller holds).
class SqliteTransaction final : public core::Transaction {
 public:
  explicit SqliteTransaction(SqliteClient& client) : client_(client) {}
  core::ResultSet query(const core::Statement& stmt) override {
    client_.assert_locked();
    return client_.run(stmt);
  }
  void execute(core::Statement stmt) override {
    client_.assert_locked();
    client_.run(stmt);
  }

 private:
  SqliteClient& client_;
};

}  // namespace libsqlstore::sqlite
