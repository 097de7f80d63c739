// ISO-8601 timestamps as the reference writes them (Date.toISOString) and reads them (new Date).
#include <cctype>
#include <charconv>
#include <cstdio>

#include "libsqlstore/types.hpp"

namespace libsqlstore {

using std::chrono::days;
using std::chrono::milliseconds;

Timestamp now() noexcept {
  return std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
}

std::string to_iso8601(Timestamp t) {
  const auto day = std::chrono::floor<days>(t);
  const std::chrono::year_month_day ymd{day};
  auto ms = (t - day).count();
  const int hour = static_cast<int>(ms / 3'600'000);
  ms %= 3'600'000;
  const int minute = static_cast<int>(ms / 60'000);
  ms %= 60'000;
  const int second = static_cast<int>(ms / 1000);
  const int milli = static_cast<int>(ms % 1000);
  const int year = static_cast<int>(ymd.year());
  char buf[40];
  if (year >= 0 && year <= 9999) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", year,
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hour,
                  minute, second, milli);
  } else {  // JavaScript's expanded years: +YYYYYY / -YYYYYY
    std::snprintf(buf, sizeof buf, "%c%06d-%02u-%02uT%02d:%02d:%02d.%03dZ", year < 0 ? '-' : '+',
                  year < 0 ? -year : year, static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), hour, minute, second, milli);
  }
  return buf;
}

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::optional<Timestamp> parse_iso8601(std::string_view s) {
  std::size_t p = 0;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, milli = 0;
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    if (!digits(s, 1, 6, year)) return std::nullopt;
    p = 7;
  } else {
    if (!digits(s, 0, 4, year)) return std::nullopt;
    p = 4;
  }
  year *= sign;
  if (p < s.size() && s[p] == '-') {
    if (!digits(s, p + 1, 2, month)) return std::nullopt;
    p += 3;
    if (p < s.size() && s[p] == '-') {
      if (!digits(s, p + 1, 2, day)) return std::nullopt;
      p += 3;
    }
  }
  int offset_minutes = 0;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return std::nullopt;
    if (!digits(s, p + 1, 2, hour) || p + 3 >= s.size() || s[p + 3] != ':' ||
        !digits(s, p + 4, 2, minute))
      return std::nullopt;
    p += 6;
    if (p < s.size() && s[p] == ':') {
      if (!digits(s, p + 1, 2, second)) return std::nullopt;
      p += 3;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        std::size_t n = 0;
        int frac = 0;
        while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) {
          if (n < 3) frac = frac * 10 + (s[p] - '0');
          ++n;
          ++p;
        }
        if (n == 0) return std::nullopt;
        for (std::size_t k = n; k < 3; ++k) frac *= 10;
        milli = frac;
      }
    }
    if (p < s.size()) {
      if (s[p] == 'Z' || s[p] == 'z') {
        ++p;
      } else if (s[p] == '+' || s[p] == '-') {
        const int osign = s[p] == '-' ? -1 : 1;
        int oh = 0, om = 0;
        if (!digits(s, p + 1, 2, oh)) return std::nullopt;
        p += 3;
        if (p < s.size() && s[p] == ':') ++p;
        if (!digits(s, p, 2, om)) return std::nullopt;
        p += 2;
        offset_minutes = osign * (oh * 60 + om);
      }
    }
    if (p != s.size()) return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 59)
    return std::nullopt;
  if (hour == 24 && (minute != 0 || second != 0 || milli != 0)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  Timestamp t = std::chrono::sys_days{ymd} + std::chrono::hours{hour} +
                std::chrono::minutes{minute - offset_minutes} + std::chrono::seconds{second} +
                milliseconds{milli};
  return t;
}

}  // namespace libsqlstore
