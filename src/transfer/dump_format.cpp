#include "transfer/dump_format.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <span>
#include <system_error>

#include "core/base64.hpp"
#include "core/json_text.hpp"
#include "core/utf8.hpp"

namespace libsqlstore::transfer {
namespace {

void append_tagged(std::string& out, std::string_view tag, std::string_view payload) {
  out += "{\"";
  out += tag;
  out += "\":\"";
  out += payload;  // base64 or a fixed word: nothing to escape
  out += "\"}";
}

std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  core::append_json_string(out, text);
}

void append_value(std::string& out, const core::RowView& row, std::size_t column) {
  switch (row.type(column)) {
    case core::RowView::Type::Null:
      out += "null";
      return;
    case core::RowView::Type::Integer: {
      char buf[24];
      const auto r = std::to_chars(buf, buf + sizeof buf, row.integer(column));
      out.append(buf, r.ptr);
      return;
    }
    case core::RowView::Type::Real: {
      const double d = row.real(column);
      if (std::isinf(d)) {
        append_tagged(out, "$real", d > 0 ? "Infinity" : "-Infinity");
        return;
      }
      if (std::isnan(d)) {  // SQLite stores NaN as NULL; a backend that hands one over gets it
        out += "null";
        return;
      }
      char buf[32];
      const auto r = std::to_chars(buf, buf + sizeof buf, d);  // shortest text that reads back
      const std::string_view digits(buf, static_cast<std::size_t>(r.ptr - buf));
      out += digits;
      if (digits.find_first_of(".e") == std::string_view::npos) out += ".0";
      return;
    }
    case core::RowView::Type::Text: {
      const auto text = row.text(column);
      if (core::invalid_utf8_at(text) == std::string_view::npos) {
        append_json_string(out, text);
      } else {
        append_tagged(out, "$text", core::base64_encode(bytes_of(text)));
      }
      return;
    }
    case core::RowView::Type::Blob:
      append_tagged(out, "$blob", core::base64_encode(row.blob(column)));
      return;
  }
}

std::optional<DumpValue> decode_value(Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return DumpValue{nullptr};
    case Json::value_t::number_integer:
      return DumpValue{v.get<std::int64_t>()};
    case Json::value_t::number_unsigned: {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return std::nullopt;  // not a 64-bit SQLite INTEGER
      }
      return DumpValue{static_cast<std::int64_t>(u)};
    }
    case Json::value_t::number_float:
      return DumpValue{v.get<double>()};
    case Json::value_t::string:
      return DumpValue{std::move(v.get_ref<std::string&>())};
    case Json::value_t::object: {
      if (v.size() != 1 || !v.begin().value().is_string()) return std::nullopt;
      const auto& tag = v.begin().key();
      const auto& payload = v.begin().value().get_ref<const std::string&>();
      if (tag == "$real") {
        if (payload == "Infinity") return DumpValue{nullptr, "9e999", false};
        if (payload == "-Infinity") return DumpValue{nullptr, "-9e999", false};
        return std::nullopt;
      }
      if (tag != "$blob" && tag != "$text") return std::nullopt;
      auto bytes = core::base64_decode(payload);
      if (!bytes) return std::nullopt;
      if (tag == "$blob") return DumpValue{core::Blob{std::move(*bytes)}};
      return DumpValue{core::Blob{std::move(*bytes)}, "CAST(? AS TEXT)"};
    }
    default:
      return std::nullopt;
  }
}

}  // namespace libsqlstore::transfer
