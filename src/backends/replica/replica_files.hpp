// The files of an embedded replica, beside its database `<db>`:
//  - `<db>-replica`: what the replica holds (the primary's URL and revision, the size and the
//    header change counter the database was left with), JSON, replaced atomically;
//  - `<db>-replica-pull`: the pages of a pull, staged durably before any touches the database,
//    so that a pull interrupted at any point (a crash, a power cut) is redone or resumed, never
//    half-applied;
//  - `<db>-replica-lock`: empty; whoever opens or pulls into the replica holds it (PullLock).
// The database itself is an ordinary SQLite file in rollback-journal mode: the primary's pages
// as they are, except the header fields this file sets (journal mode, change counter, size).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "libsqlstore/options.hpp"

namespace libsqlstore::replica {

/// `<db>-replica`.
struct ReplicaState {
  std::string sync_url;                ///< the primary, scheme://host[:port]/path (never a token)
  std::string revision;                ///< the primary's revision the database holds (opaque)
  std::uint64_t db_size = 0;           ///< pages
  std::uint32_t change_counter = 0;    ///< header bytes 24..27 as the last pull wrote them
  std::int64_t last_pull_unix_ms = 0;  ///< when the primary last answered a pull
};

std::string state_path(const std::string& db_path);
std::string staging_path(const std::string& db_path);
std::string lock_path(const std::string& db_path);

/// An exclusive flock(2) of `<db>-replica-lock`, held while opening the replica or pulling into
/// it. Every store of the file takes it, in this process (each its own descriptor, so they
/// exclude each other too) or another: one pull at a time, and a pull never meets another's
/// staged pages or state file half-written. Blocks until the lock is free (a pull in flight is
/// bounded by its request timeouts); released on destruction, or by the kernel when the process
/// dies. Error LIBSQL_STORE_REPLICA_IO_FAILED when the file cannot be created or locked.
class PullLock {
 public:
  explicit PullLock(const std::string& db_path);
  ~PullLock();
  PullLock(const PullLock&) = delete;
  PullLock& operator=(const PullLock&) = delete;
  PullLock(PullLock&&) = delete;
  PullLock& operator=(PullLock&&) = delete;

 private:
  int fd_ = -1;
};

/// nullopt when there is no state file. A file that is not one throws DataError
/// LIBSQL_STORE_REPLICA_CORRUPT.
std::optional<ReplicaState> load_state(const std::string& db_path);
/// Writes the state atomically (a temporary file, fsync, rename, directory fsync).
void save_state(const std::string& db_path, const ReplicaState& state);
/// Whether two states name the same database: the revision, size and change counter (not when
/// it was last pulled).
bool same_database(const ReplicaState& a, const ReplicaState& b) noexcept;

/// What a staged pull is.
struct StagedPullHeader {
  bool bootstrap = false;       ///< a new replica (every page) rather than changes
  std::string base_revision;    ///< the revision the changes apply to ("" for a bootstrap)
  std::string server_revision;  ///< the revision they bring
  std::uint64_t db_size = 0;    ///< pages at server_revision
};

/// A pull being written to `<db>-replica-pull`. Pages are appended as they arrive; a chunk
/// boundary and the end are made durable (fsync) before anything relies on them.
class PullStaging {
 public:
  /// Starts a new staging file (replacing any).
  static PullStaging create(const std::string& db_path, const StagedPullHeader& header);
  /// Continues a staged bootstrap whose chunks up to `resume_at` are complete (Staged::load).
  static PullStaging resume(const std::string& db_path, std::uint64_t valid_bytes);

  PullStaging(PullStaging&&) noexcept;
  PullStaging& operator=(PullStaging&&) noexcept;
  PullStaging(const PullStaging&) = delete;
  PullStaging& operator=(const PullStaging&) = delete;
  ~PullStaging();

  void append_page(std::uint64_t page_id, std::span<const std::uint8_t> page);
  /// Every page below `next_page` has arrived (chunked bootstrap); durable on return.
  void end_chunk(std::uint64_t next_page);
  /// The pull is complete; durable on return.
  void complete();

 private:
  PullStaging(int fd, std::string path);
  void write_record(char type, std::uint64_t number, std::span<const std::uint8_t> payload);

  int fd_ = -1;
  std::string path_;
};

/// A staging file read back: its header and where its valid records end.
struct StagedPull {
  StagedPullHeader header;
  bool complete = false;
  /// Chunked bootstrap: pages below this have all arrived.
  std::uint64_t resume_at = 0;
  /// Bytes of the file that hold whole, checked records up to the last chunk boundary or end.
  std::uint64_t valid_bytes = 0;
  /// Each staged page: its id and where its bytes are in the file (later entries win).
  std::vector<std::pair<std::uint64_t, std::uint64_t>> pages;
};

/// nullopt when there is no staging file or its header is unreadable (a pull that never got
/// started: delete it). A torn tail is ignored (valid_bytes says where it starts).
std::optional<StagedPull> read_staging(const std::string& db_path);
void remove_staging(const std::string& db_path);

/// Applies a complete staged pull to the database and returns the new state (not yet saved):
///  - a bootstrap is written to `<db>.replica-new`, synced and renamed over `<db>`, so no reader
///    ever sees part of it; its pages must cover [0, db_size) (DataError
///    LIBSQL_STORE_REPLICA_INCOMPLETE otherwise: the primary has checkpointed pages out of its
///    log, which the protocol cannot send);
///  - changes are written in place under SQLite's EXCLUSIVE lock of the file, so readers in
///    other processes (sqlite3, the reference) wait instead of seeing half of them.
/// Page 1's header is set each time: rollback-journal mode, the change counter one past
/// `previous.change_counter` (so every reader's page cache notices), the size in pages.
/// Redoing the same staged pull on the same previous state writes the same bytes.
ReplicaState apply_staged(const std::string& db_path, const StagedPull& staged,
                          const ReplicaState& previous, const StoreOptions& options);

/// Checks that the database is exactly what `state` says the last pull left (header and size):
/// DataError LIBSQL_STORE_REPLICA_MODIFIED when something else wrote to it.
void check_unmodified(const std::string& db_path, const ReplicaState& state);

}  // namespace libsqlstore::replica
