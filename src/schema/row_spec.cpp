#include "schema/row_spec.hpp"

#include <cmath>

#include "libsqlstore/error.hpp"

#include "core/json_text.hpp"
#include "core/row_codec.hpp"

namespace libsqlstore::schema {

namespace {

[[noreturn]] void corrupt(const core::CellRef& at, const std::string& problem) {
  throw DataError("LIBSQL_STORE_CORRUPT_ROW", ErrorCategory::System,
                  "Stored value of " + std::string(at.table) + "." + std::string(at.column) +
                      " for row \"" + std::string(at.row_id) + "\" " + problem,
                  {{"table", at.table}, {"column", at.column}, {"rowId", at.row_id}});
}

// The reference's safelyParseJSON: text is parsed (unparseable text -> {}), SQL NULL and
// anything that is not text -> {}.
Json safely_parse(const core::Value& v) {
  if (const auto* s = core::text_ptr(v)) {
    if (auto parsed = core::try_parse_json(*s)) return std::move(*parsed);
  }
  return Json::object();
}

}  // namespace

int ColumnMap::find(const std::vector<std::string>& columns, std::string_view name) noexcept {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return static_cast<int>(i);
  }
  // SQLite compares column names case-insensitively: a table made by hand may spell them so.
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto& c = columns[i];
    if (c.size() != name.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < c.size() && same; ++k) {
      same = std::tolower(static_cast<unsigned char>(c[k])) ==
             std::tolower(static_cast<unsigned char>(name[k]));
    }
    if (same) return static_cast<int>(i);
  }
  return -1;
}

// ---- decode ------------------------------------------------------------------------------------

void decode_into(std::string& out, core::Value& v, const Column&, const core::CellRef& at) {
  if (auto* s = std::get_if<std::string>(&v)) {
    out = std::move(*s);  // the common case: TEXT, moved out once
    return;
  }
  auto text = core::to_text(v);
  if (!text) corrupt(at, "is NULL");
  out = std::move(*text);
}

void decode_into(std::optional<std::string>& out, core::Value& v, const Column& c,
                 const core::CellRef&) {
  if (auto* s = std::get_if<std::string>(&v)) {
    out.emplace(std::move(*s));
  } else {
    out = core::to_text(v);
  }
  if (c.codec == Codec::TextJsNull && out == "null") out.reset();  // JSON.stringify(null)
}

void decode_into(Json& out, core::Value& v, const Column& c, const core::CellRef& at) {
  switch (c.codec) {
    case Codec::JsonOrText:
      // NOT NULL JSON columns holding NULL anyway (foreign rows) read as {}, as the reference's
      // safelyParseJSON(row.x ?? "{}").
      out = core::is_null(v) && !c.nullable ? Json::object() : core::decode_json_or_text(v, at);
      return;
    case Codec::JsonStructure:
      out = safely_parse(v);
      return;
    case Codec::Snapshot:
      out = decode_snapshot(v, at);
      return;
    case Codec::Content: {
      std::string text;
      decode_into(text, v, c, at);
      out = decode_content(std::move(text));
      return;
    }
    case Codec::MetricResult:
      out = core::decode_json(v, at);
      if (!out.is_object() || !out.contains("score")) {
        throw DataError("LIBSQL_STORE_CORRUPT_ROW", ErrorCategory::System,
                        "Invalid MetricResult format: " + out.dump() + " (" +
                            std::string(at.table) + "." + std::string(at.column) + " of row \"" +
                            std::string(at.row_id) + "\" must be an object with a score)",
                        {{"table", at.table}, {"column", at.column}, {"rowId", at.row_id}});
      }
      return;
    default:
      out = core::decode_json(v, at);
      return;
  }
}

void decode_into(std::optional<Json>& out, core::Value& v, const Column& c,
                 const core::CellRef& at) {
  if (core::is_null(v)) {
    out.reset();
    return;
  }
  decode_into(out.emplace(), v, c, at);
}

namespace {

// Whether the codec reads this stored text as JSON (so a read may hold it, if it is canonical).
bool read_as_json(Codec codec, const std::string& text) {
  switch (codec) {
    case Codec::Content:
    case Codec::Snapshot:
      return looks_like_json(text);  // other text is plain text there
    case Codec::Json:
    case Codec::JsonOrText:
      return true;
    default:
      return false;
  }
}

}  // namespace

void decode_into(LazyJson& out, core::Value& v, const Column& c, const core::CellRef& at) {
  if (auto* s = std::get_if<std::string>(&v); s && read_as_json(c.codec, *s)) {
    if (auto held = LazyJson::from_canonical_text(std::move(*s))) {
      out = std::move(*held);
      return;
    }
  }
  Json value;
  decode_into(value, v, c, at);
  out = std::move(value);
}

void decode_into(Timestamp& out, core::Value& v, const Column&, const core::CellRef& at) {
  out = core::decode_timestamp(v, at);
}

void decode_into(std::optional<Timestamp>& out, core::Value& v, const Column&,
                 const core::CellRef& at) {
  if (core::is_null(v)) {
    out.reset();
  } else {
    out = core::decode_timestamp(v, at);
  }
}

void decode_into(double& out, core::Value& v, const Column&, const core::CellRef& at) {
  const auto d = core::to_double(v);
  if (!d) corrupt(at, "is not a number");
  out = *d;
}

void decode_into(std::int64_t& out, core::Value& v, const Column&, const core::CellRef& at) {
  if (const auto* d = std::get_if<double>(&v)) {
    // A REAL outside [-2^63, 2^63) has no int64 value (the cast would be undefined behaviour).
    if (std::isfinite(*d) && *d >= -0x1p63 && *d < 0x1p63) {
      out = static_cast<std::int64_t>(*d);
      return;
    }
    corrupt(at, "is out of the range of a 64-bit integer");
  }
  const auto i = core::to_int(v);
  if (!i) corrupt(at, "is not a number");
  out = *i;
}

// ---- encode ------------------------------------------------------------------------------------

core::Value encode_member(const std::string& v, const Column&) { return v; }

core::Value encode_member(const std::optional<std::string>& v, const Column&) {
  return core::encode_optional_text(v);
}

core::Value encode_member(const Json& v, const Column& c) {
  switch (c.codec) {
    case Codec::Snapshot:
      return encode_snapshot(v);
    case Codec::Content:
      if (v.is_string()) return v.get<std::string>();  // plain text is stored raw
      return core::to_json_text(v);
    default:
      return core::encode_json(v);
  }
}

core::Value encode_member(const std::optional<Json>& v, const Column& c) {
  if (!v) return nullptr;
  return encode_member(*v, c);
}

core::Value encode_member(const LazyJson& v, const Column& c) {
  if (const std::string* text = v.held_text(); text && looks_like_json(*text)) {
    switch (c.codec) {
      case Codec::Content:
      case Codec::Snapshot:
      case Codec::Json:
      case Codec::JsonOrText:
        return *text;
      default:
        break;
    }
  }
  return encode_member(v.value(), c);
}

core::Value encode_member(Timestamp v, const Column&) { return core::encode_timestamp(v); }

core::Value encode_member(const std::optional<Timestamp>& v, const Column&) {
  if (!v) return nullptr;
  return core::encode_timestamp(*v);
}

core::Value encode_member(double v, const Column&) { return v; }
core::Value encode_member(std::int64_t v, const Column&) { return v; }

// ---- render ------------------------------------------------------------------------------------

Json render_member(const std::string& v) { return v; }
Json render_member(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }
Json render_member(const Json& v) { return v; }
Json render_member(const std::optional<Json>& v) { return v ? *v : Json(nullptr); }
Json render_member(const LazyJson& v) { return core::raw_json_node(v); }
Json render_member(Timestamp v) { return to_iso8601(v); }
Json render_member(const std::optional<Timestamp>& v) {
  return v ? Json(to_iso8601(*v)) : Json(nullptr);
}
Json render_member(double v) { return v; }
Json render_member(std::int64_t v) { return v; }

}  // namespace libsqlstore::schema
