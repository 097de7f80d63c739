#include "schema/column_types.hpp"

#include <array>
#include <string>

namespace libsqlstore::schema {

namespace {

using T = ColumnType;

// In the order of the ColumnType enumerators (column_type_info() indexes by them).
constexpr std::array<ColumnTypeInfo, 7> kTypes = {{
    {T::Text, "text", "TEXT", "TEXT", "DEFAULT ''"},
    {T::DateTime, "timestamp", "TEXT", "TIMESTAMP", "DEFAULT '1970-01-01 00:00:00'"},
    {T::Uuid, "uuid", "UUID", "TEXT", "DEFAULT ''"},
    {T::Jsonb, "jsonb", "JSONB", "TEXT", "DEFAULT '{}'"},
    {T::Integer, "integer", "INTEGER", "INTEGER", "DEFAULT 0"},
    {T::Bigint, "bigint", "BIGINT", "INTEGER", "DEFAULT 0"},
    {T::Float, "float", "FLOAT", "FLOAT", "DEFAULT 0"},
}};

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kTypes.size(); ++i) {
    if (static_cast<std::size_t>(kTypes[i].type) != i) return false;
  }
  return true;
}
static_assert(in_enum_order(), "kTypes must list the ColumnType enumerators in order");

}  // namespace

const ColumnTypeInfo& column_type_info(ColumnType type) noexcept {
  const auto i = static_cast<std::size_t>(type);
  return i < kTypes.size() ? kTypes[i] : kTypes[0];
}

std::optional<ColumnType> column_type_named(std::string_view name) noexcept {
  for (const auto& t : kTypes) {
    if (t.name == name) return t.type;
  }
  return std::nullopt;
}

std::string_view column_type_names() noexcept {
  static const std::string names = [] {
    std::string out;
    for (std::size_t i = 0; i < kTypes.size(); ++i) {
      out += i == 0 ? "\"" : i + 1 == kTypes.size() ? " or \"" : ", \"";
      out += kTypes[i].name;
      out += '"';
    }
    return out;
  }();
  return names;
}

}  // namespace libsqlstore::schema
