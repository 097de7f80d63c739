// libsqlstore: how a store is configured.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "libsqlstore/replica.hpp"

namespace libsqlstore {

/// Severity of a message passed to StoreOptions::logger.
enum class LogLevel { Debug, Info, Warn, Error };

/// Receives the library's diagnostics (retries, fallbacks, warnings). Never receives the auth
/// token. May be called from any thread that uses the store; it must be thread-safe.
using Logger = std::function<void(LogLevel level, std::string_view message)>;

/// Everything a LibSQLStore needs to open its database. Every field documents its default.
struct StoreOptions {
  /// Where the data lives. REQUIRED.
  ///  - ":memory:"                         one private in-memory database for the store's lifetime;
  ///  - ":memory:?cache=shared", "file:NAME?mode=memory&cache=shared"  one in-memory database
  ///    shared by every store of this process that opens the same name, until the last closes;
  ///  - "file:relative.db", "file:/abs.db", "file:///abs.db"  a local SQLite file (the embedded
  ///    default); a relative path is resolved against the current directory when the store opens
  ///    and the absolute path is reported by LibSQLStore::database_path(). `?mode=ro` opens it
  ///    read-only (see readOnly), `?mode=rw` requires it to exist, `?mode=rwc` (the default)
  ///    creates it;
  ///  - "libsql://host", "https://host", "http://host:port", "ws(s)://host"  a remote libSQL
  ///    server (sqld, Turso) spoken to over Hrana on HTTP.
  std::string url;

  /// Bearer token for a remote server. Default: none. Never logged, never part of an error
  /// message. A `?authToken=` query parameter in `url` overrides it.
  std::optional<std::string> authToken;

  /// How many times a read or write that failed because the database was busy (locked by another
  /// connection or process) is retried, as a whole, before BusyError reaches the caller.
  /// Default 5.
  int maxRetries = 5;

  /// Backoff before the first retry; it doubles on each further retry (100, 200, 400, ... ms)
  /// up to 10 s (or this value, if larger). A std::chrono::milliseconds: the `Ms` is kept from
  /// the reference's option name. Refused remote connections use it too, capped at 2 s.
  /// Default 100 ms.
  std::chrono::milliseconds initialBackoffMs{100};

  /// Local databases: how long SQLite itself waits for a lock before reporting busy (the
  /// connection's busy timeout). Default 5000 ms, as the reference sets.
  std::chrono::milliseconds busyTimeout{5000};

  /// Run init() automatically before the first storage operation, as the Mastra framework does
  /// for the reference. Default false: call init() yourself.
  bool autoInit = false;

  /// Open the database read-only: nothing is ever written (not even the journal mode), every
  /// writing method throws ReadOnlyError before it runs, and init() only checks that the tables
  /// exist. Local files are opened with SQLite's read-only flag, so a database in a read-only
  /// directory or on read-only media can be read (`file:x.db?mode=ro` is the same). Default false.
  bool readOnly = false;

  /// Remote databases: TCP/TLS connect timeout. Default 10 s.
  std::chrono::milliseconds connectTimeout{10'000};

  /// Remote databases: timeout of one HTTP request, connect included. Default 30 s.
  std::chrono::milliseconds requestTimeout{30'000};

  /// Remote databases: verify the server's TLS certificate. Default true. Turning it off is for
  /// tests against self-signed servers only.
  bool verifyTls = true;

  /// Remote databases: the largest answer accepted from the server, in bytes. A larger one is
  /// abandoned as it arrives, so memory stays bounded whatever the server sends: the call fails
  /// with details `code` RESPONSE_TOO_LARGE (a read: Error, a write: InDoubtError).
  /// Default 64 MiB (sqld answers at most 10 MB per request); must be > 0.
  std::size_t maxResponseBytes = std::size_t{64} << 20;

  /// Local databases: write calls made at the same time (from several threads on this store)
  /// share one transaction and one commit. Calls that arrive while a commit is in flight wait
  /// for it and then run together, each in its own SAVEPOINT: one call's failure undoes and fails
  /// only that call, every call returns only once its data is committed (durable at
  /// synchronous=FULL), and a failed commit fails every call of the group (nothing of it is
  /// written). A lone writer pays nothing measurable. Default false (docs/performance.md, "Many
  /// writers").
  bool groupCommit = false;

  /// delete_thread() and delete_messages() also delete the messages' embeddings from Mastra
  /// Memory's vector indexes in the same database (the LibSQLVector tables named
  /// `memory_messages` / `memory_messages_<dim>`, rows whose metadata names the thread or the
  /// message), in the same transaction. The reference leaves them behind, so deleted content is
  /// still recalled. A local index carrying libSQL's DiskANN index is detached first
  /// (docs/vector.md). Default false, as the reference.
  bool deleteMessageVectors = false;

  /// Embedded replica (docs/replica.md): the primary, "libsql://host", "https://host" or
  /// "http://host:port", speaking the Turso sync protocol (Turso, `tursodb --sync-server`; not
  /// sqld, whose replicas use another protocol). `url` must then be a local file: the replica.
  /// Reads are served from it; writes go to the primary (atomically, as a remote store's) and
  /// the replica then pulls, so a caller reads its own writes. The token is authToken (or a
  /// `?authToken=` in syncUrl). Default: empty (not a replica).
  std::string syncUrl;

  /// Embedded replica: pull the primary's changes in the background this often (besides after
  /// every write and on LibSQLStore::sync()). A failed pull is logged (Warn) and retried at the
  /// next interval; reads keep being served. Default 0: no background pulls.
  std::chrono::milliseconds syncInterval{0};

  /// Embedded replica: called after every chunk a pull stages (a bootstrap of a large database
  /// takes many), from the thread that pulls. Default: none.
  std::function<void(const SyncProgress& progress)> syncProgress;

  /// Diagnostics sink. Default: none (silent).
  Logger logger;
};

}  // namespace libsqlstore
