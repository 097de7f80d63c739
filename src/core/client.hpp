// The seam between the store's logic and a database backend (local SQLite or a remote libSQL
// server). Domain code builds statements and hands them to a Client; it never knows which backend
// runs them. Every Client serialises its own calls and is safe to use from several threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "libsqlstore/replica.hpp"
#include "libsqlstore/types.hpp"

#include "core/value.hpp"

namespace libsqlstore::core {

enum class Access {
  Read,   ///< the statements only read; they see one consistent snapshot
  Write,  ///< the statements run in one write transaction (BEGIN IMMEDIATE ... COMMIT)
};

/// What a backend can do beyond plain SQL; features ask before they use it.
struct Capabilities {
  bool fts5 = false;              ///< CREATE VIRTUAL TABLE ... USING fts5
  bool vector_functions = false;  ///< libSQL's vector32(), vector_distance_cos()
  bool sync = false;              ///< the Turso sync protocol (pull-updates)
};

/// An open write transaction, handed to the body of Client::transaction().
class Transaction {
 public:
  Transaction() = default;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction(Transaction&&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  virtual ~Transaction() = default;
  /// Runs a statement now and returns its result (use for reads whose rows the logic needs).
  virtual ResultSet query(const Statement& stmt) = 0;
  /// Runs a statement whose result is not needed. A backend may defer it until commit (the
  /// remote backend sends it with COMMIT in one round trip); errors then surface at commit.
  virtual void execute(Statement stmt) = 0;
};

/// One row of Client::scan(), valid only inside the callback that receives it: its text and blob
/// views point into the database engine's buffers (no copies).
class RowView {
 public:
  enum class Type { Null, Integer, Real, Text, Blob };
  virtual std::size_t size() const noexcept = 0;
  virtual Type type(std::size_t column) const noexcept = 0;
  virtual std::int64_t integer(std::size_t column) const noexcept = 0;
  virtual double real(std::size_t column) const noexcept = 0;
  /// The value as text (numbers converted as SQLite converts them; empty for NULL).
  virtual std::string_view text(std::size_t column) const noexcept = 0;
  /// The value's bytes (a TEXT value's UTF-8; empty for NULL).
  virtual std::span<const std::uint8_t> blob(std::size_t column) const noexcept = 0;

 protected:
  RowView() = default;
  RowView(const RowView&) = default;
  RowView& operator=(const RowView&) = default;
  RowView(RowView&&) = default;
  RowView& operator=(RowView&&) = default;
  ~RowView() = default;
};

/// The reads of one Client::snapshot() call.
class SnapshotReader {
 public:
  /// Runs one read statement and hands every row to `row` (valid only during the call). `row`
  /// runs under the client's lock: it must not call the client.
  virtual void scan(const Statement& stmt, const std::function<void(const RowView&)>& row) = 0;

 protected:
  SnapshotReader() = default;
  SnapshotReader(const SnapshotReader&) = default;
  SnapshotReader& operator=(const SnapshotReader&) = default;
  SnapshotReader(SnapshotReader&&) = default;
  SnapshotReader& operator=(SnapshotReader&&) = default;
  ~SnapshotReader() = default;
};

class Client {
 public:
  Client() = default;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  Client(Client&&) = delete;
  Client& operator=(Client&&) = delete;
  virtual ~Client() = default;

  /// Runs `stmts` as one unit, in one round trip where the backend has round trips, and returns
  /// one ResultSet per statement. Access::Write is atomic: all statements commit or none does.
  /// Throws a libsqlstore::Error subclass (BusyError when the database is locked).
  virtual std::vector<ResultSet> batch(std::span<const Statement> stmts, Access access) = 0;

  /// Runs `body` inside a write transaction that commits when `body` returns and rolls back when
  /// it throws (the exception is rethrown).
  virtual void transaction(const std::function<void(Transaction&)>& body) = 0;

  /// Runs one read statement and hands every row to `row` as it is produced, without building a
  /// ResultSet (for scans whose rows are consumed at once: vector top-k), then runs the
  /// statement `then()` returns and answers its result, both in one consistent snapshot. `row`
  /// and `then` run under the client's lock: they must not call the client. nullopt, having done
  /// nothing, when the backend cannot stream (remote: use batch()).
  virtual std::optional<ResultSet> scan(const Statement& stmt,
                                        const std::function<void(const RowView&)>& row,
                                        const std::function<Statement()>& then);

  /// Runs `body` with a reader for many reads (an export). Where the backend can hold a snapshot
  /// (a local database: one read transaction on this connection, so other calls on this client
  /// wait until `body` returns, while other connections keep reading and writing) every scan sees
  /// the same one and rows stream from the engine; returns true. The default (remote) runs each
  /// scan as its own read through batch(), consistent only by itself; returns false. Not retried.
  virtual bool snapshot(const std::function<void(SnapshotReader&)>& body);

  /// What this backend can do. The default asks the database with a read per feature (a
  /// statement that fails means "no"); a backend that knows better says so.
  virtual Capabilities capabilities();

  /// An embedded replica pulls the primary's changes now. Other backends throw
  /// UnsupportedError LIBSQL_STORE_NOT_A_REPLICA.
  virtual SyncResult sync();
  /// An embedded replica's state; nullopt for other backends.
  virtual std::optional<ReplicaStatus> replica_status();
};

}  // namespace libsqlstore::core
