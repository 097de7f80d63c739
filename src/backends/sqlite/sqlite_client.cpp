#include "backends/sqlite/sqlite_client.hpp"

#include "libsqlstore/error.hpp"

#include <sqlite3.h>

#include "backends/sqlite/error_map.hpp"

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
    rc = sqlite3_bind_blob64(stmt, index, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
  } else {
    rc = sqlite3_bind_null(stmt, index);
  }
  if (rc != SQLITE_OK) throw_last_error(db);
}

core::Value column_value(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT: {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
    }
    case SQLITE_BLOB: {
      const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, i));
      const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt, i));
      return core::Blob{std::vector<std::uint8_t>(p, p + n)};
    }
    default:
      return nullptr;
  }
}

class SqliteTransaction final : public core::Transaction {
 public:
  explicit SqliteTransaction(SqliteClient& client) : client_(client) {}
  core::ResultSet query(const core::Statement& stmt) override { return client_.run(stmt); }
  void execute(core::Statement stmt) override { client_.run(stmt); }

 private:
  SqliteClient& client_;
};

}  // namespace

void ConnectionCloser::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
void StatementFinalizer::operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }

SqliteClient::SqliteClient(const std::string& path, const StoreOptions& options)
    : kind_(path.empty() ? BackendKind::Memory : BackendKind::File) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.empty() ? ":memory:" : path.c_str(), &raw, flags, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK) {
    const std::string message = raw ? sqlite3_errmsg(raw) : "out of memory";
    throw ConnectionError("LIBSQL_STORE_CANNOT_OPEN", ErrorCategory::ThirdParty,
                          "Cannot open the database \"" + path + "\": " + message,
                          {{"path", path}, {"code", code_name(rc)}});
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(options.busyTimeout.count()));
  if (kind_ == BackendKind::File) {
    // Opening succeeds even for a file that is not a database; the first read tells.
    const auto mode = run(core::Statement("PRAGMA journal_mode=WAL"));
    const auto* text = mode.rows.empty() ? nullptr : core::text_ptr(mode.rows[0][0]);
    if ((!text || *text != "wal") && options.logger) {
      options.logger(LogLevel::Warn, "LibSQLStore: journal_mode is \"" + (text ? *text : "") +
                                         "\", not WAL, for " + path);
    }
    exec("PRAGMA synchronous=FULL");
  }
  auto persistent = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(raw, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      throw_last_error(raw);
    }
    return StatementHandle(stmt);
  };
  begin_immediate_ = persistent("BEGIN IMMEDIATE");
  begin_deferred_ = persistent("BEGIN");
  commit_ = persistent("COMMIT");
}

SqliteClient::~SqliteClient() {
  // Finalize statements before the connection closes.
  cache_.clear();
  begin_immediate_.reset();
  begin_deferred_.reset();
  commit_.reset();
}

sqlite3_stmt* SqliteClient::prepare(const std::string& sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return it->second.get();
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  if (rc != SQLITE_OK) throw_last_error(db_.get());
  if (raw == nullptr) {
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                               "Empty SQL statement");
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
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::System,
                               "Statement expects " + std::to_string(params) + " arguments, got " +
                                   std::to_string(stmt.args.size()));
  }
  for (int i = 0; i < params; ++i) bind(db, s, i + 1, stmt.args[static_cast<std::size_t>(i)]);

  core::ResultSet result;
  const int ncols = sqlite3_column_count(s);
  result.columns.reserve(static_cast<std::size_t>(ncols));
  for (int i = 0; i < ncols; ++i) result.columns.emplace_back(sqlite3_column_name(s, i));
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
      core::Row row;
      row.reserve(static_cast<std::size_t>(ncols));
      for (int i = 0; i < ncols; ++i) row.push_back(column_value(s, i));
      result.rows.push_back(std::move(row));
    } else if (rc == SQLITE_DONE) {
      break;
    } else {
      throw_last_error(db);
    }
  }
  if (!sqlite3_stmt_readonly(s)) result.changes = sqlite3_changes64(db);
  return result;
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

std::vector<core::ResultSet> SqliteClient::batch(std::span<const core::Statement> stmts,
                                                 core::Access access) {
  std::lock_guard lock(mutex_);
  std::vector<core::ResultSet> results;
  results.reserve(stmts.size());
  if (stmts.size() == 1) {
    // One statement in autocommit mode is its own transaction: atomic, and a write takes the
    // write lock as BEGIN IMMEDIATE would (SQLITE_BUSY means it had no effect).
    results.push_back(run(stmts.front()));
    return results;
  }
  try {
    control(access == core::Access::Write ? begin_immediate_ : begin_deferred_);
    for (const auto& stmt : stmts) results.push_back(run(stmt));
    control(commit_);
  } catch (...) {
    rollback_quietly();
    throw;
  }
  return results;
}

void SqliteClient::transaction(const std::function<void(core::Transaction&)>& body) {
  std::lock_guard lock(mutex_);
  try {
    control(begin_immediate_);
    SqliteTransaction tx(*this);
    body(tx);
    control(commit_);
  } catch (...) {
    rollback_quietly();
    throw;
  }
}

}  // namespace libsqlstore::sqlite
