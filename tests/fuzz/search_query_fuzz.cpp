// libFuzzer target: arbitrary text as a search query (search_messages' `query`). The first byte
// picks the mode: "words", "phrase" or "fts5". In the default modes no text may produce an FTS5
// syntax error: the MATCH expression the store builds must run on a real FTS5 table. In "fts5"
// mode the store's own check of FTS5's grammar must agree with FTS5: what it accepts runs, what it
// refuses (with InvalidArgumentError) FTS5 refuses too.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libsqlstore/error.hpp"

#include <sqlite3.h>

#include "search/query_syntax.hpp"

namespace {

sqlite3* fts_db() {
  static sqlite3* db = [] {
    sqlite3* d = nullptr;
    if (sqlite3_open(":memory:", &d) != SQLITE_OK ||
        sqlite3_exec(d,
                     "CREATE VIRTUAL TABLE f USING fts5(text, tokenize = 'unicode61 "
                     "remove_diacritics 2');"
                     "INSERT INTO f VALUES ('my flight number is LX 318 to Zürich');",
                     nullptr, nullptr, nullptr) != SQLITE_OK) {
      std::abort();
    }
    return d;
  }();
  return db;
}

// SQLITE_OK when FTS5 runs `match`, else its error.
int run_match(const std::string& match, std::string& message) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(fts_db(), "SELECT count(*) FROM f WHERE f MATCH ?", -1, &stmt, nullptr) !=
      SQLITE_OK) {
    std::abort();
  }
  sqlite3_bind_text(stmt, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) rc = SQLITE_OK;
  message = sqlite3_errmsg(fts_db());
  sqlite3_finalize(stmt);
  return rc;
}

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\n\v\f\r") == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace search = libsqlstore::search;
  if (size == 0) return 0;
  const auto mode = static_cast<search::QueryMode>(data[0] % 3);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (text.find('\0') != std::string_view::npos) return 0;  // not text a caller can bind
  std::string match;
  std::string message;
  try {
    match = search::match_expression(text, mode, "text");
  } catch (const libsqlstore::InvalidArgumentError&) {
    if (mode == search::QueryMode::Fts5 && !blank(text) &&
        run_match(std::string(text), message) == SQLITE_OK) {
      std::fprintf(stderr, "refused a query FTS5 runs: %.*s\n", static_cast<int>(text.size()),
                   text.data());
      std::abort();
    }
    return 0;
  }
  if (run_match(match, message) != SQLITE_OK) {
    std::fprintf(stderr, "FTS5 refused the MATCH built from %.*s: %s (%s)\n",
                 static_cast<int>(text.size()), text.data(), match.c_str(), message.c_str());
    std::abort();
  }
  return 0;
}
