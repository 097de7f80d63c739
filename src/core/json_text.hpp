// JSON text exactly as the reference writes it (V8's JSON.stringify) and reads it (JSON.parse).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "libsqlstore/json.hpp"

namespace libsqlstore::core {

/// Compact JSON text with keys in insertion order and numbers formatted as JavaScript formats
/// them (5 not 5.0, 1e+21, 1e-7). Throws InvalidArgumentError for strings that are not UTF-8 and
/// for NaN or infinite numbers (JSON.stringify would silently write null).
std::string to_json_text(const Json& value);

/// JavaScript's Number.prototype.toString for a finite double.
std::string js_number(double value);

/// Parses JSON text; nullopt if it is not valid JSON.
std::optional<Json> try_parse_json(std::string_view text);

}  // namespace libsqlstore::core
