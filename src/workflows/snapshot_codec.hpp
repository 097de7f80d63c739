// The `snapshot` column of mastra_workflow_snapshot (spec 5.5).
#pragma once

#include <string>

#include "libsqlstore/json.hpp"

#include "core/row_codec.hpp"

namespace libsqlstore::workflows {

/// The text stored for a snapshot: a JSON string raw, an object or array as compact JSON.
/// InvalidArgumentError for null, numbers and booleans (a run state is an object, or a string
/// the caller serialised), and for a string that starts with '{' or '[' but is not valid JSON
/// (it could not be read back: reads parse such text).
std::string encode_snapshot(const Json& snapshot);

/// Stored text -> snapshot: text starting with '{' or '[' is parsed (malformed -> DataError),
/// anything else is returned as a JSON string.
Json decode_snapshot(const core::Value& v, const core::CellRef& where);

}  // namespace libsqlstore::workflows
