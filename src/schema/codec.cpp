#include "schema/codec.hpp"

#include <cmath>
#include <limits>

#include "libsqlstore/error.hpp"

#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "schema/row_spec.hpp"

namespace libsqlstore::schema {

namespace {

std::string shown(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return std::string(value.type_name()) + " " + text;
}

// Where a refused value is ("record 2: mastra_traces.kind"): its text is built only when a value
// is refused (encode_generic runs for every value of every record).
struct Place {
  std::string_view table;
  std::size_t record;
  const std::string& column;
  std::string text() const {
    return "record " + std::to_string(record) + ": " + std::string(table) + "." + column;
  }
};

[[noreturn]] void refuse(const Place& where, const std::string& what, const Json& value) {
  core::invalid_argument(where.text() + " must be " + what + ", got " + shown(value));
}

std::int64_t encode_integer(const Json& value, const Place& where) {
  if (const auto i = core::exact_int64(value)) return *i;
  refuse(where, "an integer within 64 bits", value);
}

// Runs `encode`; an InvalidArgumentError it throws without naming the place gets `where` in front.
template <class F>
core::Value with_place(const Place& where, F&& encode) {
  try {
    return encode();
  } catch (const InvalidArgumentError& e) {
    const auto place = where.text();
    if (std::string_view(e.what()).starts_with(place)) throw;
    core::invalid_argument(place + ": " + e.what());
  }
}

}  // namespace

core::Value encode_generic(const Column& column, const Json& value, std::string_view table,
                           std::size_t record) {
  if (value.is_null()) return nullptr;
  const Place where{table, record, column.name};
  switch (column.codec) {
    case Codec::Text:
    case Codec::TextJsNull:
      if (!value.is_string()) refuse(where, "a string", value);
      return value.get<std::string>();
    case Codec::Timestamp:
      return with_place(where, [&] {
        const auto t =
            value.is_string() ? parse_iso8601(value.get_ref<const std::string&>()) : std::nullopt;
        if (!t) refuse(where, "an ISO-8601 date string", value);
        return core::encode_timestamp(*t);
      });
    case Codec::Integer:
      return encode_integer(value, where);
    case Codec::Real:
      if (!value.is_number() || !std::isfinite(value.get<double>())) {
        refuse(where, "a finite number", value);
      }
      return value.get<double>();
    case Codec::JsonOrText:
      if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        if (looks_like_json(text) && !core::try_parse_json(text)) {
          refuse(where, "JSON text or a plain string (text starting with '{' or '[' is parsed)",
                 value);
        }
        return text;
      }
      return core::to_json_text(value);
    case Codec::Json:
    case Codec::JsonStructure: {
      const bool structure = column.codec == Codec::JsonStructure;
      const char* what = structure ? "an object or an array, or a string holding the JSON text of "
                                     "one (a string is stored as it is and parsed when read)"
                                   : "a JSON value, or a string holding JSON text (a string is "
                                     "stored as it is and parsed when read)";
      if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        const auto parsed = core::try_parse_json(text);
        if (!parsed || (structure && !parsed->is_structured() && !parsed->is_null())) {
          refuse(where, what, value);
        }
        return text;
      }
      if (structure && !value.is_structured()) refuse(where, what, value);
      return core::to_json_text(value);
    }
    case Codec::Content:
      if (value.is_string()) return value.get<std::string>();
      if (!value.is_object() && !value.is_array()) {
        refuse(where, "a string, an object or an array", value);
      }
      return core::to_json_text(value);
    case Codec::Snapshot:
      return with_place(where, [&] { return core::Value(encode_snapshot(value)); });
    case Codec::MetricResult: {
      const Json parsed =
          value.is_string()
              ? core::try_parse_json(value.get_ref<const std::string&>()).value_or(Json())
              : value;
      if (!parsed.is_object() || !parsed.contains("score")) {
        refuse(where, "an object with a score (a metric result)", value);
      }
      return value.is_string() ? value.get<std::string>() : core::to_json_text(value);
    }
  }
  return nullptr;
}

Codec codec_of(libsqlstore::ColumnType type) noexcept {
  switch (type) {
    case ColumnType::DateTime:
      return Codec::Timestamp;
    case ColumnType::Jsonb:
      return Codec::Json;
    case ColumnType::Integer:
    case ColumnType::Bigint:
      return Codec::Integer;
    case ColumnType::Float:
      return Codec::Real;
    case ColumnType::Text:
    case ColumnType::Uuid:
      break;
  }
  return Codec::Text;
}

bool looks_like_json(const std::string& text) {
  return !text.empty() && (text.front() == '{' || text.front() == '[');
}

Json decode_content(std::string text) {
  const auto first = text.find_first_not_of(" \t\n\r");
  if (first != std::string::npos && (text[first] == '{' || text[first] == '[')) {
    if (auto parsed = core::try_parse_json(text); parsed && parsed->is_structured()) {
      return std::move(*parsed);
    }
  }
  return Json(std::move(text));
}

std::string encode_snapshot(const Json& snapshot) {
  if (snapshot.is_string()) {
    const auto& text = snapshot.get_ref<const std::string&>();
    if (looks_like_json(text) && !core::try_parse_json(text)) {
      core::invalid_argument("snapshot string starts with '" + std::string(1, text.front()) +
                             "' but is not valid JSON; it could not be read back");
    }
    return text;
  }
  if (snapshot.is_object() || snapshot.is_array()) return core::to_json_text(snapshot);
  core::invalid_argument("snapshot must be a JSON object, array or string, got " +
                         std::string(snapshot.type_name()));
}

Json decode_snapshot(const core::Value& v, const core::CellRef& where) {
  const auto text = core::decode_required_text(v, where);
  if (looks_like_json(text)) return core::decode_json(v, where);
  return text;
}

}  // namespace libsqlstore::schema
