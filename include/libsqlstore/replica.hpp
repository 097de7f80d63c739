// libsqlstore: embedded replicas (docs/replica.md). A store whose StoreOptions::url is a local
// file and whose StoreOptions::syncUrl names a primary speaking the Turso sync protocol (Turso,
// `tursodb --sync-server`) reads from the local file and writes to the primary; these are the
// types of its sync calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "libsqlstore/types.hpp"

namespace libsqlstore {

/// How far a pull has come (StoreOptions::syncProgress), reported after every chunk.
struct SyncProgress {
  bool bootstrap = false;           ///< a new replica is being built (every page is pulled)
  std::uint64_t pagesReceived = 0;  ///< pages staged so far by this pull
  std::uint64_t pagesTotal = 0;     ///< the primary's size in pages (a bootstrap receives them all)
};

/// What LibSQLStore::sync() did.
struct SyncResult {
  bool changed = false;       ///< the replica holds newer data than before
  bool bootstrapped = false;  ///< the replica was built from scratch (new, or the primary reset)
  std::uint64_t pages = 0;    ///< pages pulled
  std::string revision;       ///< the primary's revision the replica now holds (opaque)
};

/// What a replica holds and how fresh it is (LibSQLStore::replica_status()).
struct ReplicaStatus {
  std::string syncUrl;  ///< the primary (without any token)
  /// The primary's revision the local file holds; empty before the first bootstrap.
  std::string revision;
  std::uint64_t pages = 0;  ///< the local file's size in pages
  /// When the primary last answered a pull (a read's data is at least this fresh). nullopt
  /// before the first.
  std::optional<Timestamp> lastSync;
  /// Why the last pull failed (the primary unreachable, ...); nullopt after a successful one.
  std::optional<std::string> lastError;
  /// A write reached the primary but the pull after it failed: reads may not see it yet (the
  /// next call pulls first).
  bool pullPending = false;
};

}  // namespace libsqlstore
