#include "core/json_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "libsqlstore/error.hpp"

namespace libsqlstore::core {

namespace {

bool has_float(const Json& v) {
  switch (v.type()) {
    case Json::value_t::number_float:
      return true;
    case Json::value_t::object:
    case Json::value_t::array:
      for (const auto& child : v) {
        if (has_float(child)) return true;
      }
      return false;
    default:
      return false;
  }
}

void write_string(std::string& out, const std::string& s) {
  // nlohmann's serializer escapes exactly the characters JSON.stringify escapes and keeps other
  // UTF-8 as is; it throws on invalid UTF-8.
  out += Json(s).dump();
}

void write(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, child] : v.items()) {
        if (!first) out += ',';
        first = false;
        write_string(out, key);
        out += ':';
        write(out, child);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& child : v) {
        if (!first) out += ',';
        first = false;
        write(out, child);
      }
      out += ']';
      return;
    }
    case Json::value_t::number_float:
      out += js_number(v.get<double>());
      return;
    default:
      out += v.dump();
      return;
  }
}

}  // namespace

std::string js_number(double value) {
  if (!std::isfinite(value)) {
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                               "JSON cannot hold NaN or Infinity");
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
    if (!has_float(value)) return value.dump();
    std::string out;
    write(out, value);
    return out;
  } catch (const Json::type_error& e) {
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                               std::string("Cannot encode JSON: ") + e.what());
  }
}

std::optional<Json> try_parse_json(std::string_view text) {
  Json out = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (out.is_discarded()) return std::nullopt;
  return out;
}

}  // namespace libsqlstore::core
