#include "schema/migrations.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "libsqlstore/error.hpp"

#include "operations/ddl.hpp"
#include "operations/table_info.hpp"
#include "schema/search_tables.hpp"
#include "schema/tables.hpp"

namespace libsqlstore::schema {

namespace {

struct SchemaState {
  std::set<std::string> objects;  // tables and indexes present
  // Lower-cased column names of each existing core table (SQLite compares them
  // case-insensitively, and so does the reference's migration).
  std::map<std::string, std::set<std::string>, std::less<>> columns;
  bool columns_read = false;  // false: the schema is complete, columns were not read
};

// Search is enabled here (its state table exists) but a trigger is missing: a core table was
// dropped and created again (by clearing tools or the reference's dropTable), and its triggers
// went with it. init() re-creates them and rebuilds the index.
bool search_needs_repair(const SchemaState& state) {
  if (!state.objects.contains(std::string(kSearchStateTable))) return false;
  for (const auto& name : search_sync_names()) {
    if (!state.objects.contains(name)) return true;
  }
  return false;
}

// Whether every table and every extra index exists: then a libsqlstore init() completed here
// before (it checked the columns then), and there is nothing to do.
bool complete(const SchemaState& state) {
  for (const auto& table : core_tables()) {
    if (!state.objects.contains(table.name)) return false;
  }
  for (const auto& index : extra_indexes()) {
    if (!state.objects.contains(index.name)) return false;
  }
  return !search_needs_repair(state);
}

SchemaState read_state(core::Db& db) {
  SchemaState state;
  const auto objects = db.read(core::Statement(
      "SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger')"));
  for (const auto& row : objects.rows) {
    if (const auto* name = core::text_ptr(row[0])) state.objects.insert(*name);
  }
  if (complete(state)) return state;  // the common case: one read
  const bool any_table =
      std::any_of(core_tables().begin(), core_tables().end(),
                  [&](const Table& t) { return state.objects.contains(t.name); });
  if (!any_table) {  // a new database: everything is created, there are no columns to check
    state.columns_read = true;
    return state;
  }
  // Something is missing: read the columns of each existing core table (one batch; one
  // statement per table: tursodb has no table-valued pragma in a join).
  std::vector<core::Statement> stmts;
  for (const auto& table : core_tables())
    stmts.push_back(operations::table_columns_query(table.name));
  const auto results = db.read(stmts);
  for (std::size_t i = 0; i < core_tables().size(); ++i) {
    auto& columns = state.columns[core_tables()[i].name];
    for (const auto& name : operations::column_names(results[i])) {
      columns.insert(operations::ascii_lower(name));
    }
  }
  state.columns_read = true;
  return state;
}

struct Plan {
  std::vector<core::Statement> changes;  // tables and columns: the schema the store needs
  std::vector<core::Statement> indexes;  // libsqlstore's extra indexes
  std::vector<std::string> missing;      // what changes creates, for messages
  std::vector<core::Statement> search;   // the search index's repair
};

Plan plan(const SchemaState& state) {
  Plan out;
  if (!state.columns_read) return out;  // complete()
  for (const auto& table : core_tables()) {
    if (!state.objects.contains(table.name)) {
      out.changes.emplace_back(create_table_sql(table));
      out.missing.push_back("table " + table.name);
      continue;
    }
    const auto it = state.columns.find(table.name);
    const std::set<std::string> none;
    const auto& present = it == state.columns.end() ? none : it->second;
    std::string lacking;
    for (const auto& column : table.columns) {
      if (present.contains(operations::ascii_lower(column.name))) continue;
      if (column.nullable) {
        // An older version of the table: add the column as the reference's own migration adds
        // mastra_messages.resourceId.
        out.changes.emplace_back(operations::alter_add_column_sql(
            table.name, column.name, StorageColumn{.type = column.type, .nullable = true}));
        out.missing.push_back("column " + table.name + "." + column.name);
      } else {
        lacking += (lacking.empty() ? "" : ", ") + column.name;
      }
    }
    if (!lacking.empty()) {
      throw SchemaError("LIBSQL_STORE_SCHEMA_MISMATCH", ErrorCategory::User,
                        "Table " + table.name + " exists but lacks the column(s) " + lacking +
                            " that Mastra's storage requires (NOT NULL columns cannot be added "
                            "to an existing table); it was not created by Mastra or libsqlstore. "
                            "Rename or drop it, then call init() again",
                        {{"tableName", table.name}, {"missingColumns", lacking}});
    }
  }
  for (const auto& index : extra_indexes()) {
    if (!state.objects.contains(index.name)) out.indexes.emplace_back(index.create_sql);
  }
  if (search_needs_repair(state)) {
    for (auto& sql : search_rebuild_statements()) out.search.emplace_back(std::move(sql));
  }
  return out;
}

}  // namespace

void migrate(core::Db& db, MigrateMode mode) {
  if (mode == MigrateMode::ReadOnly) {
    const auto p = plan(read_state(db));
    if (!p.changes.empty()) {
      std::string what;
      for (const auto& m : p.missing) what += (what.empty() ? "" : ", ") + m;
      throw SchemaError("LIBSQL_STORE_SCHEMA_MISSING", ErrorCategory::User,
                        "The database lacks " + what +
                            ", and a read-only store cannot create them: open it writable once "
                            "and call init()",
                        {{"missing", what}});
    }
    if (!p.indexes.empty()) {
      db.log(LogLevel::Info, "LibSQLStore: read-only store without libsqlstore's " +
                                 std::to_string(p.indexes.size()) +
                                 " extra indexes; reads scan instead (docs/schema.md)");
    }
    return;
  }
  // A second attempt covers a concurrent init() in another process that added a column between
  // our read and our write ("duplicate column name").
  for (int attempt = 0;; ++attempt) {
    auto p = plan(read_state(db));
    for (auto& s : p.indexes) p.changes.push_back(std::move(s));
    for (auto& s : p.search) p.changes.push_back(std::move(s));
    if (p.changes.empty()) return;
    try {
      db.write(p.changes);
      return;
    } catch (const BusyError&) {
      throw;
    } catch (const Error&) {
      if (attempt >= 1) throw;
    }
  }
}

}  // namespace libsqlstore::schema
