#include "transfer/catalog.hpp"

#include <algorithm>
#include <cctype>

#include "schema/tables.hpp"
#include "schema/vector_tables.hpp"

namespace libsqlstore::transfer {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

core::Statement exists_statement(std::string_view type, const std::string& name) {
  return {"SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?", {std::string(type), name}};
}

bool object_exists(core::Db& db, std::string_view type, const std::string& name) {
  return !db.read(exists_statement(type, name)).rows.empty();
}

namespace {

bool contains_ci(const std::string& text, std::string_view word) {
  const auto it =
      std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
      });
  return it != text.end();
}

struct MasterRow {
  std::string type, name, table, sql;
};

/// Whether an index is one init() creates on the seven tables (an import's init() makes them).
bool is_extra_index(const std::string& name) {
  const auto& extra = schema::extra_indexes();
  return std::any_of(extra.begin(), extra.end(),
                     [&](const schema::ExtraIndex& e) { return e.name == name; });
}

/// The time column of a --since filter.
const char* since_column(const std::string& table) {
  if (table == schema::kThreads || table == schema::kResources ||
      table == schema::kWorkflowSnapshot || table == schema::kScorers) {
    return "updatedAt";
  }
  if (table == schema::kMessages || table == schema::kTraces) return "createdAt";
  if (table == schema::kEvals) return "created_at";
  return nullptr;
}

}  // namespace

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) {
    out.push_back(c);
    if (c == '"') out.push_back('"');
  }
  out.push_back('"');
  return out;
}

std::vector<TableEntry> read_catalog(core::SnapshotReader& reader) {
  std::vector<MasterRow> master;
  reader.scan(core::Statement("SELECT type, name, tbl_name, sql FROM sqlite_master "
                              "WHERE type IN ('table', 'index') ORDER BY name"),
              [&](const core::RowView& row) {
                master.push_back({std::string(row.text(0)), std::string(row.text(1)),
                                  std::string(row.text(2)), std::string(row.text(3))});
              });
  std::vector<std::string> virtual_tables;
  std::vector<std::string> diskann_shadows = {"libsql_vector_meta_shadow"};
  for (const auto& m : master) {
    if (m.type == "table" && starts_with_ci(m.sql, "CREATE VIRTUAL TABLE")) {
      virtual_tables.push_back(m.name + "_");
    }
    if (m.type == "index" && contains_ci(m.sql, "libsql_vector_idx")) {
      diskann_shadows.push_back(m.name + "_shadow");
    }
  }
  const auto excluded = [&](const MasterRow& m) {
    if (starts_with_ci(m.name, "sqlite_") || starts_with_ci(m.name, "libsqlstore_search")) {
      return true;
    }
    if (starts_with_ci(m.sql, "CREATE VIRTUAL TABLE")) return true;
    for (const auto& prefix : virtual_tables) {
      if (starts_with_ci(m.name, prefix)) return true;
    }
    return std::find(diskann_shadows.begin(), diskann_shadows.end(), m.name) !=
           diskann_shadows.end();
  };

  std::vector<TableEntry> out;
  for (const auto& m : master) {
    if (m.type != "table" || excluded(m)) continue;
    TableEntry t;
    t.name = m.name;
    t.sql = m.sql;
    t.kind = schema::find_table(m.name) != nullptr    ? "store"
             : schema::vector_dimension_of(m.sql) > 0 ? "vector"
                                                      : "table";
    for (const auto& i : master) {
      if (i.type == "index" && i.table == m.name && !i.sql.empty() && !is_extra_index(i.name) &&
          !contains_ci(i.sql, "libsql_vector_idx")) {
        t.indexes.push_back(i.sql);
      }
    }
    out.push_back(std::move(t));
  }
  // The seven first, in init() order; the rest stay sorted by name.
  std::stable_sort(out.begin(), out.end(), [](const TableEntry& a, const TableEntry& b) {
    return schema::core_table_rank(a.name) < schema::core_table_rank(b.name);
  });
  for (auto& t : out) {
    reader.scan(core::Statement("SELECT name FROM pragma_table_info(?)", {t.name}),
                [&](const core::RowView& row) { t.columns.emplace_back(row.text(0)); });
  }
  return out;
}

std::optional<std::string> filter_condition(const TableEntry& table, const ExportOptions& options,
                                            std::vector<core::Value>& args) {
  std::vector<std::string> terms;
  const auto& name = table.name;
  const bool recall = schema::is_memory_recall_index(name);
  if (options.threadId) {
    const auto& id = *options.threadId;
    if (name == schema::kThreads) {
      terms.emplace_back("id = ?");
    } else if (name == schema::kMessages) {
      terms.emplace_back("thread_id = ?");
    } else if (name == schema::kResources) {
      terms.emplace_back("id IN (SELECT resourceId FROM mastra_threads WHERE id = ?)");
    } else if (name == schema::kScorers) {
      terms.emplace_back("threadId = ?");
    } else if (recall) {
      terms.emplace_back("json_extract(metadata, '$.thread_id') = ?");
    } else {
      return std::nullopt;
    }
    args.emplace_back(id);
  }
  if (options.resourceId) {
    const auto& id = *options.resourceId;
    if (name == schema::kThreads || name == schema::kWorkflowSnapshot || name == schema::kScorers) {
      terms.emplace_back("resourceId = ?");
    } else if (name == schema::kMessages) {
      terms.emplace_back("thread_id IN (SELECT id FROM mastra_threads WHERE resourceId = ?)");
    } else if (name == schema::kResources) {
      terms.emplace_back("id = ?");
    } else if (recall) {
      terms.emplace_back("json_extract(metadata, '$.resource_id') = ?");
    } else {
      return std::nullopt;
    }
    args.emplace_back(id);
  }
  if (options.since) {
    const char* column = since_column(name);
    if (column == nullptr) return std::nullopt;
    terms.push_back(std::string(column) + " >= ?");
    args.emplace_back(to_iso8601(*options.since));
  }
  std::string out;
  for (const auto& term : terms) {
    if (!out.empty()) out += " AND ";
    out += term;
  }
  return out;
}

}  // namespace libsqlstore::transfer
