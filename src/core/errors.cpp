#include "core/errors.hpp"

namespace libsqlstore::core {

void invalid_argument(const std::string& message, Json details) {
  throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User, message,
                             std::move(details));
}

void require_non_empty(std::string_view value, std::string_view what) {
  if (value.empty()) invalid_argument(std::string(what) + " must be a non-empty string");
}

void throw_no_such_table(const std::string& text, Json details) {
  constexpr std::string_view kPrefix = "no such table: ";
  const auto at = text.find(kPrefix);
  std::string table = at == std::string::npos ? std::string() : text.substr(at + kPrefix.size());
  if (const auto end = table.find_first_of(" \t\n\r("); end != std::string::npos) {
    table.resize(end);
  }
  if (const auto dot = table.find('.'); dot != std::string::npos) table.erase(0, dot + 1);
  if (!table.empty()) details["tableName"] = table;
  if (table.empty() || table.rfind("mastra_", 0) == 0) {
    throw SchemaError("LIBSQL_STORE_SCHEMA_MISSING", ErrorCategory::User,
                      text +
                          " (the storage tables do not exist: call init() first, or open the "
                          "store with autoInit)",
                      std::move(details));
  }
  throw NotFoundError(
      "LIBSQL_STORE_TABLE_NOT_FOUND", ErrorCategory::User,
      "Table " + table + " does not exist (" + text + "): create it with create_table() first",
      std::move(details));
}

std::string quoted(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7F) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;  // other bytes as they are (a message is not JSON)
    }
  }
  out += '"';
  return out;
}

}  // namespace libsqlstore::core
