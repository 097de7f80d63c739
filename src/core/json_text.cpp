#include "core/json_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

#include "libsqlstore/error.hpp"

#include "core/errors.hpp"
#include "core/json_parser.hpp"
#include "core/json_scan.hpp"

namespace libsqlstore::core {

namespace {

// The binary subtype of raw nodes (any value nlohmann's binary formats would not make of JSON).
constexpr std::uint64_t kRawJsonSubtype = 0x4c534a52;  // "LSJR"

const Json::binary_t* raw_text(const Json& v) {
  if (!v.is_binary()) return nullptr;
  const auto& b = v.get_binary();
  return b.has_subtype() && b.subtype() == kRawJsonSubtype ? &b : nullptr;
}

[[noreturn]] void invalid_utf8(std::size_t index, unsigned char byte) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const char hex[] = {kHex[byte >> 4], kHex[byte & 0xF], '\0'};
  core::invalid_argument(std::string("Cannot encode JSON: invalid UTF-8 byte at index ") +
                         std::to_string(index) + ": 0x" + hex);
}

// A JSON string exactly as JSON.stringify (and nlohmann's dump) writes it: '"', '\\' and the
// control characters escaped (\b \f \n \r \t, others as \u00xx), everything else verbatim.
// Text that is not UTF-8 cannot be written (JSON.stringify works on UTF-16 strings).
void write_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p != end) {
    const char* plain_end = json_scan::skip_plain(p, end);
    out.append(p, plain_end);
    p = plain_end;
    if (p == end) break;
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x80) {
      const auto n = json_scan::utf8_sequence_length(reinterpret_cast<const unsigned char*>(p),
                                                     static_cast<std::size_t>(end - p));
      if (n == 0) invalid_utf8(static_cast<std::size_t>(p - s.data()), c);
      out.append(p, n);
      p += n;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        const char esc[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, sizeof esc);
      }
    }
    ++p;
  }
  out.push_back('"');
}

template <class Int>
void write_integer(std::string& out, Int value) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, res.ptr);
}

void write(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, child] : v.get_ref<const Json::object_t&>()) {
        if (!first) out.push_back(',');
        first = false;
        write_string(out, key);
        out.push_back(':');
        write(out, child);
      }
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& child : v.get_ref<const Json::array_t&>()) {
        if (!first) out.push_back(',');
        first = false;
        write(out, child);
      }
      out.push_back(']');
      return;
    }
    case Json::value_t::string:
      write_string(out, v.get_ref<const std::string&>());
      return;
    case Json::value_t::number_integer:
      write_integer(out, v.get<std::int64_t>());
      return;
    case Json::value_t::number_unsigned:
      write_integer(out, v.get<std::uint64_t>());
      return;
    case Json::value_t::number_float:
      out += js_number(v.get<double>());
      return;
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::null:
      out += "null";
      return;
    default:  // binary (raw nodes: their text), discarded: whatever nlohmann writes
      if (const auto* raw = raw_text(v)) {
        out.append(reinterpret_cast<const char*>(raw->data()), raw->size());
        return;
      }
      out += v.dump();
      return;
  }
}

}  // namespace

std::string js_number(double value) {
  if (!std::isfinite(value)) {
    core::invalid_argument("JSON cannot hold NaN or Infinity");
  }
  if (value == 0) return "0";  // JSON.stringify(-0) is "0"
  // Shortest round-trip digits and exponent, then JavaScript's layout rules (ECMA-262 6.1.6.1.20).
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  std::string sign;
  if (sci[0] == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  const auto e_pos = sci.find('e');
  std::string digits = sci.substr(0, e_pos);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exp10 = std::atoi(sci.c_str() + e_pos + 1);
  const int k = static_cast<int>(digits.size());
  const int n = exp10 + 1;
  std::string out;
  if (k <= n && n <= 21) {
    out = digits + std::string(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out = digits.substr(0, static_cast<std::size_t>(n)) + "." +
          digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out = "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  } else {
    const int e = n - 1;
    out = digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += e < 0 ? "e-" : "e+";
    out += std::to_string(e < 0 ? -e : e);
  }
  return sign + out;
}

std::string to_json_text(const Json& value) {
  try {
    if (value.is_string()) {
      std::string out;
      out.reserve(value.get_ref<const std::string&>().size() + 2);
      write(out, value);
      return out;
    }
    // The text of an object or an array is written into this thread's buffer, which keeps its
    // capacity from one call to the next, and copied out at its size: one allocation instead of
    // one for each doubling of a growing string (a 550-byte message content grew 64 → 1024 in
    // four reallocations, each a copy). A buffer grown past 1 MiB is released after the copy.
    thread_local std::string buffer;
    buffer.clear();
    write(buffer, value);
    std::string out = buffer;
    if (buffer.capacity() > (std::size_t{1} << 20)) std::string().swap(buffer);
    return out;
  } catch (const Json::type_error& e) {
    core::invalid_argument(std::string("Cannot encode JSON: ") + e.what());
  }
}

Json raw_json_node(const LazyJson& value) {
  const std::string* text = value.held_text();
  if (text == nullptr) return value.value();
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text->data());
  return Json::binary(Json::binary_t::container_type(bytes, bytes + text->size()), kRawJsonSubtype);
}

Json raw_json_node(LazyJson&& value) {
  if (value.held_text() == nullptr) return std::move(value).take();
  return raw_json_node(static_cast<const LazyJson&>(value));
}

void materialize_raw_nodes(Json& value) {
  if (const auto* raw = raw_text(value)) {
    // Canonical text (raw_json_node holds nothing else): it parses.
    auto parsed =
        try_parse_json(std::string_view(reinterpret_cast<const char*>(raw->data()), raw->size()));
    if (!parsed) core::invalid_argument("a raw JSON node holds text that is not JSON");
    value = std::move(*parsed);
    return;
  }
  if (value.is_object() || value.is_array()) {
    for (auto& child : value) materialize_raw_nodes(child);
  }
}

std::optional<std::int64_t> exact_int64(const Json& value) {
  // is_number_integer() is also true for unsigned values: test those first.
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return static_cast<std::int64_t>(u);
    }
    return std::nullopt;
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) <= 9007199254740992.0) {
      return static_cast<std::int64_t>(d);
    }
  }
  return std::nullopt;
}

std::optional<Json> try_parse_json(std::string_view text) {
  Json out;
  if (parse_json_fast(text, out)) return out;
  out = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (out.is_discarded()) return std::nullopt;
  return out;
}

void append_json_string(std::string& out, std::string_view text) { write_string(out, text); }

}  // namespace libsqlstore::core
