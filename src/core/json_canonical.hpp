// Recognising JSON text that is already in the store's own form, so that reads can hand it on
// without parsing it (LazyJson) and the JSON interface can splice it into its answers.
#pragma once

#include <optional>
#include <string_view>

namespace libsqlstore::core {

/// True when `text` is one JSON value written exactly as to_json_text() writes what parsing it
/// gives: no whitespace, no duplicate keys in an object, strings in valid UTF-8 with only the
/// escapes JSON.stringify writes (\" \\ \b \f \n \r \t, \u00xx for other control characters),
/// numbers as JavaScript prints them. Then to_json_text(parse(text)) == text, byte for byte.
/// False says only "not sure": the text may still be valid JSON (with spaces, say), and callers
/// parse it. One pass, no allocation for objects of up to 64 keys and nesting up to 128 levels
/// (beyond either, false).
bool is_canonical_json(std::string_view text) noexcept;

/// In canonical JSON text (is_canonical_json) of an object, the text of the member `key` (a key
/// with no characters that need escaping); nullopt if there is none or `text` is not an object.
/// Looks only at the top level.
std::optional<std::string_view> canonical_member(std::string_view text,
                                                 std::string_view key) noexcept;

}  // namespace libsqlstore::core
