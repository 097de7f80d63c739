// How the value of each column of the seven tables is written and read back. The schema
// (tables.cpp) names a codec per column; the generic write path (insert, batch_insert,
// batch_trace_insert) encodes a caller's JSON value with it, so that what it accepts is exactly
// what the typed readers can read back.
#pragma once

#include <string>

#include "libsqlstore/json.hpp"
#include "libsqlstore/operations.hpp"

#include "core/row_codec.hpp"
#include "core/value.hpp"

namespace libsqlstore::schema {

/// What a column holds, as its readers understand it (not only its SQL type: a thread's
/// `metadata` is a TEXT column that holds JSON).
enum class Codec {
  Text,           ///< a string
  TextJsNull,     ///< a string; the text 'null' (the reference's JavaScript null) reads as absent
  Timestamp,      ///< ISO-8601 text of an instant in [kMinStoredTimestamp, kMaxStoredTimestamp]
  Integer,        ///< a 64-bit integer
  Real,           ///< a finite number
  Json,           ///< JSON text of any value
  JsonOrText,     ///< JSON text, or a string the reference stored raw (reads back as that string)
  JsonStructure,  ///< JSON text of an object or an array (a span's attributes, events, ...)
  Content,        ///< message content: plain text, or JSON text of an object or array
  Snapshot,       ///< a workflow snapshot: JSON text of an object or array, or plain text
  MetricResult,   ///< an eval result: JSON text of an object with a "score"
};

struct Column;

/// The codec a column's SQL type implies (timestamp -> Timestamp, jsonb -> Json, integer and
/// bigint -> Integer, float -> Real, text and uuid -> Text).
Codec codec_of(libsqlstore::ColumnType type) noexcept;

/// The stored value of `value` for `column` when a generic insert writes it. null is SQL NULL.
/// InvalidArgumentError (naming the place, e.g. "record 2: mastra_traces.kind") when the value
/// would not read back as given:
///  - Text: a string;  Integer: an integer within 64 bits;  Real: a finite number;
///  - Timestamp: an ISO-8601 date string (what `new Date()` accepts) within the storable years,
///    stored in the canonical form "YYYY-MM-DDTHH:MM:SS.mmmZ";
///  - Json: any value, stored as compact JSON text; a string must itself be JSON text (stored as
///    it is, parsed on read): a plain string would read back as something else;
///  - JsonOrText: as Json, but a string that does not start like JSON is stored as it is (and
///    reads back as that string);
///  - TextJsNull: as Text;
///  - JsonStructure: as Json, but only an object or an array (or JSON text of one): the span
///    readers turn anything else into {}, as the reference does;
///  - Content: a string (stored as it is) or an object or array;
///  - Snapshot: see encode_snapshot();  MetricResult: an object with a "score", or its JSON text.
core::Value encode_generic(const Column& column, const Json& value, std::string_view table,
                           std::size_t record);

/// Whether stored text starts like a JSON object or array (what the Content and Snapshot codecs
/// parse; any other text there is plain text).
bool looks_like_json(const std::string& text);

/// The text stored for a snapshot: a JSON string raw, an object or array as compact JSON.
/// InvalidArgumentError for null, numbers and booleans (a run state is an object, or a string
/// the caller serialised), and for a string that starts with '{' or '[' but is not valid JSON
/// (it could not be read back: reads parse such text).
std::string encode_snapshot(const Json& snapshot);

/// Stored message content -> the content: text that is a JSON object or array is parsed;
/// anything else (plain text, malformed JSON, a JSON scalar such as `42`) is a plain-text V1
/// message and is kept as the raw string. Never fails.
Json decode_content(std::string text);

/// Stored text -> snapshot: text starting with '{' or '[' is parsed (malformed -> DataError),
/// anything else is returned as a JSON string.
Json decode_snapshot(const core::Value& v, const core::CellRef& where);

}  // namespace libsqlstore::schema
