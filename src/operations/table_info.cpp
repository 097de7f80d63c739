#include "operations/table_info.hpp"

#include <cctype>

#include "libsqlstore/error.hpp"

namespace libsqlstore::operations {

core::Statement table_columns_query(const std::string& table) {
  return {"SELECT name FROM pragma_table_info(?)", {table}};
}

std::vector<std::string> column_names(const core::ResultSet& rs) {
  std::vector<std::string> out;
  out.reserve(rs.rows.size());
  for (const auto& row : rs.rows) {
    if (auto name = core::to_text(row.at(0))) out.push_back(std::move(*name));
  }
  return out;
}

std::string ascii_lower(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

void throw_table_not_found(const std::string& table) {
  throw NotFoundError("LIBSQL_STORE_TABLE_NOT_FOUND", ErrorCategory::User,
                      "Table " + table + " does not exist", {{"tableName", table}});
}

}  // namespace libsqlstore::operations
