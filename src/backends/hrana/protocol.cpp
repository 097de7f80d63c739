#include "backends/hrana/protocol.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "libsqlstore/error.hpp"

#include "core/base64.hpp"
#include "core/errors.hpp"

namespace libsqlstore::hrana {

namespace {

[[noreturn]] void violation(const std::string& what) {
  throw ProtocolViolation("the server's response does not follow the Hrana protocol: " + what);
}

const Json& member(const Json& object, const char* key) {
  if (!object.is_object()) violation(std::string("expected an object holding \"") + key + "\"");
  const auto it = object.find(key);
  if (it == object.end()) violation(std::string("missing \"") + key + "\"");
  return *it;
}

const std::string& string_member(const Json& object, const char* key) {
  const Json& v = member(object, key);
  if (!v.is_string()) violation(std::string("\"") + key + "\" is not a string");
  return v.get_ref<const std::string&>();
}

}  // namespace

Json encode_value(const core::Value& value) {
  if (const auto* s = std::get_if<std::string>(&value))
    return Json{{"type", "text"}, {"value", *s}};
  if (const auto* i = std::get_if<std::int64_t>(&value))
    return Json{{"type", "integer"}, {"value", std::to_string(*i)}};
  if (const auto* d = std::get_if<double>(&value)) {
    if (!std::isfinite(*d)) {
      core::invalid_argument("A remote database cannot store NaN or infinite numbers");
    }
    return Json{{"type", "float"}, {"value", *d}};
  }
  if (const auto* b = std::get_if<core::Blob>(&value))
    return Json{{"type", "blob"}, {"base64", core::base64_encode(b->bytes)}};
  return Json{{"type", "null"}};
}

core::Value decode_value(const Json& value) {
  const std::string& type = string_member(value, "type");
  if (type == "null") return nullptr;
  if (type == "text") return string_member(value, "value");
  if (type == "integer") {
    // A decimal string per the Hrana spec (libsql docs/HRANA_2_SPEC.md); tolerate a JSON integer
    // from a lenient server.
    const Json& v = member(value, "value");
    if (v.is_number_unsigned()) {
      if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        violation("an integer value is beyond 64 bits");
      return static_cast<std::int64_t>(v.get<std::uint64_t>());
    }
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (!v.is_string()) violation("an integer value is neither a string nor a number");
    const auto& s = v.get_ref<const std::string&>();
    std::int64_t out = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty())
      violation("an integer value is not a 64-bit decimal number");
    return out;
  }
  if (type == "float") {
    const Json& v = member(value, "value");
    // JSON has no Infinity or NaN: servers (serde_json) send a non-finite REAL as null. Its sign
    // is lost; it reads as NaN (docs/remote.md).
    if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!v.is_number()) violation("a float value is not a number");
    return v.get<double>();
  }
  if (type == "blob") {
    auto bytes = core::base64_decode(string_member(value, "base64"));
    if (!bytes) violation("a blob value is not valid base64");
    return core::Blob{std::move(*bytes)};
  }
  violation("unknown value type \"" + type + "\"");
}

Json encode_stmt(const core::Statement& stmt, bool want_rows) {
  Json args = Json::array();
  for (const auto& a : stmt.args) args.push_back(encode_value(a));
  return Json{{"sql", stmt.sql}, {"args", std::move(args)}, {"want_rows", want_rows}};
}

core::ResultSet decode_stmt_result(const Json& result) {
  core::ResultSet out;
  const Json& cols = member(result, "cols");
  if (!cols.is_array()) violation("\"cols\" is not an array");
  out.columns.reserve(cols.size());
  for (const auto& c : cols) {
    const auto it = c.is_object() ? c.find("name") : c.end();
    out.columns.push_back(it != c.end() && it->is_string() ? it->get<std::string>() : "");
  }
  const Json& rows = member(result, "rows");
  if (!rows.is_array()) violation("\"rows\" is not an array");
  out.rows.reserve(rows.size());
  for (const auto& r : rows) {
    if (!r.is_array() || r.size() != out.columns.size()) violation("a row does not match \"cols\"");
    core::Row row;
    row.reserve(r.size());
    for (const auto& v : r) row.push_back(decode_value(v));
    out.rows.push_back(std::move(row));
  }
  if (const auto it = result.find("affected_row_count"); it != result.end() && it->is_number())
    out.changes = it->get<std::int64_t>();
  return out;
}

ServerError decode_error(const Json& error) {
  ServerError out;
  if (!error.is_object()) return {"(the server sent no error message)", ""};
  if (const auto it = error.find("message"); it != error.end() && it->is_string())
    out.message = it->get<std::string>();
  if (const auto it = error.find("code"); it != error.end() && it->is_string())
    out.code = it->get<std::string>();
  if (out.message.empty()) out.message = "(the server sent no error message)";
  return out;
}

Json cond_ok(std::size_t step) { return Json{{"type", "ok"}, {"step", step}}; }
Json cond_not(Json cond) { return Json{{"type", "not"}, {"cond", std::move(cond)}}; }

std::size_t BatchBuilder::add(const core::Statement& stmt, Json condition, bool want_rows) {
  Json step = Json::object();
  if (!condition.is_null()) step["condition"] = std::move(condition);
  step["stmt"] = encode_stmt(stmt, want_rows);
  steps_.push_back(std::move(step));
  return steps_.size() - 1;
}

Json BatchBuilder::request() const {
  return Json{{"type", "batch"}, {"batch", Json{{"steps", steps_}}}};
}

BatchResult decode_batch_result(const Json& result, std::size_t steps) {
  const Json& results = member(result, "step_results");
  const Json& errors = member(result, "step_errors");
  if (!results.is_array() || !errors.is_array() || results.size() != steps ||
      errors.size() != steps)
    violation("a batch result does not have one entry per step");
  BatchResult out;
  out.results.resize(steps);
  out.errors.resize(steps);
  for (std::size_t i = 0; i < steps; ++i) {
    if (!results[i].is_null()) out.results[i] = decode_stmt_result(results[i]);
    if (!errors[i].is_null()) out.errors[i] = decode_error(errors[i]);
  }
  return out;
}

Json execute_request(const core::Statement& stmt, bool want_rows) {
  return Json{{"type", "execute"}, {"stmt", encode_stmt(stmt, want_rows)}};
}

Json close_request() { return Json{{"type", "close"}}; }

std::string pipeline_body(const std::optional<std::string>& baton, const Json& requests) {
  Json body = Json::object();
  body["baton"] = baton ? Json(*baton) : Json(nullptr);
  body["requests"] = requests;
  try {
    return body.dump();
  } catch (const Json::type_error&) {
    core::invalid_argument(
        "A text value is not valid UTF-8; a remote database only stores "
        "UTF-8 text (store arbitrary bytes as a blob)");
  }
}

PipelineResponse decode_pipeline_response(std::string_view body, std::size_t expected_results) {
  Json doc;
  try {
    doc = Json::parse(body);
  } catch (const Json::exception&) {
    // parse_error, and out_of_range for a number beyond a double (1E400; found by
    // tests/fuzz/hrana_response_fuzz.cpp, it escaped as nlohmann's exception before).
    violation("the body is not JSON");
  }
  PipelineResponse out;
  if (!doc.is_object()) violation("the body is not a JSON object");
  if (const auto it = doc.find("baton"); it != doc.end() && it->is_string())
    out.baton = it->get<std::string>();
  if (const auto it = doc.find("base_url"); it != doc.end() && it->is_string())
    out.base_url = it->get<std::string>();
  const Json& results = member(doc, "results");
  if (!results.is_array() || results.size() != expected_results)
    violation("expected " + std::to_string(expected_results) + " results");
  for (const auto& r : results) {
    StreamResult sr;
    const std::string& type = string_member(r, "type");
    if (type == "ok") {
      sr.ok = true;
      sr.response = member(r, "response");
    } else if (type == "error") {
      sr.error = decode_error(member(r, "error"));
    } else {
      violation("unknown result type \"" + type + "\"");
    }
    out.results.push_back(std::move(sr));
  }
  return out;
}

}  // namespace libsqlstore::hrana
