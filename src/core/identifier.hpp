// SQL identifiers that come from callers (table names, column names, filter and attribute keys).
// Identifiers cannot be bound as parameters, so every one that reaches SQL text passes this check
// first: the reference's parseSqlIdentifier rule, which admits nothing that could change the
// statement's meaning.
#pragma once

#include <string>
#include <string_view>

namespace libsqlstore::core {

/// The longest identifier accepted (PostgreSQL's limit, kept by the reference).
inline constexpr std::size_t kMaxIdentifierLength = 63;

/// True when `name` matches ^[a-zA-Z_][a-zA-Z0-9_]*$ and has at most 63 characters.
bool is_valid_identifier(std::string_view name) noexcept;

/// Returns `name` unchanged when it is valid; otherwise throws InvalidArgumentError
/// (id LIBSQL_STORE_INVALID_IDENTIFIER, details {kind, name}) with the reference's message:
/// "Invalid <kind>: <name>. Must start with a letter or underscore, contain only letters, numbers,
/// or underscores, and be at most 63 characters long."
const std::string& checked_identifier(const std::string& name, std::string_view kind);

}  // namespace libsqlstore::core
