// The embedded-replica backend (docs/replica.md): a local SQLite file kept a page-exact copy of
// a primary that speaks the Turso sync protocol. Reads run on the local file through a
// read-only SqliteClient; writes run on the primary through the remote (Hrana) client, and are
// followed by a pull, so that a caller reads its own writes. Pulls stage the primary's pages
// durably (replica_files.hpp) and apply them while no read runs.
//
// Several stores may open one replica file, in one process or several (a LibSQLStore and a
// LibSQLVector of one file, two workers): opening and pulling hold the file's PullLock, so
// their pulls take turns, and each pull first takes up what another store's pull left (its
// state file, a staged pull it did not finish).
//
// Thread-safety: safe for concurrent use. Reads share state_mutex_; a pull applies its pages
// holding it exclusively (after waiting for the reads in flight); one pull runs at a time
// (pull_mutex_, then the file's PullLock, then state_mutex_).
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <shared_mutex>
#include <string>
#include <thread>

#include "libsqlstore/options.hpp"

#include "backends/hrana/http_transport.hpp"
#include "backends/replica/pull_protocol.hpp"
#include "backends/replica/replica_files.hpp"
#include "backends/sqlite/sqlite_client.hpp"
#include "core/client.hpp"
#include "core/retry.hpp"
#include "core/thread_annotations.hpp"
#include "core/url.hpp"

namespace libsqlstore::replica {

class ReplicaClient final : public core::Client {
 public:
  /// `local` is the replica file, `primary` the parsed syncUrl. Contacts nobody: the first call
  /// opens (or bootstraps) the replica. Starts the background pull when options.syncInterval > 0.
  ReplicaClient(core::DatabaseUrl local, const core::DatabaseUrl& primary,
                const StoreOptions& options, const core::BusyRetry& retry);
  /// Stops the background pull (waiting for one in flight).
  ~ReplicaClient() override;
  ReplicaClient(const ReplicaClient&) = delete;
  ReplicaClient& operator=(const ReplicaClient&) = delete;
  ReplicaClient(ReplicaClient&&) = delete;
  ReplicaClient& operator=(ReplicaClient&&) = delete;

  /// Access::Read runs locally; Access::Write on the primary, then pulls.
  std::vector<core::ResultSet> batch(std::span<const core::Statement> stmts,
                                     core::Access access) override;
  /// On the primary (its reads see the primary's data), then pulls.
  void transaction(const std::function<void(core::Transaction&)>& body) override;
  std::optional<core::ResultSet> scan(const core::Statement& stmt,
                                      const std::function<void(const core::RowView&)>& row,
                                      const std::function<core::Statement()>& then) override;
  bool snapshot(const std::function<void(core::SnapshotReader&)>& body) override;
  /// FTS5 and vector functions where both the primary and the local engine have them; sync.
  core::Capabilities capabilities() override;

  SyncResult sync() override;
  std::optional<ReplicaStatus> replica_status() override;

 private:
  /// Opens the replica on the first call: recovers an interrupted pull, checks the file, or
  /// bootstraps a new one. Throws what it met; the next call tries again.
  void ensure_open();
  void open_locked() LIBSQLSTORE_REQUIRES(pull_mutex_);
  /// Under the file's PullLock: whether another store of the file pulled into it (its state file
  /// moved on) or left a staged pull (it died pulling) since this one last looked. Then the
  /// replica is opened again: state reloaded, a staged pull redone, the file checked.
  bool changed_elsewhere_locked() LIBSQLSTORE_REQUIRES(pull_mutex_);
  SyncResult pull_locked() LIBSQLSTORE_REQUIRES(pull_mutex_);
  /// Builds (or finishes building, after an interruption) the replica from every page.
  SyncResult bootstrap_locked(std::optional<StagedPull> resume) LIBSQLSTORE_REQUIRES(pull_mutex_);
  /// Applies a complete staged pull with no read running, saves the state, reopens the reader.
  void apply_locked(const StagedPull& staged) LIBSQLSTORE_REQUIRES(pull_mutex_);
  /// One POST /pull-updates, its answer streamed to `header` and `page`.
  void request_pull(const std::string& body, const std::function<void(const PullHeader&)>& header,
                    const std::function<void(std::uint64_t, std::span<const std::uint8_t>)>& page)
      LIBSQLSTORE_REQUIRES(pull_mutex_);
  /// After a write reached the primary: pull, or remember that one is owed.
  void pull_after_write();
  /// Before a read: pay a pull a write still owes (a failure leaves the read on local data).
  void settle_pending_pull();
  void record_failure(const Error& e);
  void background_loop();
  /// Runs `read` on the local file: opens the replica first, pays a pull a write owes.
  template <class F>
  decltype(auto) with_reader(F&& read);

  core::DatabaseUrl local_;
  std::string sync_url_;  ///< the primary's http_base (no token)
  StoreOptions options_;
  const core::BusyRetry& retry_;
  std::unique_ptr<core::Client> primary_;

  core::Mutex pull_mutex_;
  hrana::HttpTransport pulls_ LIBSQLSTORE_GUARDED_BY(pull_mutex_);
  std::optional<ReplicaState> state_ LIBSQLSTORE_GUARDED_BY(pull_mutex_);
  std::atomic<bool> open_{false};
  std::atomic<bool> pull_pending_{false};

  // Reads hold it shared; applying a pull holds it exclusively (reader_ is replaced then).
  std::shared_mutex state_mutex_;
  std::unique_ptr<sqlite::SqliteClient> reader_;

  core::Mutex status_mutex_;
  ReplicaStatus status_ LIBSQLSTORE_GUARDED_BY(status_mutex_);

  core::Mutex stop_mutex_;
  std::condition_variable_any stop_cv_;
  bool stopping_ LIBSQLSTORE_GUARDED_BY(stop_mutex_) = false;
  std::thread background_;
};

}  // namespace libsqlstore::replica
