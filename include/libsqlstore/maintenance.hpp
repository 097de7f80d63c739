// libsqlstore: keeping a database healthy and small. database_stats() reports what a database
// holds (rows and bytes per table and index, WAL, free pages); prune() deletes what a retention
// policy no longer keeps, in small batches, while the application runs; compact() gives the
// space back to the file system. docs/operations.md.
//
// Thread-safety: each function uses the store like any of its methods.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/export.hpp"
#include "libsqlstore/store.hpp"

namespace libsqlstore {

/// One table in database_stats().
struct TableStats {
  std::string name;
  std::string kind;  ///< "store" (the seven), "vector", "search" (the keyword index), "table"
  std::int64_t rows = 0;
  /// Bytes of its pages (SQLite's dbstat), its indexes' not included; nullopt where the
  /// backend cannot tell (remote servers).
  std::optional<std::int64_t> bytes;
};

/// One index in database_stats().
struct DatabaseIndex {
  std::string name;
  std::string table;
  std::optional<std::int64_t> bytes;
};

/// What database_stats() reports. Sizes are nullopt where the backend cannot tell.
struct DatabaseStats {
  BackendKind backend = BackendKind::File;
  std::string journalMode;  ///< "wal", "delete", "memory", ... ("" when not reported)
  std::int64_t pageSize = 0;
  std::int64_t pageCount = 0;
  std::int64_t freePages = 0;             ///< pages compact() would give back
  std::optional<std::int64_t> fileBytes;  ///< the database file (local files)
  std::optional<std::int64_t> walBytes;   ///< its -wal file (local files in WAL mode)
  std::int64_t schemaVersion = 0;         ///< SQLite's schema cookie (PRAGMA schema_version)
  std::vector<TableStats> tables;         ///< the seven first, then by name
  std::vector<DatabaseIndex> indexes;     ///< by name
  /// The indexes init() creates that the database lacks (a file the reference created and
  /// libsqlstore never initialised): run init() to add them.
  std::vector<std::string> missingIndexes;
  bool searchEnabled = false;
};

/// Reads the statistics. Read-only. Error id LIBSQL_STORE_DATABASE_STATS_FAILED.
LIBSQLSTORE_EXPORT DatabaseStats database_stats(LibSQLStore& store);

/// What prune() keeps. Every rule is optional; an empty policy deletes nothing.
struct RetentionPolicy {
  /// Spans (mastra_traces) created longer ago than this are deleted.
  std::optional<std::chrono::milliseconds> tracesMaxAge;
  /// Legacy evals (mastra_evals, by created_at).
  std::optional<std::chrono::milliseconds> evalsMaxAge;
  /// Scores (mastra_scorers, by createdAt).
  std::optional<std::chrono::milliseconds> scoresMaxAge;
  /// Workflow runs that are over (snapshot status success, failed or canceled) and were last
  /// updated longer ago than this. Running, suspended and waiting runs are always kept.
  std::optional<std::chrono::milliseconds> workflowRunsMaxAge;
  /// Messages created longer ago than this.
  std::optional<std::chrono::milliseconds> messagesMaxAge;
  /// Keep only the newest N messages of every thread (N >= 0).
  std::optional<std::int64_t> keepLastMessages;
  /// Also delete threads that hold no message (after the rules above) and were last updated
  /// longer ago than messagesMaxAge (or, without it, at any time). Default false: a thread whose
  /// messages were all pruned stays, with its title and metadata.
  bool deleteEmptyThreads = false;
};

/// Arguments of prune().
struct PruneOptions {
  RetentionPolicy policy;
  /// Count what would be deleted; delete nothing. Default false.
  bool dryRun = false;
  /// Rows deleted per transaction: each batch holds the write lock only for itself (the rows
  /// are chosen before, by a read that takes no lock), so concurrent writers wait a moment, not
  /// for the whole prune. Default 500; must be > 0.
  std::int64_t batchSize = 500;
  /// Rest between batches, so that writers waiting for the lock get it: SQLite has no queue of
  /// waiting writers, and one waiting in its busy handler retries after sleeps of up to 25 ms in
  /// its first 100 ms. Default 25 ms (docs/operations.md); 0 for a prune on an idle database.
  std::chrono::milliseconds pause{25};
  /// The time ages are measured from. Default: now.
  std::optional<Timestamp> now;
  /// Called after every batch with the rows deleted so far from `table`.
  std::function<void(const std::string& table, std::int64_t deleted)> onProgress;
};

/// What prune() deleted (or, with dryRun, would delete), per table.
struct PruneSummary {
  std::vector<std::pair<std::string, std::int64_t>> deleted;
  std::int64_t total = 0;
  bool dryRun = false;
};

/// Deletes what `options.policy` does not keep, in batches (an interrupted prune is resumed by
/// running it again). Derived data stays consistent: the keyword index (its triggers see every
/// delete) and Mastra Memory's embeddings of deleted messages (deleted with them, as
/// StoreOptions::deleteMessageVectors does). Threads' updatedAt are not touched. Throws
/// InvalidArgumentError (a negative age or count, batchSize <= 0), ReadOnlyError. Error id
/// LIBSQL_STORE_PRUNE_FAILED.
LIBSQLSTORE_EXPORT PruneSummary prune(LibSQLStore& store, const PruneOptions& options);

/// What compact() did.
struct CompactSummary {
  std::int64_t bytesBefore = 0;  ///< the file and its WAL before
  std::int64_t bytesAfter = 0;   ///< and after
  std::int64_t freePagesBefore = 0;
  std::int64_t freePagesAfter = 0;
  /// False when another connection kept reading an old snapshot, so the WAL could not be
  /// truncated (run compact() again when it is idle).
  bool walTruncated = false;
};

/// Local databases: checkpoints the WAL into the file, rebuilds the file without its free pages
/// (SQLite's VACUUM: atomic, so a crash or kill -9 during it leaves the database as it was
/// before), then truncates the WAL. Holds the write lock while it runs: other writers wait (up to
/// their busy timeout) and needs free disk space of up to twice the file. Throws
/// UnsupportedError on a remote database (the server manages its own storage), ReadOnlyError.
/// Error id LIBSQL_STORE_COMPACT_FAILED.
LIBSQLSTORE_EXPORT CompactSummary compact(LibSQLStore& store);

/// A row the store cannot read back (a JSON column that does not parse, a timestamp that is not
/// one, text in a number column): reading it fails with DataError, so it is listed to be
/// repaired or deleted by hand.
struct QuarantinedRow {
  std::string table;
  std::string rowId;  ///< its id (primary key), as text
  std::string column;
  std::string reason;  ///< what is wrong with the value
};

/// One finding of doctor().
struct DoctorFinding {
  /// "integrity", "orphan_messages", "unreadable_rows", "missing_indexes", "search_index",
  /// "vector_blobs", "diskann_index", "wal_size".
  std::string check;
  /// A problem makes the database unclean; a note is worth knowing and needs no repair.
  bool problem = true;
  std::string message;             ///< what was found and, for a problem, what to do
  std::vector<std::string> items;  ///< the first offenders (ids, index names, integrity lines)
  bool fixable = false;            ///< doctor({.fix = true}) repairs it safely
  bool fixed = false;              ///< and did
};

/// Arguments of doctor().
struct DoctorOptions {
  /// Repair what can be repaired without losing or changing data: create libsqlstore's missing
  /// indexes (init()), finish an interrupted search index build, rebuild a search index that
  /// differs from the data. Nothing else is ever changed. Default false (read-only).
  bool fix = false;
  /// At most this many items per finding and rows in the quarantine list. Default 20.
  std::int64_t maxItems = 20;
};

/// What doctor() found.
struct DoctorReport {
  std::vector<std::string>
      checks;  ///< the checks that ran (those a backend cannot run are left out)
  std::vector<DoctorFinding> findings;
  std::vector<QuarantinedRow> quarantine;
  std::int64_t quarantinedRows = 0;  ///< all of them (the list stops at maxItems)
  /// No problem is left (fixed ones do not count).
  bool clean() const noexcept {
    for (const auto& f : findings) {
      if (f.problem && !f.fixed) return false;
    }
    return true;
  }
};

/// Checks the database: SQLite's integrity_check, messages whose thread does not exist, rows
/// the store cannot read back (the quarantine list), libsqlstore's missing indexes, the search
/// index against the data, vector rows whose embedding does not have the index's dimension, and
/// notes a DiskANN index (the reference's; local writes detach it) and a WAL larger than the
/// file. Reads every row of the seven tables. Error id LIBSQL_STORE_DOCTOR_FAILED.
LIBSQLSTORE_EXPORT DoctorReport doctor(LibSQLStore& store, const DoctorOptions& options = {});

/// Arguments of list_threads().
struct ThreadListQuery {
  /// Only this resource's threads. Default: every thread of the database.
  std::optional<std::string> resourceId;
  std::int64_t page = 0;      ///< zero-based
  std::int64_t perPage = 50;  ///< > 0
};

/// A thread and how many messages it holds.
struct ThreadSummary {
  Thread thread;
  std::int64_t messages = 0;
};

/// A page of list_threads(), most recently updated first.
struct ThreadSummaryPage {
  std::vector<ThreadSummary> threads;
  std::int64_t total = 0;
  std::int64_t page = 0;
  std::int64_t perPage = 0;
  bool hasMore = false;
};

/// The threads of the database (or of one resource), most recently updated first, each with its
/// message count: what an operator lists (`libsqlstore threads`). The reference can only list
/// one resource's threads. Error id LIBSQL_STORE_LIST_THREADS_FAILED.
LIBSQLSTORE_EXPORT ThreadSummaryPage list_threads(LibSQLStore& store,
                                                  const ThreadListQuery& query = {});

}  // namespace libsqlstore
