#include "core/value.hpp"

#include <cmath>
#include <cstdio>

namespace libsqlstore::core {

std::optional<std::string> to_text(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    return std::string(buf);
  }
  if (const auto* b = std::get_if<Blob>(&v)) return std::string(b->bytes.begin(), b->bytes.end());
  return std::nullopt;
}

std::optional<std::int64_t> to_int(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) {
    if (std::isfinite(*d) && std::trunc(*d) == *d) return static_cast<std::int64_t>(*d);
  }
  return std::nullopt;
}

std::optional<double> to_double(const Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::nullopt;
}

std::int64_t first_int(const ResultSet& rs) {
  return rs.rows.empty() || rs.rows.front().empty() ? 0
                                                    : to_int(rs.rows.front().front()).value_or(0);
}

}  // namespace libsqlstore::core
