// JSON text exactly as the reference writes it (V8's JSON.stringify) and reads it (JSON.parse).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libsqlstore/json.hpp"
#include "libsqlstore/lazy_json.hpp"

namespace libsqlstore::core {

/// Compact JSON text with keys in insertion order and numbers formatted as JavaScript formats
/// them (5 not 5.0, 1e+21, 1e-7). Throws InvalidArgumentError for strings that are not UTF-8 and
/// for NaN or infinite numbers (JSON.stringify would silently write null).
std::string to_json_text(const Json& value);

/// A node that to_json_text() writes as the value's held text, verbatim (the value's tree when it
/// holds no text): how the JSON interface splices stored JSON into its answers without parsing
/// it. Only to_json_text() knows such nodes (they are binary values with a private subtype);
/// materialize_raw_nodes() turns them back into ordinary values for anyone else.
Json raw_json_node(const LazyJson& value);
Json raw_json_node(LazyJson&& value);

/// Replaces every raw node in `value` by the value it stands for.
void materialize_raw_nodes(Json& value);

/// Appends `text` as a JSON string, quotes included, escaped as JSON.stringify escapes it.
/// InvalidArgumentError for text that is not UTF-8.
void append_json_string(std::string& out, std::string_view text);

/// JavaScript's Number.prototype.toString for a finite double.
std::string js_number(double value);

/// The 64-bit integer a JSON number holds exactly: an integer within int64 (nlohmann's unsigned
/// values above INT64_MAX do not wrap: nullopt), or a float holding an integer of at most 2^53
/// (JavaScript's exact range, e.g. 1.7e12). nullopt for anything else.
std::optional<std::int64_t> exact_int64(const Json& value);

/// Parses JSON text; nullopt if it is not valid JSON.
std::optional<Json> try_parse_json(std::string_view text);

}  // namespace libsqlstore::core
