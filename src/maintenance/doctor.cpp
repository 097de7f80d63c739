// doctor(): every check reads; --fix repairs only what init() and the search index's own build
// can repair without touching data.
#include <algorithm>
#include <limits>

#include "libsqlstore/error.hpp"
#include "libsqlstore/maintenance.hpp"

#include "maintenance/file_bytes.hpp"
#include "schema/tables.hpp"
#include "schema/vector_tables.hpp"
#include "store/store_access.hpp"
#include "transfer/catalog.hpp"

namespace libsqlstore {
namespace {

constexpr std::int64_t kPage = 500;

std::string text_of(const core::Value& v) { return core::to_text(v).value_or(""); }

/// Reads every row of a table through its RowSpec, a page at a time; a row whose decoding
/// fails goes to the quarantine list. A table that cannot be read at all is reported.
template <class Row>
void scan_table(core::Db& db, const schema::RowSpec<Row>& spec, DoctorReport& report,
                const DoctorOptions& options, std::vector<std::string>& unreadable_tables) {
  const std::string sql = "SELECT rowid AS libsqlstore_rowid, " + spec.select_list() + " FROM " +
                          spec.name() + " WHERE rowid > ? ORDER BY rowid LIMIT ?";
  std::int64_t after = std::numeric_limits<std::int64_t>::min();
  for (;;) {
    core::ResultSet rs;
    try {
      rs = db.read(core::Statement(sql, {after, kPage}));
    } catch (const BusyError&) {
      throw;
    } catch (const Error& e) {
      unreadable_tables.push_back(spec.name() + ": " + e.what());
      return;
    }
    const schema::ColumnMap map(spec.fields(), rs);
    for (auto& row : rs.rows) {
      after = core::to_int(row.at(0)).value_or(after);
      Row decoded;
      try {
        spec.decode(map, row, decoded);
      } catch (const DataError& e) {
        ++report.quarantinedRows;
        if (static_cast<std::int64_t>(report.quarantine.size()) < options.maxItems) {
          const auto& d = e.details();
          std::string id = d.contains("rowId") && d["rowId"].is_string()
                               ? d["rowId"].template get<std::string>()
                               : std::string();
          if (id.empty()) id = "rowid " + std::to_string(after);
          report.quarantine.push_back({spec.name(), id,
                                       d.contains("column") && d["column"].is_string()
                                           ? d["column"].template get<std::string>()
                                           : std::string(),
                                       e.what()});
        }
      }
    }
    if (static_cast<std::int64_t>(rs.rows.size()) < kPage) return;
  }
}

}  // namespace

DoctorReport doctor(LibSQLStore& store, const DoctorOptions& options) {
  auto& ctx = detail::StoreAccess::context(store);
  return ctx.call("LIBSQL_STORE_DOCTOR_FAILED", {}, [&] {
    if (options.maxItems < 0) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                 "maxItems must be >= 0");
    }
    auto& db = ctx.db();
    DoctorReport report;
    const auto limit = [&](std::vector<std::string>& items) {
      if (static_cast<std::int64_t>(items.size()) > options.maxItems) {
        items.resize(static_cast<std::size_t>(options.maxItems));
      }
    };

    // 1. SQLite's own check of the file's structure.
    try {
      const auto rs = db.read(core::Statement("PRAGMA integrity_check"));
      report.checks.emplace_back("integrity");
      std::vector<std::string> lines;
      for (const auto& row : rs.rows) lines.push_back(text_of(row.at(0)));
      if (!(lines.size() == 1 && lines[0] == "ok")) {
        limit(lines);
        report.findings.push_back({"integrity", true,
                                   "SQLite's integrity_check found damage: restore from a backup, "
                                   "or export what still reads and import it into a new file",
                                   lines, false, false});
      }
    } catch (const BusyError&) {
      throw;
    } catch (const Error&) {
      // the server has no integrity_check: not a check here
    }

    // 2. Messages whose thread is gone.
    if (transfer::object_exists(db, "table", "mastra_messages") &&
        transfer::object_exists(db, "table", "mastra_threads")) {
      report.checks.emplace_back("orphan_messages");
      const auto rs = db.read(core::Statement(
          "SELECT id, thread_id FROM mastra_messages m WHERE NOT EXISTS (SELECT 1 FROM "
          "mastra_threads t WHERE t.id = m.thread_id) ORDER BY thread_id, id"));
      if (!rs.rows.empty()) {
        std::vector<std::string> items;
        for (const auto& row : rs.rows)
          items.push_back(text_of(row.at(0)) + " (thread " + text_of(row.at(1)) + ")");
        const auto n = items.size();
        limit(items);
        report.findings.push_back(
            {"orphan_messages", true,
             std::to_string(n) +
                 " messages belong to threads that do not exist: no read of a thread returns "
                 "them. Recreate the threads (save_thread) or delete the messages",
             items, false, false});
      }
    }

    // 3. Rows the store cannot read back.
    std::vector<std::string> unreadable_tables;
    const auto scan = [&](const auto& spec) {
      if (transfer::object_exists(db, "table", spec.name()))
        scan_table(db, spec, report, options, unreadable_tables);
    };
    scan(schema::workflow_runs());
    scan(schema::evals());
    scan(schema::threads());
    scan(schema::messages());
    scan(schema::traces());
    scan(schema::scores());
    scan(schema::resources());
    report.checks.emplace_back("unreadable_rows");
    if (report.quarantinedRows > 0 || !unreadable_tables.empty()) {
      report.findings.push_back(
          {"unreadable_rows", true,
           std::to_string(report.quarantinedRows) +
               " rows hold values the store cannot read back (the quarantine list names each "
               "table, row and column): a read that meets one fails with DataError. Repair or "
               "delete them by hand" +
               (unreadable_tables.empty() ? "" : "; some tables could not be read at all"),
           unreadable_tables, false, false});
    }

    // 4. libsqlstore's indexes (a file the reference made and libsqlstore never initialised).
    std::vector<std::string> missing;
    for (const auto& extra : schema::extra_indexes()) {
      if (!transfer::object_exists(db, "table", extra.table)) continue;
      if (!transfer::object_exists(db, "index", extra.name)) missing.push_back(extra.name);
    }
    report.checks.emplace_back("missing_indexes");
    if (!missing.empty()) {
      DoctorFinding f{"missing_indexes",
                      true,
                      std::to_string(missing.size()) +
                          " of libsqlstore's indexes are missing: reads scan whole tables. init() "
                          "creates them",
                      missing,
                      true,
                      false};
      if (options.fix && !store.options().readOnly) {
        store.init();
        f.fixed = std::all_of(missing.begin(), missing.end(), [&](const std::string& name) {
          return transfer::object_exists(db, "index", name);
        });
      }
      report.findings.push_back(std::move(f));
    }

    // 5. The search index against the data.
    if (ctx.capabilities().fts5) {
      const auto status = store.search().status();
      if (status.enabled) {
        report.checks.emplace_back("search_index");
        if (!status.ready) {
          DoctorFinding f{"search_index",
                          true,
                          "The search index build was interrupted: searches fail until it is "
                          "finished (enable() again runs it to the end)",
                          {},
                          true,
                          false};
          if (options.fix && !store.options().readOnly) {
            f.fixed = store.search().enable({.tokenizer = status.tokenizer}).ready;
          }
          report.findings.push_back(std::move(f));
        } else if (const auto c = store.search().check(); !c.consistent()) {
          DoctorFinding f{"search_index",
                          true,
                          "The search index differs from the data (" + std::to_string(c.missing) +
                              " missing, " + std::to_string(c.extra) + " extra, " +
                              std::to_string(c.stale) + " stale): rebuild() repairs it",
                          {},
                          true,
                          false};
          if (options.fix && !store.options().readOnly) {
            store.search().rebuild();
            f.fixed = store.search().check().consistent();
          }
          report.findings.push_back(std::move(f));
        }
      }
    }

    // 6. Vector indexes: embeddings of the wrong size; the reference's DiskANN index.
    const auto tables = db.read(core::Statement(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%F32_BLOB%' "
        "ORDER BY name"));
    if (!tables.rows.empty()) report.checks.emplace_back("vector_blobs");
    std::vector<std::string> bad_blobs;
    std::vector<std::string> diskann;
    for (const auto& row : tables.rows) {
      const auto name = text_of(row.at(0));
      const auto dimension = schema::vector_dimension_of(text_of(row.at(1)));
      if (dimension > 0) {
        const auto rs =
            db.read(core::Statement("SELECT count(*) FROM " + transfer::quoted(name) +
                                        " WHERE embedding IS NOT NULL AND length(embedding) != ?",
                                    {dimension * 4}));
        const auto n = core::to_int(rs.rows.at(0).at(0)).value_or(0);
        if (n > 0) bad_blobs.push_back(name + ": " + std::to_string(n) + " rows");
      }
      if (store.backend() != BackendKind::Remote) {
        const auto t = schema::inspect_vector_table(
            name, db.read(schema::inspect_vector_table_statement(name)));
        if (t.has_diskann()) diskann.push_back(name);
      }
    }
    if (!bad_blobs.empty()) {
      report.findings.push_back({"vector_blobs", true,
                                 "Vector rows whose embedding is not of the index's dimension: "
                                 "queries skip them. Upsert them again",
                                 bad_blobs, false, false});
    }
    if (!diskann.empty()) {
      report.findings.push_back({"diskann_index", false,
                                 "These vector indexes carry libSQL's DiskANN index (the "
                                 "reference's): libsqlstore's local queries do not use it, and "
                                 "its first local write detaches it (docs/vector.md)",
                                 diskann, false, false});
    }

    // 7. A WAL larger than the database: compact.
    if (store.backend() == BackendKind::File) {
      const auto& path = store.database_path();
      const auto wal = maintenance::file_bytes(path + "-wal").value_or(0);
      if (wal > 0 && wal > maintenance::file_bytes(path).value_or(0)) {
        report.findings.push_back({"wal_size",
                                   false,
                                   "The WAL (" + std::to_string(wal) +
                                       " bytes) is larger than the database file: a long reader "
                                       "keeps it from being checkpointed; libsqlstore compact "
                                       "truncates it",
                                   {},
                                   false,
                                   false});
      }
    }
    return report;
  });
}

}  // namespace libsqlstore
