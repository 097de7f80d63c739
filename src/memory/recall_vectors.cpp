#include "memory/recall_vectors.hpp"

#include "core/json_text.hpp"
#include "schema/vector_tables.hpp"

namespace libsqlstore::memory {

void delete_recall_vectors(core::Transaction& tx, bool local, const char* key,
                           const std::vector<std::string>& values) {
  const auto tables = tx.query(core::Statement(
      "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE '%F32_BLOB%'"));
  Json list = Json::array();
  for (const auto& v : values) list.push_back(v);
  const auto ids = core::to_json_text(list);
  for (const auto& row : tables.rows) {
    const auto name = core::to_text(row.at(0)).value_or("");
    if (!schema::is_memory_recall_index(name)) continue;
    if (local) {
      const auto table = schema::inspect_vector_table(
          name, tx.query(schema::inspect_vector_table_statement(name)));
      for (auto& stmt : schema::diskann_detach_statements(table)) tx.execute(std::move(stmt));
    }
    // The name matched ^memory_messages(_[0-9]+)?$: safe in SQL text.
    tx.execute(core::Statement("DELETE FROM " + name + " WHERE json_extract(metadata, '$." + key +
                                   "') IN (SELECT value FROM json_each(?))",
                               {ids}));
  }
}

}  // namespace libsqlstore::memory
