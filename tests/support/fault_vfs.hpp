// A test SQLite VFS over the default "unix" one that injects I/O faults and simulates power
// loss, as SQLite's own test VFSes and LevelDB's FaultInjectionTestEnv do.
//
// Faults: every read, write (or truncate), sync, lock and file open is an I/O step; an armed
// plan fails the Nth step of the chosen kinds with EIO, ENOSPC or a short write, once
// (transient) or from then on until clear() (a disk that stays full).
//
// Power loss: the VFS remembers, per file, the content that reached the disk with the last
// xSync and every write, truncate and delete since. power_off() makes the disk swallow every
// later change (the store can then be closed as if the process had died with it), and
// power_on() puts back on disk only what was synced, plus (to model writes the disk did reorder
// or keep) each unsynced change with a given probability, and drops the -shm files (memory, lost
// with the power). A delete is durable only when SQLite asked for the directory to be synced.
//
// install() registers it once per process as SQLite's default VFS, so every connection of the
// process (the store's and the test's own peeks) goes through it; while nothing is armed and the
// power is on it only counts and records. Thread-safe: one mutex serialises every call.
#pragma once

#include <cstdint>
#include <string>

namespace libsqlstore::testing {

class FaultVfs {
 public:
  /// Kinds of I/O step (bit mask).
  enum Step : unsigned {
    kRead = 1U << 0,   ///< xRead
    kWrite = 1U << 1,  ///< xWrite and xTruncate
    kSync = 1U << 2,   ///< xSync
    kLock = 1U << 3,   ///< xLock and taking a WAL-index lock (xShmLock)
    kOpen = 1U << 4,   ///< xOpen of a journal, WAL or database file
    kAll = 0x1fU,
  };

  /// What the failing step reports.
  enum class Failure {
    Eio,         ///< SQLITE_IOERR_{READ,WRITE,TRUNCATE,FSYNC,LOCK}, SQLITE_CANTOPEN for an open
    Enospc,      ///< SQLITE_FULL for writes (EIO for the other kinds)
    ShortWrite,  ///< writes: the first half of the bytes reach the file, then SQLITE_FULL
  };

  struct Plan {
    unsigned steps = kAll;  ///< which kinds of step count towards `nth` and can fail
    std::int64_t nth = 1;   ///< the 1-based step (of those kinds, counted from arm()) that fails
    Failure failure = Failure::Eio;
    bool sticky = false;  ///< false: only that step fails; true: it and every later one
  };

  /// Registers the VFS as the process's default (idempotent) and returns it.
  static FaultVfs& install();

  /// Starts counting steps from zero under `plan`.
  void arm(const Plan& plan);
  /// No fault from now on; the count stops.
  void clear();
  /// Steps of the armed kinds counted since arm() (also after clear()).
  std::int64_t steps() const;
  /// Faults injected since arm().
  std::int64_t faults() const;

  /// Files opened from now on offer no WAL-index (shared memory): SQLite cannot use WAL and
  /// stays in a rollback-journal mode. Affects only connections opened afterwards.
  void set_wal_supported(bool supported);

  /// Everything on disk now counts as synced (call between a test's setup and its workload).
  void mark_all_durable();
  /// The power fails at the next I/O step (of any kind) after `steps` more steps; 0: now.
  /// From then on the disk accepts and drops every change.
  void power_off_after(std::int64_t steps);
  bool powered_off() const;
  /// Brings the disk back as a power loss leaves it: what was synced, each unsynced change kept
  /// with probability `keep` (0: none, LevelDB's model) in its order, no -shm files. Call once
  /// every connection on the files is closed. Returns how many unsynced changes were dropped.
  int power_on(double keep = 0.0, std::uint32_t seed = 0);

  FaultVfs(const FaultVfs&) = delete;
  FaultVfs& operator=(const FaultVfs&) = delete;

  struct State;  // defined in fault_vfs.cpp

 private:
  FaultVfs() = default;
};

}  // namespace libsqlstore::testing
