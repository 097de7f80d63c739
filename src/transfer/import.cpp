// import_data() and verify_dump(): a dump's rows into a store, all or nothing (or in committed
// batches), each row an INSERT that the conflict rule completes (docs/export-format.md).
#include <algorithm>
#include <functional>
#include <istream>
#include <map>

#include "libsqlstore/error.hpp"
#include "libsqlstore/transfer.hpp"

#include "operations/table_info.hpp"
#include "schema/tables.hpp"
#include "store/store_access.hpp"
#include "transfer/catalog.hpp"
#include "transfer/dump_reader.hpp"

namespace libsqlstore {
namespace {

using transfer::quoted;
using transfer::TableEntry;

constexpr const char* kImportId = "LIBSQL_STORE_IMPORT_FAILED";
/// Rows sent per request to a remote server inside one transaction (the remote backend defers
/// statements until the next read: a read every so often bounds what is held in memory).
constexpr std::int64_t kFlushRows = 256;

/// Thrown to roll back a dry run; never leaves import_data().
struct DryRunDone {};

/// A header's CREATE statement, refused unless it is one statement of the expected kind.
const std::string& checked_ddl(const std::string& sql, const std::string& table) {
  const bool create = transfer::starts_with_ci(sql, "create table ") ||
                      transfer::starts_with_ci(sql, "create index ") ||
                      transfer::starts_with_ci(sql, "create unique index ");
  if (!create || sql.find(';') != std::string::npos) {
    throw DataError(std::string(kImportId) + "_INVALID_DUMP", ErrorCategory::User,
                    "The dump's DDL for table " + table +
                        " is not a single CREATE TABLE or CREATE INDEX statement",
                    {{"table", table}});
  }
  return sql;
}

/// How the rows of one dump table go into the target.
struct TablePlan {
  const TableEntry* dump = nullptr;
  bool exists = false;  ///< the target had the table before the import
  /// The target's unique keys: the primary key first, then each unique index (empty: the table
  /// has no key, rows are compared whole).
  std::vector<std::vector<std::string>> keys;
  std::string insert_sql;  ///< when every value is a bound "?"
  std::string delete_sql;  ///< Replace with several keys: the rows any key of the new one matches
};

std::string insert_sql(const TablePlan& plan, OnConflict rule,
                       const std::vector<transfer::DumpValue>* values) {
  const auto& t = *plan.dump;
  std::string cols;
  std::string placeholders;
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (c > 0) {
      cols += ", ";
      placeholders += ", ";
    }
    cols += quoted(t.columns[c]);
    placeholders += values != nullptr ? std::string((*values)[c].placeholder) : "?";
  }
  const std::string head = "INSERT INTO " + quoted(t.name) + " (" + cols + ")";
  if (rule == OnConflict::Fail) return head + " VALUES (" + placeholders + ")";
  if (plan.keys.empty()) {
    // No key: a row equal in every column to one the target has is the same row.
    std::string same;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      if (c > 0) same += " AND ";
      same += quoted(t.columns[c]) + " IS " +
              (values != nullptr ? std::string((*values)[c].placeholder) : "?");
    }
    return head + " SELECT " + placeholders + " WHERE NOT EXISTS (SELECT 1 FROM " + quoted(t.name) +
           " WHERE " + same + ")";
  }
  if (rule == OnConflict::Skip)
    return head + " VALUES (" + placeholders + ") ON CONFLICT DO NOTHING";
  // Several keys: delete_sql removes what any of them matches, then a plain insert.
  if (plan.keys.size() > 1) return head + " VALUES (" + placeholders + ")";
  const auto& key = plan.keys.front();
  std::string target;
  std::string set;
  for (const auto& k : key) target += (target.empty() ? "" : ", ") + quoted(k);
  for (const auto& c : t.columns) {
    const bool is_key = std::any_of(key.begin(), key.end(), [&](const std::string& k) {
      return operations::ascii_lower(k) == operations::ascii_lower(c);
    });
    if (!is_key) set += (set.empty() ? "" : ", ") + quoted(c) + " = excluded." + quoted(c);
  }
  if (set.empty()) return head + " VALUES (" + placeholders + ") ON CONFLICT DO NOTHING";
  return head + " VALUES (" + placeholders + ") ON CONFLICT (" + target + ") DO UPDATE SET " + set;
}

/// The index of `column` in the dump's columns (case-insensitive), or npos.
std::size_t column_index(const TableEntry& t, const std::string& column) {
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (operations::ascii_lower(t.columns[c]) == operations::ascii_lower(column)) return c;
  }
  return std::string::npos;
}

/// `DELETE FROM t WHERE (k1 = ? AND k2 = ?) OR (u = ?)`: the rows a new row replaces.
std::string delete_sql(const TablePlan& plan) {
  std::string where;
  for (const auto& key : plan.keys) {
    std::string term;
    for (const auto& k : key) term += (term.empty() ? "" : " AND ") + quoted(k) + " = ?";
    where += (where.empty() ? "(" : " OR (") + term + ")";
  }
  return "DELETE FROM " + quoted(plan.dump->name) + " WHERE " + where;
}

/// Appends the statements that write one row: its insert, after (Replace, several keys) the
/// delete of the rows it replaces.
void row_statements(const TablePlan& plan, OnConflict rule,
                    std::vector<transfer::DumpValue>& values, std::vector<core::Statement>& out) {
  if (!plan.delete_sql.empty()) {
    core::Statement del(plan.delete_sql);
    for (const auto& key : plan.keys) {
      for (const auto& k : key) {
        const auto c = column_index(*plan.dump, k);
        del.args.push_back(c == std::string::npos || !values[c].bound ? core::Value(nullptr)
                                                                      : values[c].value);
      }
    }
    out.push_back(std::move(del));
  }
  const bool plain = std::all_of(values.begin(), values.end(),
                                 [](const auto& v) { return v.bound && v.placeholder == "?"; });
  core::Statement stmt(plain ? plan.insert_sql : insert_sql(plan, rule, &values));
  const bool twice = rule != OnConflict::Fail && plan.keys.empty();
  for (int pass = 0; pass < (twice ? 2 : 1); ++pass) {
    for (auto& v : values) {
      if (v.bound) stmt.args.push_back(pass == 0 && !twice ? std::move(v.value) : v.value);
    }
  }
  out.push_back(std::move(stmt));
}

/// `SELECT name, pk FROM pragma_table_info(?)` of a table: its columns and primary key.
core::Statement key_query(const std::string& table) {
  return {"SELECT name, pk FROM pragma_table_info(?)", {table}};
}

using Query = std::function<core::ResultSet(const core::Statement&)>;

/// A table's unique keys: its primary key (from key_query's result `info`), then the columns of
/// each unique index. A server without the index pragmas (tursodb) gives the primary key alone.
std::vector<std::vector<std::string>> read_keys(const Query& query, const std::string& table,
                                                const core::ResultSet& info) {
  std::vector<std::vector<std::string>> keys;
  std::vector<std::pair<std::int64_t, std::string>> pk;
  for (const auto& row : info.rows) {
    const auto n = core::to_int(row.at(1)).value_or(0);
    if (n > 0) pk.emplace_back(n, core::to_text(row.at(0)).value_or(""));
  }
  std::sort(pk.begin(), pk.end());
  if (!pk.empty()) {
    keys.emplace_back();
    for (auto& k : pk) keys.back().push_back(std::move(k.second));
  }
  try {
    const auto indexes = query(core::Statement(
        "SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1 AND origin <> 'pk'", {table}));
    for (const auto& row : indexes.rows) {
      const auto name = core::to_text(row.at(0)).value_or("");
      const auto info_rows =
          query(core::Statement("SELECT name FROM pragma_index_info(?) ORDER BY seqno", {name}));
      std::vector<std::string> key;
      for (const auto& r : info_rows.rows) key.push_back(core::to_text(r.at(0)).value_or(""));
      if (!key.empty()) keys.push_back(std::move(key));
    }
  } catch (const BusyError&) {
    throw;
  } catch (const Error&) {
    // No index pragmas here: the primary key is the key.
  }
  return keys;
}

/// The target's side of each dump table: whether it exists, its key, and that it has every
/// column the dump has.
std::vector<TablePlan> plan_tables(core::Db& db, const transfer::DumpHeader& header) {
  std::vector<TablePlan> plans;
  for (const auto& t : header.tables) {
    TablePlan p;
    p.dump = &t;
    const auto info = db.read(key_query(t.name));
    p.exists = !info.rows.empty();
    std::vector<std::string> target_columns;
    for (const auto& row : info.rows) {
      target_columns.push_back(operations::ascii_lower(core::to_text(row.at(0)).value_or("")));
    }
    if (p.exists) {
      for (const auto& c : t.columns) {
        if (std::find(target_columns.begin(), target_columns.end(), operations::ascii_lower(c)) ==
            target_columns.end()) {
          throw SchemaError(
              std::string(kImportId) + "_SCHEMA_MISMATCH", ErrorCategory::User,
              "The target's table " + t.name + " has no column " + c + " for the dump's rows",
              {{"table", t.name}, {"column", c}});
        }
      }
      p.keys = read_keys([&](const core::Statement& q) { return db.read(q); }, t.name, info);
    }
    // A table the import creates has its key read once it exists (create_missing).
    plans.push_back(std::move(p));
  }
  return plans;
}

/// Per table, rows the target holds now.
std::vector<std::int64_t> count_rows(core::Transaction& tx, const std::vector<TablePlan>& plans) {
  std::vector<std::int64_t> out;
  for (const auto& p : plans) {
    const auto rs = tx.query(core::Statement("SELECT count(*) FROM " + quoted(p.dump->name)));
    out.push_back(core::first_int(rs));
  }
  return out;
}

/// Creates the dump's tables the target lacks, with their indexes, and reads the keys of those
/// it made. Asks the transaction which tables exist, so that it can run again after a rollback.
void create_missing(core::Transaction& tx, std::vector<TablePlan>& plans, OnConflict rule,
                    ImportSummary& summary) {
  summary.createdTables.clear();
  for (auto& p : plans) {
    if (p.exists) continue;
    const auto& t = *p.dump;
    if (tx.query(key_query(t.name)).rows.empty()) {
      const auto* spec = schema::find_table(t.name);
      tx.query(core::Statement(spec != nullptr ? schema::create_table_sql(*spec)
                                               : checked_ddl(t.sql, t.name)));
      for (const auto& index : t.indexes) tx.query(core::Statement(checked_ddl(index, t.name)));
      summary.createdTables.push_back(t.name);
    }
    p.keys = read_keys([&](const core::Statement& q) { return tx.query(q); }, t.name,
                       tx.query(key_query(t.name)));
  }
  for (auto& p : plans) {
    p.insert_sql = insert_sql(p, rule, nullptr);
    if (rule == OnConflict::Replace && p.keys.size() > 1) p.delete_sql = delete_sql(p);
  }
}

/// Drops libsqlstore's indexes on the dump's tables that hold no row yet and returns the
/// statements that create them again.
std::vector<std::string> defer_indexes(core::Transaction& tx, const std::vector<TablePlan>& plans,
                                       const std::vector<std::int64_t>& rows) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (rows.at(i) != 0 || plans[i].dump->rows == 0) continue;
    for (const auto& extra : schema::extra_indexes()) {
      if (extra.table != plans[i].dump->name) continue;
      if (tx.query(transfer::exists_statement("index", extra.name)).rows.empty()) continue;
      tx.query(core::Statement("DROP INDEX " + quoted(extra.name)));
      out.push_back(extra.create_sql);
    }
  }
  return out;
}

void check_import_options(const ImportOptions& options) {
  if (options.batchRows < 0) {
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                               "batchRows must be >= 0, got " + std::to_string(options.batchRows));
  }
}

void report(const ImportOptions& options, const transfer::DumpReader& reader, const TablePlan& plan,
            std::size_t table) {
  if (options.onProgress) {
    options.onProgress({plan.dump->name, reader.counts()[table], plan.dump->rows});
  }
}

}  // namespace

ImportSummary import_data(LibSQLStore& store, std::istream& in, const ImportOptions& options) {
  auto& ctx = detail::StoreAccess::context(store);
  return ctx.call(kImportId, {}, [&] {
    check_import_options(options);
    transfer::DumpReader reader(in, kImportId);
    const auto& header = reader.header();
    ImportSummary summary;
    summary.dryRun = options.dryRun;
    auto& db = ctx.db();
    if (!options.dryRun) {
      store.init();
      if (header.search && ctx.capabilities().fts5 && !store.search().status().enabled) {
        store.search().enable({.tokenizer = *header.search});
        summary.searchEnabled = true;
      }
    }
    auto plans = plan_tables(db, header);
    std::vector<std::int64_t> before;
    std::vector<std::int64_t> after;
    const auto rule = options.onConflict;
    const bool batched = options.batchRows > 0 && !options.dryRun;

    if (!batched) {
      bool started = false;
      try {
        db.transaction([&](core::Transaction& tx) {
          if (started) {
            // The stream has been read from: the body cannot run again.
            throw BusyError("LIBSQL_STORE_BUSY", ErrorCategory::ThirdParty,
                            "The database became busy in the middle of the import; nothing "
                            "was written: run it again");
          }
          started = true;
          create_missing(tx, plans, rule, summary);
          before = count_rows(tx, plans);
          // An empty table's extra indexes are built once at the end, as a bulk load does,
          // instead of row by row (inside this transaction: all or nothing still).
          const auto deferred = defer_indexes(tx, plans, before);
          std::int64_t since_flush = 0;
          std::vector<core::Statement> statements;
          while (auto row = reader.next()) {
            const auto& plan = plans[row->table];
            statements.clear();
            row_statements(plan, rule, row->values, statements);
            for (auto& stmt : statements) tx.execute(std::move(stmt));
            if (++since_flush == kFlushRows) {
              tx.query(core::Statement("SELECT 1"));
              since_flush = 0;
              report(options, reader, plan, row->table);
            }
          }
          for (const auto& index : deferred) tx.query(core::Statement(index));
          after = count_rows(tx, plans);
          if (options.dryRun) throw DryRunDone{};
        });
      } catch (const DryRunDone&) {
      }
    } else {
      // Committed batches: each batch is read into memory first, so that a busy database can
      // run its transaction again.
      db.transaction([&](core::Transaction& tx) {
        create_missing(tx, plans, rule, summary);
        before = count_rows(tx, plans);
      });
      bool more = true;
      while (more) {
        std::vector<core::Statement> batch;
        std::optional<std::size_t> last_table;
        for (std::int64_t n = 0; n < options.batchRows; ++n) {
          auto row = reader.next();
          if (!row) {
            more = false;
            break;
          }
          row_statements(plans[row->table], rule, row->values, batch);
          last_table = row->table;
        }
        db.transaction([&](core::Transaction& tx) {
          std::int64_t since_flush = 0;
          for (const auto& stmt : batch) {
            tx.execute(stmt);
            if (++since_flush == kFlushRows) {
              tx.query(core::Statement("SELECT 1"));
              since_flush = 0;
            }
          }
          if (!more) after = count_rows(tx, plans);
        });
        if (last_table) report(options, reader, plans[*last_table], *last_table);
      }
    }

    for (std::size_t i = 0; i < plans.size(); ++i) {
      const auto& name = plans[i].dump->name;
      const auto gained = after.at(i) - before.at(i);
      summary.tables.push_back({name, reader.counts()[i]});
      summary.inserted.push_back({name, gained});
      summary.insertedRows += gained;
    }
    summary.rows = reader.rows();
    if (options.dryRun) summary.createdTables.clear();
    return summary;
  });
}

std::vector<TableCount> verify_dump(std::istream& in) {
  return core::guarded("LIBSQL_STORE_VERIFY_DUMP_FAILED", {}, [&] {
    transfer::DumpReader reader(in, "LIBSQL_STORE_VERIFY_DUMP_FAILED");
    while (reader.next()) {
    }
    std::vector<TableCount> out;
    for (std::size_t i = 0; i < reader.header().tables.size(); ++i) {
      out.push_back({reader.header().tables[i].name, reader.counts()[i]});
    }
    return out;
  });
}

}  // namespace libsqlstore
