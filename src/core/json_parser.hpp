// A fast path for parsing the JSON text the store reads back on every row (message content,
// metadata, snapshots). nlohmann's parser remains the authority: this one accepts only input it
// can parse with exactly nlohmann's result (same value types, same duplicate-key rule) and defers
// everything else — malformed text included — to nlohmann.
#pragma once

#include <string_view>

#include "libsqlstore/json.hpp"

namespace libsqlstore::core {

/// Parses `text` into `out` and returns true, or returns false (leaving `out` unspecified) when
/// the text needs nlohmann's parser: invalid JSON, control characters or lone surrogates in
/// strings, invalid UTF-8, numbers out of range, nesting deeper than 128.
bool parse_json_fast(std::string_view text, Json& out);

}  // namespace libsqlstore::core
