// The dump format's lines (docs/export-format.md): how one SQL value is written as JSON and read
// back with its storage class, and the names of the header's and trailer's members.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "libsqlstore/json.hpp"

#include "core/client.hpp"
#include "core/value.hpp"

namespace libsqlstore::transfer {

/// The header's "format" member: what says that a file is a dump.
inline constexpr std::string_view kFormatName = "libsqlstore-dump";

/// Appends `text` as a JSON string (quotes included). `text` must be UTF-8.
void append_json_string(std::string& out, std::string_view text);

/// Appends the value in `column` of `row` as the dump writes it: NULL as null, an INTEGER as an
/// integer, a REAL as a number with a fraction or exponent (1.0, not 1), TEXT as a string; a
/// BLOB as {"$blob": base64}, TEXT that is not UTF-8 as {"$text": base64 of its bytes}, an
/// infinite REAL as {"$real": "Infinity"} or {"$real": "-Infinity"}.
void append_value(std::string& out, const core::RowView& row, std::size_t column);

/// A value read back from a dump, and how it goes into SQL: "?" binding `value`, or the SQL
/// expression a value that cannot be bound needs (CAST(? AS TEXT) for text kept as bytes,
/// 9e999 for infinity).
struct DumpValue {
  core::Value value;
  std::string_view placeholder = "?";
  bool bound = true;  ///< false: `placeholder` is a literal that binds nothing
};

/// Decodes one value of a row line (a string is moved out of `v`); nullopt when it is not a
/// value the dump writes.
std::optional<DumpValue> decode_value(Json& v);

}  // namespace libsqlstore::transfer
