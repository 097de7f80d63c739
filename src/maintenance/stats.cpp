// database_stats(): sqlite_master, counts, dbstat and a few pragmas; what a backend cannot answer
// (a remote server without dbstat or pragmas) is left unknown rather than failing the report.
#include <algorithm>
#include <filesystem>
#include <map>

#include "libsqlstore/error.hpp"
#include "libsqlstore/maintenance.hpp"

#include "maintenance/file_bytes.hpp"
#include "schema/tables.hpp"
#include "schema/vector_tables.hpp"
#include "store/store_access.hpp"
#include "transfer/catalog.hpp"

namespace libsqlstore {
namespace {

/// The first value of `sql`'s first row, or nullopt when the backend refuses the statement.
std::optional<core::Value> try_scalar(core::Db& db, const std::string& sql) {
  try {
    auto rs = db.read(core::Statement(sql));
    if (rs.rows.empty() || rs.rows.front().empty()) return std::nullopt;
    return std::move(rs.rows.front().front());
  } catch (const BusyError&) {
    throw;
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::string kind_of(const std::string& name, const std::string& sql) {
  if (schema::find_table(name) != nullptr) return "store";
  if (name.rfind("libsqlstore_search", 0) == 0) return "search";
  if (schema::vector_dimension_of(sql) > 0) return "vector";
  return "table";
}

}  // namespace

DatabaseStats database_stats(LibSQLStore& store) {
  auto& ctx = detail::StoreAccess::context(store);
  return ctx.call("LIBSQL_STORE_DATABASE_STATS_FAILED", {}, [&] {
    auto& db = ctx.db();
    DatabaseStats s;
    s.backend = store.backend();
    const auto text = [&](const char* sql) {
      const auto v = try_scalar(db, sql);
      return v ? core::to_text(*v).value_or("") : std::string();
    };
    const auto integer = [&](const char* sql) {
      const auto v = try_scalar(db, sql);
      return v ? core::to_int(*v).value_or(0) : 0;
    };
    s.journalMode = text("PRAGMA journal_mode");
    s.pageSize = integer("PRAGMA page_size");
    s.pageCount = integer("PRAGMA page_count");
    s.freePages = integer("PRAGMA freelist_count");
    s.schemaVersion = integer("PRAGMA schema_version");
    if (s.backend == BackendKind::File || s.backend == BackendKind::Replica) {
      s.fileBytes = maintenance::file_bytes(store.database_path());
      if (s.journalMode == "wal")
        s.walBytes = maintenance::file_bytes(store.database_path() + "-wal").value_or(0);
    }

    // Page bytes per table and index, where SQLite's dbstat is there.
    std::map<std::string, std::int64_t> bytes;
    bool have_bytes = false;
    try {
      for (const auto& row :
           db.read(core::Statement("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")).rows) {
        bytes[core::to_text(row.at(0)).value_or("")] = core::to_int(row.at(1)).value_or(0);
      }
      have_bytes = true;
    } catch (const BusyError&) {
      throw;
    } catch (const Error&) {
      // no dbstat here: sizes stay unknown
    }
    const auto size_of = [&](const std::string& name) -> std::optional<std::int64_t> {
      if (!have_bytes) return std::nullopt;
      const auto it = bytes.find(name);
      return it == bytes.end() ? 0 : it->second;
    };

    const auto master = db.read(core::Statement(
        "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
        "WHERE (type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\') OR type = 'index' "
        "ORDER BY name"));
    std::vector<std::string> index_names;
    for (const auto& row : master.rows) {
      const auto type = core::to_text(row.at(0)).value_or("");
      auto name = core::to_text(row.at(1)).value_or("");
      auto table = core::to_text(row.at(2)).value_or("");
      const auto sql = core::to_text(row.at(3)).value_or("");
      if (type == "index") {
        index_names.push_back(name);
        s.indexes.push_back({name, std::move(table), size_of(name)});
        continue;
      }
      TableStats t;
      t.kind = kind_of(name, sql);
      const auto count =
          try_scalar(db, "SELECT count(*) FROM " + transfer::quoted(name));  // NOLINT
      t.rows = count ? core::to_int(*count).value_or(0) : 0;
      t.bytes = size_of(name);
      t.name = std::move(name);
      s.tables.push_back(std::move(t));
    }
    std::stable_sort(s.tables.begin(), s.tables.end(),
                     [](const TableStats& a, const TableStats& b) {
                       return schema::core_table_rank(a.name) < schema::core_table_rank(b.name);
                     });
    for (const auto& extra : schema::extra_indexes()) {
      const bool table_exists =
          std::any_of(s.tables.begin(), s.tables.end(),
                      [&](const TableStats& t) { return t.name == extra.table; });
      if (table_exists &&
          std::find(index_names.begin(), index_names.end(), extra.name) == index_names.end()) {
        s.missingIndexes.push_back(extra.name);
      }
    }
    if (ctx.capabilities().fts5) s.searchEnabled = store.search().status().enabled;
    return s;
  });
}

}  // namespace libsqlstore
