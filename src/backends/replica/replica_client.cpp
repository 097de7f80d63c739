#include "backends/replica/replica_client.hpp"

#include <charconv>
#include <filesystem>
#include <mutex>

#include "libsqlstore/error.hpp"

#include "backends/hrana/remote_client.hpp"
#include "backends/replica/pull_protocol.hpp"

namespace libsqlstore::replica {

namespace {

// Pages asked for per request of a bootstrap: each chunk is staged durably, so an interrupted
// bootstrap resumes from the last whole chunk (4 MiB).
constexpr std::uint64_t kBootstrapChunk = 1024;

hrana::HttpTransport::Config pull_config(const core::DatabaseUrl& primary,
                                         const StoreOptions& options) {
  hrana::HttpTransport::Config c;
  c.connect_timeout = options.connectTimeout;
  c.request_timeout = options.requestTimeout;
  c.verify_tls = options.verifyTls;
  c.bearer_token = primary.auth_token ? primary.auth_token : options.authToken;
  c.media_type = "application/protobuf";
  return c;
}

std::int64_t unix_ms_now() { return now().time_since_epoch().count(); }

// Revisions are opaque, but tursodb's are WAL frame numbers: one lower than ours means the
// primary's log restarted (a checkpoint, a new database under the same URL).
bool went_backwards(const std::string& ours, const std::string& theirs) {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  const auto pa = std::from_chars(ours.data(), ours.data() + ours.size(), a);
  const auto pb = std::from_chars(theirs.data(), theirs.data() + theirs.size(), b);
  const bool numeric = pa.ec == std::errc() && pa.ptr == ours.data() + ours.size() &&
                       pb.ec == std::errc() && pb.ptr == theirs.data() + theirs.size();
  return numeric && b < a;
}

bool non_empty_file(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return !ec && size > 0;
}

}  // namespace

ReplicaClient::ReplicaClient(core::DatabaseUrl local, const core::DatabaseUrl& primary,
                             const StoreOptions& options, const core::BusyRetry& retry)
    : local_(std::move(local)),
      sync_url_(primary.http_base()),
      options_(options),
      retry_(retry),
      primary_(hrana::make_remote_client(primary, options)),
      pulls_(pull_config(primary, options)) {
  status_.syncUrl = sync_url_;
  if (options_.syncInterval.count() > 0) background_ = std::thread([this] { background_loop(); });
}

ReplicaClient::~ReplicaClient() {
  {
    core::MutexLock lock(stop_mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (background_.joinable()) background_.join();
}

void ReplicaClient::background_loop() {
  for (;;) {
    {
      stop_mutex_.lock();
      const auto deadline = std::chrono::steady_clock::now() + options_.syncInterval;
      while (!stopping_ && std::chrono::steady_clock::now() < deadline)
        stop_cv_.wait_until(stop_mutex_, deadline);
      const bool stop = stopping_;
      stop_mutex_.unlock();
      if (stop) return;
    }
    try {
      (void)sync();
    } catch (const Error& e) {
      if (options_.logger) {
        options_.logger(LogLevel::Warn,
                        std::string("LibSQLStore: background pull failed: ") + e.what());
      }
    } catch (const std::exception& e) {
      if (options_.logger) {
        options_.logger(LogLevel::Error,
                        std::string("LibSQLStore: background pull failed: ") + e.what());
      }
    }
  }
}

void ReplicaClient::record_failure(const Error& e) {
  core::MutexLock lock(status_mutex_);
  status_.lastError = e.what();
}

template <class F>
decltype(auto) ReplicaClient::with_reader(F&& read) {
  for (int attempt = 0;; ++attempt) {
    ensure_open();
    if (attempt == 0) settle_pending_pull();
    std::shared_lock shared(state_mutex_);
    if (reader_) return read(*reader_);
    // A pull failed while applying (the next open recovers it); once more, then give up.
    if (attempt > 0) {
      throw ConnectionError(
          "LIBSQL_STORE_REPLICA_UNAVAILABLE", ErrorCategory::System,
          "replica: " + local_.path + " could not be reopened after a failed pull",
          Json{{"path", local_.path}, {"code", "REPLICA_UNAVAILABLE"}});
    }
  }
}

// ---- Opening ------------------------------------------------------------------------------------

void ReplicaClient::ensure_open() {
  if (open_.load(std::memory_order_acquire)) return;
  core::MutexLock lock(pull_mutex_);
  if (open_.load(std::memory_order_relaxed)) return;
  const PullLock file_lock(local_.path);
  open_locked();
  open_.store(true, std::memory_order_release);
}

void ReplicaClient::open_locked() {
  const std::string& path = local_.path;
  state_ = load_state(path);
  auto staged = read_staging(path);
  if (!state_) {
    if (non_empty_file(path) && !(staged && staged->header.bootstrap)) {
      throw InvalidArgumentError(
          "LIBSQL_STORE_REPLICA_MISMATCH", ErrorCategory::User,
          "replica: " + path +
              " exists and is not a replica (it has no -replica state file); give a new file "
              "name to bootstrap a replica of " +
              sync_url_,
          Json{{"path", path}, {"code", "REPLICA_MISMATCH"}});
    }
    (void)bootstrap_locked(std::move(staged));
    return;
  }
  if (state_->sync_url != sync_url_) {
    throw InvalidArgumentError(
        "LIBSQL_STORE_REPLICA_MISMATCH", ErrorCategory::User,
        "replica: " + path + " is a replica of " + state_->sync_url + ", not of " + sync_url_,
        Json{{"path", path}, {"code", "REPLICA_MISMATCH"}});
  }
  {
    core::MutexLock status(status_mutex_);
    status_.revision = state_->revision;
    status_.pages = state_->db_size;
    if (state_->last_pull_unix_ms > 0)
      status_.lastSync = Timestamp{std::chrono::milliseconds{state_->last_pull_unix_ms}};
  }
  if (staged && staged->complete &&
      (staged->header.bootstrap || staged->header.base_revision == state_->revision)) {
    apply_locked(*staged);  // a pull interrupted after staging: redo it (idempotent)
    return;
  }
  if (staged) remove_staging(path);  // a pull interrupted before it was staged: forget it
  check_unmodified(path, *state_);
  std::unique_lock exclusive(state_mutex_);
  StoreOptions reader_options = options_;
  reader_options.readOnly = true;
  reader_ = std::make_unique<sqlite::SqliteClient>(local_, reader_options, retry_);
}

// ---- Pulling ----------------------------------------------------------------------------------

void ReplicaClient::request_pull(
    const std::string& body, const std::function<void(const PullHeader&)>& header,
    const std::function<void(std::uint64_t, std::span<const std::uint8_t>)>& page) {
  PullDecoder decoder(header, page);
  hrana::HttpResponse response;
  try {
    response = pulls_.post_streaming(sync_url_ + "/pull-updates", body,
                                     [&](std::string_view piece) { decoder.feed(piece); });
  } catch (const hrana::TransportFailure& f) {
    throw ConnectionError("LIBSQL_STORE_REPLICA_PULL_FAILED", ErrorCategory::ThirdParty,
                          "replica: no answer from " + sync_url_ + "/pull-updates: " + f.what(),
                          Json{{"code", "REPLICA_PULL_FAILED"}, {"timeout", f.timed_out}});
  }
  if (response.status == 401 || response.status == 403) {
    throw AuthenticationError("LIBSQL_STORE_REMOTE_AUTH_FAILED", ErrorCategory::User,
                              "replica: " + sync_url_ + " refused the credentials (HTTP " +
                                  std::to_string(response.status) + ")",
                              Json{{"status", response.status}, {"code", "REPLICA_AUTH_FAILED"}});
  }
  if (response.status == 404) {
    throw UnsupportedError(
        "LIBSQL_STORE_REPLICA_UNSUPPORTED", ErrorCategory::User,
        "replica: " + sync_url_ +
            " does not speak the Turso sync protocol (no /pull-updates): embedded replicas need "
            "Turso or tursodb --sync-server; sqld's replicas use another protocol",
        Json{{"status", 404}, {"code", "REPLICA_UNSUPPORTED"}});
  }
  if (response.status < 200 || response.status >= 300) {
    throw Error("LIBSQL_STORE_REPLICA_PULL_FAILED", ErrorCategory::ThirdParty,
                "replica: " + sync_url_ + "/pull-updates answered HTTP " +
                    std::to_string(response.status) + ": " + response.body.substr(0, 200),
                Json{{"status", response.status}, {"code", "REPLICA_PULL_FAILED"}});
  }
  decoder.finish();
}

SyncResult ReplicaClient::bootstrap_locked(std::optional<StagedPull> resume) {
  const std::string& path = local_.path;
  ReplicaState previous = state_.value_or(ReplicaState{});
  previous.sync_url = sync_url_;
  if (resume && !(resume->header.bootstrap)) resume.reset();
  if (resume && resume->complete) {
    state_ = previous;
    apply_locked(*resume);
    return {.changed = true,
            .bootstrapped = true,
            .pages = resume->pages.size(),
            .revision = state_->revision};
  }
  std::optional<PullStaging> staging;
  StagedPullHeader header;
  std::uint64_t next = 0;
  std::uint64_t received = 0;
  if (resume) {
    header = resume->header;
    next = resume->resume_at;
    received = resume->pages.size();
    staging.emplace(PullStaging::resume(path, resume->valid_bytes));
  }
  auto progress = [&] {
    if (options_.syncProgress)
      options_.syncProgress(
          SyncProgress{.bootstrap = true, .pagesReceived = received, .pagesTotal = header.db_size});
  };
  bool whole = false;  // the server ignored the page selector and sent everything
  do {
    PullRequest request;
    request.server_revision = header.server_revision;  // "" on the first request: the latest
    request.pages = std::pair{next, next + kBootstrapChunk};
    bool restarted = false;
    std::uint64_t highest = 0;
    request_pull(
        encode_pull_request(request),
        [&](const PullHeader& h) {
          if (!staging || h.server_revision != header.server_revision) {
            // The first chunk, or the pinned revision is gone (the primary's log restarted):
            // start again at this revision.
            restarted = staging.has_value();
            header = StagedPullHeader{.bootstrap = true,
                                      .base_revision = "",
                                      .server_revision = h.server_revision,
                                      .db_size = h.db_size};
            staging.emplace(PullStaging::create(path, header));
            received = 0;
          }
        },
        [&](std::uint64_t id, std::span<const std::uint8_t> page) {
          staging->append_page(id, page);
          highest = std::max(highest, id);
          ++received;
        });
    if (restarted) {
      next = 0;
      continue;
    }
    whole = highest >= next + kBootstrapChunk;
    next = whole ? header.db_size : std::min(next + kBootstrapChunk, header.db_size);
    staging->end_chunk(next);
    progress();
  } while (next < header.db_size);
  staging->complete();
  staging.reset();
  const auto staged = read_staging(path);
  if (!staged || !staged->complete) {
    throw Error("LIBSQL_STORE_REPLICA_IO_FAILED", ErrorCategory::System,
                "replica: the staged bootstrap of " + path + " did not read back",
                Json{{"path", path}, {"code", "REPLICA_IO_FAILED"}});
  }
  state_ = previous;
  try {
    apply_locked(*staged);
  } catch (const Error& e) {
    // Pages the primary can no longer send (REPLICA_INCOMPLETE) will not come on a redo
    // either: forget the staged pages, keep the replica (if any) as it was.
    if (e.details().value("code", "") == "REPLICA_INCOMPLETE") remove_staging(path);
    throw;
  }
  return {.changed = true, .bootstrapped = true, .pages = received, .revision = state_->revision};
}

void ReplicaClient::apply_locked(const StagedPull& staged) {
  const std::string& path = local_.path;
  ReplicaState previous = state_.value_or(ReplicaState{});
  previous.sync_url = sync_url_;
  std::unique_lock exclusive(state_mutex_);  // waits for the reads in flight
  reader_.reset();                           // SQLite must not keep pages of the old file
  ReplicaState next;
  try {
    next = apply_staged(path, staged, previous, options_);
    next.last_pull_unix_ms = unix_ms_now();
    save_state(path, next);
    remove_staging(path);
  } catch (...) {
    // The file may hold part of the pull: no read until the next call opens the replica again
    // (which redoes the staged pull, or checks the file when there is none).
    open_.store(false, std::memory_order_release);
    throw;
  }
  state_ = next;
  {
    core::MutexLock status(status_mutex_);
    status_.revision = next.revision;
    status_.pages = next.db_size;
    status_.lastSync = Timestamp{std::chrono::milliseconds{next.last_pull_unix_ms}};
    status_.lastError.reset();
  }
  StoreOptions reader_options = options_;
  reader_options.readOnly = true;
  reader_ = std::make_unique<sqlite::SqliteClient>(local_, reader_options, retry_);
}

SyncResult ReplicaClient::pull_locked() {
  const std::string& path = local_.path;
  if (!state_) return bootstrap_locked(read_staging(path));
  PullRequest request;
  request.client_revision = state_->revision;
  std::optional<PullStaging> staging;
  StagedPullHeader header;
  bool backwards = false;
  request_pull(
      encode_pull_request(request),
      // The callbacks run inside this call, under pull_mutex_, but the thread-safety analysis does
      // not follow a lambda: they read the revision from the request, not from state_.
      [&](const PullHeader& h) {
        header = StagedPullHeader{.bootstrap = false,
                                  .base_revision = request.client_revision,
                                  .server_revision = h.server_revision,
                                  .db_size = h.db_size};
        backwards = went_backwards(request.client_revision, h.server_revision);
        if (!backwards) staging.emplace(PullStaging::create(path, header));
      },
      [&](std::uint64_t id, std::span<const std::uint8_t> page) {
        if (staging) staging->append_page(id, page);
      });
  if (backwards) {
    if (options_.logger) {
      options_.logger(LogLevel::Warn, "LibSQLStore: the primary " + sync_url_ +
                                          " went back from revision " + state_->revision + " to " +
                                          header.server_revision +
                                          " (its log restarted); bootstrapping the replica again");
    }
    return bootstrap_locked(std::nullopt);
  }
  staging->complete();
  staging.reset();
  auto staged = read_staging(path);
  if (!staged || !staged->complete) {
    throw Error("LIBSQL_STORE_REPLICA_IO_FAILED", ErrorCategory::System,
                "replica: the staged pull of " + path + " did not read back",
                Json{{"path", path}, {"code", "REPLICA_IO_FAILED"}});
  }
  const std::uint64_t pages = staged->pages.size();
  if (options_.syncProgress)
    options_.syncProgress(
        SyncProgress{.bootstrap = false, .pagesReceived = pages, .pagesTotal = header.db_size});
  if (pages == 0 && header.db_size == state_->db_size) {
    // Nothing to write: the file already is this revision.
    remove_staging(path);
    const bool changed = header.server_revision != state_->revision;
    state_->revision = header.server_revision;
    state_->last_pull_unix_ms = unix_ms_now();
    if (changed) save_state(path, *state_);
    core::MutexLock status(status_mutex_);
    status_.revision = state_->revision;
    status_.lastSync = Timestamp{std::chrono::milliseconds{state_->last_pull_unix_ms}};
    status_.lastError.reset();
    return {.changed = false, .bootstrapped = false, .pages = 0, .revision = state_->revision};
  }
  apply_locked(*staged);
  return {.changed = true, .bootstrapped = false, .pages = pages, .revision = state_->revision};
}

bool ReplicaClient::changed_elsewhere_locked() {
  const std::string& path = local_.path;
  const auto disk = load_state(path);
  if (!disk || !state_ || !same_database(*disk, *state_)) return true;
  std::error_code ec;
  return std::filesystem::exists(staging_path(path), ec);
}

SyncResult ReplicaClient::sync() {
  core::MutexLock lock(pull_mutex_);
  try {
    const PullLock file_lock(local_.path);
    if (!open_.load(std::memory_order_relaxed) || changed_elsewhere_locked()) {
      open_locked();
      open_.store(true, std::memory_order_release);
    }
    SyncResult result = pull_locked();
    pull_pending_.store(false, std::memory_order_release);
    return result;
  } catch (const Error& e) {
    record_failure(e);
    throw;
  }
}

void ReplicaClient::pull_after_write() {
  pull_pending_.store(true, std::memory_order_release);
  try {
    (void)sync();
  } catch (const std::exception& e) {
    // The write is committed on the primary: never report it as failed (nor let a throwing
    // syncProgress callback make it look so). The next call pulls.
    if (options_.logger) {
      options_.logger(LogLevel::Warn,
                      std::string("LibSQLStore: a write reached the primary but the pull after it "
                                  "failed (reads may not see it until the next pull): ") +
                          e.what());
    }
  }
}

void ReplicaClient::settle_pending_pull() {
  if (!pull_pending_.load(std::memory_order_acquire)) return;
  try {
    (void)sync();
  } catch (const std::exception&) {
    // offline: the read is served from what the replica has (replica_status() says how old)
  }
}

std::optional<ReplicaStatus> ReplicaClient::replica_status() {
  core::MutexLock lock(status_mutex_);
  ReplicaStatus out = status_;
  out.pullPending = pull_pending_.load(std::memory_order_acquire);
  return out;
}

// ---- The Client interface ----------------------------------------------------------------------

std::vector<core::ResultSet> ReplicaClient::batch(std::span<const core::Statement> stmts,
                                                  core::Access access) {
  ensure_open();
  if (access == core::Access::Write) {
    auto results = primary_->batch(stmts, access);
    pull_after_write();
    return results;
  }
  return with_reader([&](sqlite::SqliteClient& r) { return r.batch(stmts, access); });
}

void ReplicaClient::transaction(const std::function<void(core::Transaction&)>& body) {
  ensure_open();
  primary_->transaction(body);
  pull_after_write();
}

std::optional<core::ResultSet> ReplicaClient::scan(
    const core::Statement& stmt, const std::function<void(const core::RowView&)>& row,
    const std::function<core::Statement()>& then) {
  return with_reader([&](sqlite::SqliteClient& r) { return r.scan(stmt, row, then); });
}

bool ReplicaClient::snapshot(const std::function<void(core::SnapshotReader&)>& body) {
  return with_reader([&](sqlite::SqliteClient& r) { return r.snapshot(body); });
}

core::Capabilities ReplicaClient::capabilities() {
  const core::Capabilities local =
      with_reader([](sqlite::SqliteClient& r) { return r.capabilities(); });
  const core::Capabilities remote = primary_->capabilities();
  return {.fts5 = remote.fts5 && local.fts5,
          .vector_functions = remote.vector_functions && local.vector_functions,
          .sync = true};
}

}  // namespace libsqlstore::replica
