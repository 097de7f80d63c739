#include "schema/vector_tables.hpp"

#include <regex>

namespace libsqlstore::schema {

namespace {

bool iequals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

/// "name" with embedded quotes doubled: names read back from sqlite_master are not checked
/// identifiers.
std::string quoted_name(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string vector_table_ddl(const std::string& name, std::int64_t dimension) {
  return "\n          CREATE TABLE IF NOT EXISTS " + name +
         " (\n            id SERIAL PRIMARY KEY,\n            vector_id TEXT UNIQUE NOT NULL,\n"
         "            embedding F32_BLOB(" +
         std::to_string(dimension) +
         "),\n            metadata TEXT DEFAULT '{}'\n          );\n        ";
}

std::string diskann_index_ddl(const std::string& name) {
  return "\n          CREATE INDEX IF NOT EXISTS " + name + "_vector_idx\n          ON " + name +
         " (libsql_vector_idx(embedding))\n        ";
}

bool is_memory_recall_index(const std::string& name) {
  static const std::regex pattern("^memory_messages(_[0-9]+)?$");
  return std::regex_match(name, pattern);
}

std::vector<std::string> recall_index_ddl(const std::string& name) {
  return {"CREATE INDEX IF NOT EXISTS " + name + "_thread_id_idx ON " + name +
              " (json_extract(metadata, '$.thread_id'))",
          "CREATE INDEX IF NOT EXISTS " + name + "_resource_id_idx ON " + name +
              " (json_extract(metadata, '$.resource_id'))",
          "CREATE INDEX IF NOT EXISTS " + name + "_message_id_idx ON " + name +
              " (json_extract(metadata, '$.message_id'))"};
}

std::int64_t vector_dimension_of(const std::string& table_sql) {
  static const std::regex pattern(R"(F32_BLOB\s*\(\s*(\d{1,9})\s*\))", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(table_sql, m, pattern)) return 0;
  return std::stoll(m[1].str());
}

core::Statement inspect_vector_table_statement(const std::string& name) {
  return {
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name = ?1 COLLATE NOCASE "
      "OR name = ?2 COLLATE NOCASE OR name = 'libsql_vector_meta_shadow'",
      {name, name + "_vector_idx_shadow"}};
}

VectorTable inspect_vector_table(const std::string& name, const core::ResultSet& rows) {
  VectorTable s;
  s.table = name;
  for (const auto& row : rows.rows) {
    const auto type = core::to_text(row.at(0)).value_or("");
    const auto object = core::to_text(row.at(1)).value_or("");
    const auto table = core::to_text(row.at(2)).value_or("");
    const auto sql = core::to_text(row.at(3)).value_or("");
    if (type == "table" && iequals(object, name)) {
      s.exists = true;
      s.table = object;
      s.dimension = vector_dimension_of(sql);
    } else if (type == "table" && iequals(object, name + "_vector_idx_shadow")) {
      s.has_shadow_table = true;
    } else if (type == "table" && object == "libsql_vector_meta_shadow") {
      s.has_meta_table = true;
    } else if (type == "index" && iequals(table, name)) {
      if (sql.find("libsql_vector_idx") != std::string::npos) s.diskann_indexes.push_back(object);
      if (iequals(object, name + "_thread_id_idx")) s.has_recall_indexes = true;
    }
  }
  return s;
}

std::vector<core::Statement> diskann_detach_statements(const VectorTable& schema) {
  std::vector<core::Statement> out;
  for (const auto& index : schema.diskann_indexes) {
    out.emplace_back("DROP INDEX IF EXISTS " + quoted_name(index));
  }
  const std::string& table = schema.table;
  if (schema.has_shadow_table) {
    out.emplace_back("DROP TABLE IF EXISTS " + quoted_name(table + "_vector_idx_shadow"));
  }
  if (schema.has_meta_table) {
    // libSQL keys the meta row by index name; remove the rows of this table's indexes.
    out.emplace_back("DELETE FROM libsql_vector_meta_shadow WHERE name = ? COLLATE NOCASE",
                     std::vector<core::Value>{table + "_vector_idx"});
    for (const auto& index : schema.diskann_indexes) {
      out.emplace_back("DELETE FROM libsql_vector_meta_shadow WHERE name = ?",
                       std::vector<core::Value>{index});
    }
  }
  return out;
}

}  // namespace libsqlstore::schema
