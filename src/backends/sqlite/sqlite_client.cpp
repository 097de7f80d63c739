#include "backends/sqlite/sqlite_client.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include "libsqlstore/error.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include "backends/sqlite/error_map.hpp"
#include "backends/sqlite/sqlite_transaction.hpp"
#include "backends/sqlite/vector_functions.hpp"
#include "core/errors.hpp"

namespace libsqlstore::sqlite {

namespace {

// Dynamic SQL (IN lists of varying length) would otherwise grow the cache without bound.
constexpr std::size_t kMaxCachedStatements = 256;

// Resets a statement when it goes out of scope, so a failed step never leaves a statement
// active (which would keep a read transaction or the write lock open).
class ResetGuard {
 public:
  explicit ResetGuard(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~ResetGuard() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  ResetGuard(const ResetGuard&) = delete;
  ResetGuard& operator=(const ResetGuard&) = delete;
  ResetGuard(ResetGuard&&) = delete;
  ResetGuard& operator=(ResetGuard&&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

void bind(sqlite3* db, sqlite3_stmt* stmt, int index, const core::Value& value) {
  int rc = SQLITE_OK;
  if (const auto* s = std::get_if<std::string>(&value)) {
    rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
  } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
    rc = sqlite3_bind_int64(stmt, index, *i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    rc = sqlite3_bind_double(stmt, index, *d);
  } else if (const auto* b = std::get_if<core::Blob>(&value)) {
    // An empty vector's data() may be null, which SQLite binds as NULL: x'' needs zeroblob(0).
    rc = b->bytes.empty()
             ? sqlite3_bind_zeroblob(stmt, index, 0)
             : sqlite3_bind_blob64(stmt, index, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
  } else {
    rc = sqlite3_bind_null(stmt, index);
  }
  if (rc != SQLITE_OK) throw_last_error(db);
}

// Appends column i of the current row to `row`, constructed in place: every cell of every read
// passes here, and a temporary Value moved into the row costs a variant move and destruction.
void append_column(core::Row& row, sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      row.emplace_back(std::in_place_type<std::int64_t>, sqlite3_column_int64(stmt, i));
      return;
    case SQLITE_FLOAT:
      row.emplace_back(std::in_place_type<double>, sqlite3_column_double(stmt, i));
      return;
    case SQLITE_TEXT: {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      row.emplace_back(std::in_place_type<std::string>, p,
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
      return;
    }
    case SQLITE_BLOB: {
      const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, i));
      const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt, i));
      row.emplace_back(std::in_place_type<core::Blob>,
                       core::Blob{std::vector<std::uint8_t>(p, p + n)});
      return;
    }
    default:
      row.emplace_back(std::in_place_type<std::nullptr_t>, nullptr);
      return;
  }
}

// Percent-encodes what an SQLite URI filename cannot hold verbatim.
std::string uri_escape(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~' || c == ':') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

bool writable_directory(const std::string& path) {
  const auto dir = std::filesystem::path(path).parent_path();
  return ::access(dir.empty() ? "." : dir.c_str(), W_OK) == 0;
}

// The error of a failed open, saying which file and, where it can tell, why.
[[noreturn]] void rethrow_open_failure(const Error& e, const std::string& path, bool writing) {
  Json details = e.details();
  details["path"] = path;
  const std::string quoted = "\"" + path + "\"";
  if (dynamic_cast<const BusyError*>(&e)) {
    throw BusyError(e.id(), e.category(), "Cannot open the database " + quoted + ": " + e.what(),
                    std::move(details));
  }
  if (dynamic_cast<const DataError*>(&e)) {
    throw DataError(
        e.id(), e.category(),
        "The file " + quoted + " is not an SQLite database, or it is corrupt (" + e.what() + ")",
        std::move(details));
  }
  const auto code = details.value("code", std::string());
  const bool refused = code.rfind("SQLITE_READONLY", 0) == 0 ||
                       code.rfind("SQLITE_CANTOPEN", 0) == 0 || code.rfind("SQLITE_PERM", 0) == 0;
  if (!refused) throw;
  std::string message =
      "Cannot open the database " + quoted + (writing ? " for writing: " : ": ") + e.what() + ".";
  if (writing && !writable_directory(path)) {
    message +=
        " Its directory is not writable, and a database in WAL mode (the journal mode of "
        "libsqlstore and of the reference) needs to create " +
        path + "-wal and " + path + "-shm beside the file.";
  } else if (writing && ::access(path.c_str(), W_OK) != 0) {
    message += " The file is not writable.";
  }
  if (writing) {
    message +=
        " To read it, open it read-only (StoreOptions::readOnly, or file:" + path + "?mode=ro).";
  } else if (std::filesystem::exists(path + "-wal")) {
    message += " It has a write-ahead log (" + path + "-wal) whose index (" + path +
               "-shm) cannot be created here, so its latest writes cannot be read.";
  }
  throw ConnectionError("LIBSQL_STORE_CANNOT_OPEN", ErrorCategory::ThirdParty, message,
                        std::move(details));
}

}  // namespace

void ConnectionCloser::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
void StatementFinalizer::operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }

SqliteClient::SqliteClient(const core::DatabaseUrl& url, const StoreOptions& options,
                           const core::BusyRetry& retry)
    : kind_(url.kind), path_(url.path) {
  core::MutexLock lock(mutex_);  // nobody else can have it yet; it satisfies the annotations
  const bool read_only = options.readOnly || url.read_only;
  if (kind_ == BackendKind::Memory) {
    if (url.shared_memory_name.empty()) {
      if (read_only) {
        core::invalid_argument(
            "A private in-memory database cannot be opened read-only: "
            "it would stay empty forever");
      }
      open_connection(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, options);
    } else {
      // SQLite's memdb VFS shares a database whose name starts with '/' between the connections
      // of a process, with ordinary locking (so busy_timeout applies), until the last closes.
      open_connection(
          "file:/libsqlstore-memory/" + uri_escape(url.shared_memory_name) + "?vfs=memdb",
          (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
              SQLITE_OPEN_URI,
          options);
    }
  } else if (read_only) {
    open_read_only_file(retry, options);
  } else {
    if (!url.create && !std::filesystem::exists(path_)) {
      throw ConnectionError("LIBSQL_STORE_CANNOT_OPEN", ErrorCategory::User,
                            "Cannot open the database \"" + path_ +
                                "\": the file does not exist (the URL says mode=rw)",
                            {{"path", path_}});
    }
    open_connection(path_, SQLITE_OPEN_READWRITE | (url.create ? SQLITE_OPEN_CREATE : 0), options);
    open_writable_file(retry, options);
  }
  prepare_control_statements();
  group_commit_ = options.groupCommit && !read_only;
  writable_file_ = kind_ == BackendKind::File && !read_only;
  if (writable_file_) options_ = options;
}

void SqliteClient::prepare_control_statements() {
  auto persistent = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK) {
      throw_last_error(db_.get());
    }
    return StatementHandle(stmt);
  };
  begin_immediate_ = persistent("BEGIN IMMEDIATE");
  begin_deferred_ = persistent("BEGIN");
  commit_ = persistent("COMMIT");
  savepoint_ = persistent("SAVEPOINT libsqlstore_group");
  release_ = persistent("RELEASE libsqlstore_group");
  rollback_to_ = persistent("ROLLBACK TO libsqlstore_group");
}

void SqliteClient::recover_from_failure() noexcept {
  rollback_quietly();
  if (!writable_file_) return;
  try {
    throw;
  } catch (const Error& e) {
    // After an I/O error or a full disk SQLite can keep the connection's pager in its error
    // state (seen with FTS5's triggers: every later write fails with the old error even once
    // the disk is fine). A new connection starts clean; the next call opens it.
    const auto code = e.details().value("code", std::string());
    if (code.rfind("SQLITE_IOERR", 0) == 0 || code == "SQLITE_FULL") reconnect_ = true;
  } catch (...) {
  }
}

void SqliteClient::finalize_statements() {
  cache_.clear();
  begin_immediate_.reset();
  begin_deferred_.reset();
  commit_.reset();
  savepoint_.reset();
  release_.reset();
  rollback_to_.reset();
}

void SqliteClient::reconnect_if_needed() {
  if (!reconnect_) return;
  finalize_statements();
  open_connection(path_, SQLITE_OPEN_READWRITE, options_);
  open_writable_file(core::BusyRetry(options_), options_);
  prepare_control_statements();
  reconnect_ = false;
}

void SqliteClient::open_connection(const std::string& filename, int flags,
                                   const StoreOptions& options) {
  cache_.clear();
  db_.reset();
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(filename.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK) {
    const std::string message = raw ? sqlite3_errmsg(raw) : "out of memory";
    const std::string shown = path_.empty() ? filename : path_;
    std::string hint;
    if (!path_.empty() && !std::filesystem::exists(path_) && !(flags & SQLITE_OPEN_CREATE)) {
      hint = " (the file does not exist)";
    } else if (!path_.empty() && !writable_directory(path_) && (flags & SQLITE_OPEN_CREATE)) {
      hint = " (its directory is not writable)";
    }
    throw ConnectionError("LIBSQL_STORE_CANNOT_OPEN", ErrorCategory::ThirdParty,
                          "Cannot open the database \"" + shown + "\": " + message + hint,
                          {{"path", shown}, {"code", code_name(rc)}});
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(options.busyTimeout.count()));
  if (register_vector_functions(raw) != SQLITE_OK) throw_last_error(raw);
}

void SqliteClient::open_writable_file(const core::BusyRetry& retry, const StoreOptions& options) {
  try {
    // The first statement reads the header: a file that is not a database fails here. Changing
    // the journal mode needs the lock; another process creating the same file holds it, so it
    // is retried as every other busy statement is.
    const auto mode = retry.run([&] {
      assert_locked();  // the lambda runs here, under the caller's lock
      return run(core::Statement("PRAGMA journal_mode=WAL"));
    });
    const auto* text = mode.rows.empty() ? nullptr : core::text_ptr(mode.rows[0][0]);
    const bool wal = text && *text == "wal";
    if (!wal && options.logger) {
      options.logger(LogLevel::Warn, "LibSQLStore: journal_mode is \"" + (text ? *text : "") +
                                         "\", not WAL, for " + path_);
    }
    // In a rollback-journal mode a commit ends by deleting (or truncating) the journal; only
    // EXTRA syncs the directory after that, without which a power loss can bring the journal
    // back and roll an acknowledged commit back (tests/reliability/power_loss_test.cpp).
    exec(wal ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=EXTRA");
  } catch (const Error& e) {
    rethrow_open_failure(e, path_, /*writing=*/true);
  }
}

void SqliteClient::open_read_only_file(const core::BusyRetry& retry, const StoreOptions& options) {
  open_connection(path_, SQLITE_OPEN_READONLY, options);
  auto probe = [&] {
    retry.run([&] {
      assert_locked();  // the lambda runs here, under the caller's lock
      return run(core::Statement("SELECT count(*) FROM sqlite_master"));
    });
  };
  try {
    probe();
    return;
  } catch (const Error& e) {
    // A WAL database whose -shm cannot be created (a read-only directory, read-only media) and
    // that has no -wal file: everything is in the file itself, which SQLite can then read as
    // immutable. With a -wal file present its content would be missed: refuse instead.
    const auto code = e.details().value("code", std::string());
    const bool cannot_init =
        code.rfind("SQLITE_READONLY", 0) == 0 || code.rfind("SQLITE_CANTOPEN", 0) == 0;
    if (!cannot_init || std::filesystem::exists(path_ + "-wal")) {
      rethrow_open_failure(e, path_, /*writing=*/false);
    }
  }
  if (options.logger) {
    options.logger(LogLevel::Info,
                   "LibSQLStore: " + path_ +
                       " is a WAL database in a directory this process cannot write; reading it "
                       "as immutable (changes made after opening are not seen)");
  }
  open_connection("file:" + uri_escape(path_) + "?immutable=1",
                  SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, options);
  try {
    probe();
  } catch (const Error& e) {
    rethrow_open_failure(e, path_, /*writing=*/false);
  }
}

SqliteClient::~SqliteClient() {
  core::MutexLock lock(mutex_);
  finalize_statements();  // before the connection closes
}

std::size_t SqliteClient::SqlTextHash::operator()(const std::string& sql) const noexcept {
  const std::size_t n = sql.size();
  if (n < 8) return std::hash<std::string>{}(sql);
  auto word = [&](std::size_t at) {
    std::uint64_t w = 0;
    std::memcpy(&w, sql.data() + std::min(at, n - 8), sizeof w);
    return w;
  };
  // Each word mixed in with a multiply-and-rotate step (the constants of splitmix64).
  std::uint64_t h = n * 0x9e3779b97f4a7c15ull;
  for (const std::size_t at : {std::size_t{0}, n / 4, n / 2, 3 * n / 4, n - 8}) {
    h = std::rotl((h ^ word(at)) * 0xbf58476d1ce4e5b9ull, 31);
  }
  return static_cast<std::size_t>(h ^ (h >> 29));
}

sqlite3_stmt* SqliteClient::prepare(const std::string& sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return it->second.get();
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  if (rc != SQLITE_OK) throw_last_error(db_.get());
  if (raw == nullptr) {
    throw Error("LIBSQL_STORE_INTERNAL_ERROR", ErrorCategory::System,
                "Internal error: an empty SQL statement (a bug in libsqlstore; please report it)");
  }
  StatementHandle handle(raw);
  if (cache_.size() >= kMaxCachedStatements) cache_.clear();
  return cache_.emplace(sql, std::move(handle)).first->second.get();
}

core::ResultSet SqliteClient::run(const core::Statement& stmt) {
  sqlite3* db = db_.get();
  sqlite3_stmt* s = prepare(stmt.sql);
  ResetGuard reset(s);
  const int params = sqlite3_bind_parameter_count(s);
  if (static_cast<std::size_t>(params) != stmt.args.size()) {
    throw Error("LIBSQL_STORE_INTERNAL_ERROR", ErrorCategory::System,
                "Internal error: a statement expects " + std::to_string(params) +
                    " arguments, got " + std::to_string(stmt.args.size()) +
                    " (a bug in libsqlstore; please report it)");
  }
  for (int i = 0; i < params; ++i) bind(db, s, i + 1, stmt.args[static_cast<std::size_t>(i)]);

  core::ResultSet result;
  int ncols = 0;
  for (bool first = true;; first = false) {
    const int rc = sqlite3_step(s);
    if (first) {
      // Only now: a cached statement whose schema changed (`SELECT *` after ALTER TABLE) is
      // re-prepared inside the first step, and its column list with it.
      ncols = sqlite3_column_count(s);
      result.columns.reserve(static_cast<std::size_t>(ncols));
      for (int i = 0; i < ncols; ++i) result.columns.emplace_back(sqlite3_column_name(s, i));
    }
    if (rc == SQLITE_ROW) {
      auto& row = result.rows.emplace_back();
      row.reserve(static_cast<std::size_t>(ncols));
      for (int i = 0; i < ncols; ++i) append_column(row, s, i);
    } else if (rc == SQLITE_DONE) {
      break;
    } else {
      throw_last_error(db);
    }
  }
  if (!sqlite3_stmt_readonly(s)) result.changes = sqlite3_changes64(db);
  return result;
}

namespace {

class SqliteRowView final : public core::RowView {
 public:
  explicit SqliteRowView(sqlite3_stmt* s) : s_(s) {}
  std::size_t size() const noexcept override {
    return static_cast<std::size_t>(sqlite3_column_count(s_));
  }
  Type type(std::size_t c) const noexcept override {
    switch (sqlite3_column_type(s_, col(c))) {
      case SQLITE_INTEGER:
        return Type::Integer;
      case SQLITE_FLOAT:
        return Type::Real;
      case SQLITE_TEXT:
        return Type::Text;
      case SQLITE_BLOB:
        return Type::Blob;
      default:
        return Type::Null;
    }
  }
  std::int64_t integer(std::size_t c) const noexcept override {
    return sqlite3_column_int64(s_, col(c));
  }
  double real(std::size_t c) const noexcept override { return sqlite3_column_double(s_, col(c)); }
  std::string_view text(std::size_t c) const noexcept override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col(c)));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col(c))))
             : std::string_view();
  }
  std::span<const std::uint8_t> blob(std::size_t c) const noexcept override {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(s_, col(c)));
    return p ? std::span<const std::uint8_t>(
                   p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col(c))))
             : std::span<const std::uint8_t>();
  }

 private:
  static int col(std::size_t c) noexcept { return static_cast<int>(c); }
  sqlite3_stmt* s_;
};

}  // namespace

void SqliteClient::stream(const core::Statement& stmt,
                          const std::function<void(const core::RowView&)>& row) {
  sqlite3* db = db_.get();
  sqlite3_stmt* s = prepare(stmt.sql);
  ResetGuard reset(s);
  const int params = sqlite3_bind_parameter_count(s);
  if (static_cast<std::size_t>(params) != stmt.args.size() || !sqlite3_stmt_readonly(s)) {
    throw Error("LIBSQL_STORE_INTERNAL_ERROR", ErrorCategory::System,
                "Internal error: scan() takes a read with all its arguments (a bug in "
                "libsqlstore; please report it)");
  }
  for (int i = 0; i < params; ++i) bind(db, s, i + 1, stmt.args[static_cast<std::size_t>(i)]);
  const SqliteRowView view(s);
  for (int rc = sqlite3_step(s); rc != SQLITE_DONE; rc = sqlite3_step(s)) {
    if (rc != SQLITE_ROW) throw_last_error(db);
    row(view);
  }
}

std::optional<core::ResultSet> SqliteClient::scan(
    const core::Statement& stmt, const std::function<void(const core::RowView&)>& row,
    const std::function<core::Statement()>& then) {
  core::MutexLock lock(mutex_);
  reconnect_if_needed();
  try {
    control(begin_deferred_);  // one snapshot for the scan and what follows it
    core::ResultSet result;
    stream(stmt, row);
    const auto next = then();
    if (!next.sql.empty()) result = run(next);
    control(commit_);
    return result;
  } catch (...) {
    rollback_quietly();
    throw;
  }
}

bool SqliteClient::snapshot(const std::function<void(core::SnapshotReader&)>& body) {
  class Reader final : public core::SnapshotReader {
   public:
    explicit Reader(SqliteClient& client) : client_(client) {}
    void scan(const core::Statement& stmt,
              const std::function<void(const core::RowView&)>& row) override {
      client_.assert_locked();  // snapshot() holds the lock while body runs
      client_.stream(stmt, row);
    }

   private:
    SqliteClient& client_;
  };
  core::MutexLock lock(mutex_);
  reconnect_if_needed();
  try {
    control(begin_deferred_);
    Reader reader(*this);
    body(reader);
    control(commit_);
  } catch (...) {
    rollback_quietly();
    throw;
  }
  return true;
}

void SqliteClient::exec(const char* sql) {
  if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    throw_last_error(db_.get());
  }
}

void SqliteClient::control(const StatementHandle& stmt) {
  ResetGuard reset(stmt.get());
  if (sqlite3_step(stmt.get()) != SQLITE_DONE) throw_last_error(db_.get());
}

void SqliteClient::rollback_quietly() noexcept {
  if (!sqlite3_get_autocommit(db_.get())) {
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

core::Capabilities SqliteClient::capabilities() {
  core::MutexLock lock(mutex_);
  core::Capabilities out;
  out.fts5 = sqlite3_compileoption_used("ENABLE_FTS5") != 0;
  // Every local connection carries libSQL's vector functions (vector_functions.hpp).
  out.vector_functions = true;
  return out;
}

std::vector<core::ResultSet> SqliteClient::batch(std::span<const core::Statement> stmts,
                                                 core::Access access) {
  if (access == core::Access::Write && group_commit_) {
    std::vector<core::ResultSet> results;
    grouped_write([&](core::Transaction& tx) {
      results.clear();
      results.reserve(stmts.size());
      for (const auto& stmt : stmts) results.push_back(tx.query(stmt));
    });
    return results;
  }
  core::MutexLock lock(mutex_);
  reconnect_if_needed();
  std::vector<core::ResultSet> results;
  results.reserve(stmts.size());
  try {
    if (stmts.size() == 1) {
      // One statement in autocommit mode is its own transaction: atomic, and a write takes the
      // write lock as BEGIN IMMEDIATE would (SQLITE_BUSY means it had no effect).
      results.push_back(run(stmts.front()));
      return results;
    }
    control(access == core::Access::Write ? begin_immediate_ : begin_deferred_);
    for (const auto& stmt : stmts) results.push_back(run(stmt));
    control(commit_);
  } catch (...) {
    recover_from_failure();
    throw;
  }
  return results;
}

void SqliteClient::transaction(const std::function<void(core::Transaction&)>& body) {
  if (group_commit_) {
    grouped_write(body);
    return;
  }
  core::MutexLock lock(mutex_);
  reconnect_if_needed();
  try {
    control(begin_immediate_);
    SqliteTransaction tx(*this);
    body(tx);
    control(commit_);
  } catch (...) {
    recover_from_failure();
    throw;
  }
}

}  // namespace libsqlstore::sqlite
