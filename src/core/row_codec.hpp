// Decoding of stored column values shared by every domain. A value that cannot be decoded raises
// DataError naming the table, row and column; nothing is silently replaced.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "libsqlstore/json.hpp"
#include "libsqlstore/types.hpp"

#include "core/value.hpp"

namespace libsqlstore::core {

/// Where a value came from, for error messages.
struct CellRef {
  std::string_view table;
  std::string_view column;
  std::string_view row_id;
};

/// ISO-8601 text (or epoch milliseconds) -> Timestamp.
Timestamp decode_timestamp(const Value& v, const CellRef& where);
/// JSON text -> Json; SQL NULL -> null. Malformed JSON raises DataError.
Json decode_json(const Value& v, const CellRef& where);
/// Like decode_json, for JSON columns the reference fills through its generic insert path, which
/// stores a JavaScript string raw (not JSON-quoted): text that is not valid JSON is that string,
/// unless it starts with '{' or '[' (then it is corrupt JSON: DataError).
Json decode_json_or_text(const Value& v, const CellRef& where);
/// TEXT (or a number rendered as text) -> string; NULL is a DataError (a NOT NULL column).
std::string decode_required_text(const Value& v, const CellRef& where);

/// Json -> the TEXT written to a JSON column: null -> SQL NULL, anything else -> compact JSON.
Value encode_json(const Json& v);
/// The stored text of a timestamp. InvalidArgumentError outside [kMinStoredTimestamp,
/// kMaxStoredTimestamp] (types.hpp): only four-digit years sort as time.
Value encode_timestamp(Timestamp t);
/// The text a date-range filter compares with: `t` clamped to [kMinStoredTimestamp,
/// kMaxStoredTimestamp], so an out-of-range bound means "no bound" instead of a wrong result.
Value encode_timestamp_bound(Timestamp t);
Value encode_optional_text(const std::optional<std::string>& s);

}  // namespace libsqlstore::core
