// Direct access to a database file with the SQLite C API, for tests that check what is on disk
// independently of the library.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <sqlite3.h>

namespace libsqlstore::testing {

class SqlitePeek {
 public:
  explicit SqlitePeek(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      throw std::runtime_error("cannot open " + path);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~SqlitePeek() { sqlite3_close_v2(db_); }
  SqlitePeek(const SqlitePeek&) = delete;
  SqlitePeek& operator=(const SqlitePeek&) = delete;

  /// Every row of `sql`, each column rendered as text ("NULL" for NULL).
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("prepare failed: ") + sqlite3_errmsg(db_));
    }
    std::vector<std::vector<std::string>> out;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = sqlite3_column_text(stmt, i);
        row.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
      throw std::runtime_error(std::string("step failed: ") + sqlite3_errmsg(db_));
    return out;
  }

  /// The first column of the first row of `sql`.
  std::string value(const std::string& sql) {
    auto r = rows(sql);
    if (r.empty() || r[0].empty()) throw std::runtime_error("no row for: " + sql);
    return r[0][0];
  }

  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string message = err ? err : "unknown";
      sqlite3_free(err);
      throw std::runtime_error("exec failed: " + message);
    }
  }

  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace libsqlstore::testing
