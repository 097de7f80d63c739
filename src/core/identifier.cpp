#include "core/identifier.hpp"

#include "libsqlstore/error.hpp"

namespace libsqlstore::core {

namespace {

constexpr bool is_start(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

constexpr bool is_part(char c) noexcept { return is_start(c) || (c >= '0' && c <= '9'); }

}  // namespace

bool is_valid_identifier(std::string_view name) noexcept {
  if (name.empty() || name.size() > kMaxIdentifierLength || !is_start(name.front())) return false;
  for (const char c : name) {
    if (!is_part(c)) return false;
  }
  return true;
}

const std::string& checked_identifier(const std::string& name, std::string_view kind) {
  if (!is_valid_identifier(name)) {
    throw InvalidArgumentError(
        "LIBSQL_STORE_INVALID_IDENTIFIER", ErrorCategory::User,
        "Invalid " + std::string(kind) + ": " + name +
            ". Must start with a letter or underscore, contain only letters, numbers, or "
            "underscores, and be at most 63 characters long.",
        {{"kind", kind}, {"name", name}});
  }
  return name;
}

}  // namespace libsqlstore::core
