// The errors more than one part of the library throws, built in one place so that their ids,
// categories and wording stay the same wherever they come from.
#pragma once

#include <string>
#include <string_view>

#include "libsqlstore/error.hpp"

namespace libsqlstore::core {

/// InvalidArgumentError LIBSQL_STORE_INVALID_ARGUMENT (category USER): the caller must fix the
/// call. Store methods give it their own id on the way out (core::guarded).
[[noreturn]] void invalid_argument(const std::string& message, Json details = Json::object());

/// invalid_argument("<what> must be a non-empty string") when `value` is empty.
void require_non_empty(std::string_view value, std::string_view what);

/// The error for SQLite's "no such table: <name>" (`text` is the database's whole message):
/// SchemaError LIBSQL_STORE_SCHEMA_MISSING for the store's own tables (`mastra_*`: call init()),
/// NotFoundError LIBSQL_STORE_TABLE_NOT_FOUND for any other table (create it first).
[[noreturn]] void throw_no_such_table(const std::string& text, Json details);

/// `text` as a JSON string literal (quotes, escapes): how messages quote a caller's value, so
/// that control characters and NUL bytes neither vanish nor break the message.
std::string quoted(std::string_view text);

}  // namespace libsqlstore::core
