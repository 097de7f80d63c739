#include "sqlite_probe.hpp"

#include <atomic>
#include <stdexcept>

#include <sqlite3.h>

namespace libsqlstore::bench {

namespace {

std::atomic<sqlite3*> g_captured{nullptr};

// The auto-extension entry point: called by sqlite3_open*() for every new connection.
int remember_connection(sqlite3* db, const char** /*error*/, const sqlite3_api_routines* /*api*/) {
  sqlite3* expected = nullptr;
  g_captured.compare_exchange_strong(expected, db);
  return SQLITE_OK;
}

using EntryPoint = void (*)();

EntryPoint entry_point() {
  // sqlite3_auto_extension() takes the entry point as void(*)(void); SQLite calls it with the
  // real signature.
  return reinterpret_cast<EntryPoint>(&remember_connection);  // NOLINT
}

}  // namespace

std::string sqlite_version() { return sqlite3_libversion(); }

ConnectionCapture::ConnectionCapture() {
  g_captured.store(nullptr);
  if (sqlite3_auto_extension(entry_point()) != SQLITE_OK) {
    throw std::runtime_error("sqlite3_auto_extension failed");
  }
}

ConnectionCapture::~ConnectionCapture() { sqlite3_cancel_auto_extension(entry_point()); }

sqlite3* ConnectionCapture::connection() const noexcept { return g_captured.load(); }

std::int64_t ConnectionProbe::query_int(const char* sql) const {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("probe: ") + sqlite3_errmsg(db_) + " in " + sql);
  }
  const int rc = sqlite3_step(stmt);
  const std::int64_t value = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    throw std::runtime_error(std::string("probe: ") + sqlite3_errmsg(db_) + " in " + sql);
  }
  return value;
}

void ConnectionProbe::exec(const char* sql) const {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error("probe: " + message + " in " + sql);
  }
}

}  // namespace libsqlstore::bench
