#include "schema/migrations.hpp"

#include <set>

#include "libsqlstore/error.hpp"

#include "schema/tables.hpp"

namespace libsqlstore::schema {

namespace {

struct SchemaState {
  std::set<std::string> objects;  // tables and indexes present
  bool messages_has_resource_id = false;
};

SchemaState read_state(core::Db& db) {
  const core::Statement stmts[] = {
      {"SELECT name FROM sqlite_master WHERE type IN ('table', 'index')"},
      {"SELECT name FROM pragma_table_info('mastra_messages')"},
  };
  const auto results = db.read(stmts);
  SchemaState state;
  for (const auto& row : results[0].rows) {
    if (const auto* name = core::text_ptr(row[0])) state.objects.insert(*name);
  }
  for (const auto& row : results[1].rows) {
    const auto* name = core::text_ptr(row[0]);
    // The reference compares column names case-insensitively.
    if (name && name->size() == 10) {
      std::string lower = *name;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "resourceid") state.messages_has_resource_id = true;
    }
  }
  return state;
}

std::vector<core::Statement> plan(const SchemaState& state) {
  std::vector<core::Statement> stmts;
  bool creates_messages = false;
  for (const auto& table : core_tables()) {
    if (!state.objects.contains(table.name)) {
      stmts.emplace_back(create_table_sql(table));
      if (table.name == kMessages) creates_messages = true;
    }
  }
  if (!creates_messages && !state.messages_has_resource_id) {
    stmts.emplace_back("ALTER TABLE mastra_messages ADD COLUMN \"resourceId\" TEXT");
  }
  for (const auto& index : extra_indexes()) {
    if (!state.objects.contains(index.name)) stmts.emplace_back(index.create_sql);
  }
  return stmts;
}

}  // namespace

void migrate(core::Db& db) {
  // A second attempt covers a concurrent init() in another process that added the column
  // between our read and our write ("duplicate column name").
  for (int attempt = 0;; ++attempt) {
    const auto stmts = plan(read_state(db));
    if (stmts.empty()) return;
    try {
      db.write(stmts);
      return;
    } catch (const BusyError&) {
      throw;
    } catch (const Error&) {
      if (attempt >= 1) throw;
    }
  }
}

}  // namespace libsqlstore::schema
