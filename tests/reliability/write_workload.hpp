// The write workload of the fault and power-loss suites: one call of every write method of the
// store (and of the vector store on it), in an order where each builds on the ones before, with
// fixed inputs; and a fingerprint of a database file that two runs of the same calls share.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "libsqlstore/libsqlstore.hpp"

namespace libsqlstore::testing {

/// One write call (exactly one: a step is atomic only if it makes one call).
struct WriteStep {
  std::string name;
  std::function<void(LibSQLStore&, LibSQLVector&)> run;
  /// false for a call that changes no row (compact): before and after are the same state.
  bool changes = true;
};

/// Every write method once, each with fixed inputs: save_thread, save_messages, update_messages
/// (content and a move), delete_messages, update_thread, save_resource, update_resource,
/// persist_workflow_snapshot (new, then replaced), save_score, batch_trace_insert, insert,
/// batch_insert, clear_table, create_table / insert / alter_table / drop_table of a custom table,
/// the vector store's create_index, upsert, update_vector, delete_vector, truncate_index,
/// delete_index, import_data (all or nothing), the search index's rebuild, compact, and
/// delete_thread.
const std::vector<WriteStep>& write_steps();

/// Options of a store on `path` for these suites (no retries hide a fault: maxRetries 0), with
/// StoreOptions::groupCommit as given.
StoreOptions workload_options(const std::string& path, bool group_commit = false);

/// init() as the suites do it: with keyword search when `search`.
void workload_init(LibSQLStore& store, bool search);

/// Every table of the file, schema and rows (sorted), as text. Columns the store fills with the
/// clock or a random UUID (`updatedAt` everywhere, a snapshot's `createdAt`, a score's `id`)
/// are left out, so two runs of the same steps have the same fingerprint.
std::string fingerprint(const std::string& path);

/// PRAGMA integrity_check of the file ("ok" when sound).
std::string integrity(const std::string& path);

/// How the suites run the workload.
struct WorkloadConfig {
  std::string name;  ///< "wal", "rollback" (used in test names)
  bool wal = true;   ///< false: the fault VFS offers no WAL-index, SQLite keeps a rollback journal
  bool search = true;
  bool group_commit = false;  ///< the store under test commits through group commit
};

/// The database after init() (stage 0) and after each step i (stage i + 1), as closed files
/// under temp_dir(), made once per process and configuration (by the fault VFS, unarmed), with
/// their fingerprints.
struct Stages {
  std::vector<std::string> files;
  std::vector<std::string> fingerprints;
};
const Stages& stages(const WorkloadConfig& config);

/// Replaces `to` (and its -wal, -journal and -shm files) with a copy of the closed database
/// `from`.
void copy_database(const std::string& from, const std::string& to);

}  // namespace libsqlstore::testing
