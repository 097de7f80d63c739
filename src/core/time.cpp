// ISO-8601 timestamps as the reference writes them (Date.toISOString) and reads them (new Date).
#include <cctype>
#include <charconv>
#include <cstdio>

#include "libsqlstore/error.hpp"
#include "libsqlstore/types.hpp"

#include "core/errors.hpp"

namespace libsqlstore {

using std::chrono::days;
using std::chrono::milliseconds;

Timestamp now() noexcept {
  return std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
}

namespace {

// JavaScript dates span +-8.64e15 ms around the epoch (ECMA-262 21.4.1.1); beyond that
// Date.toISOString() throws, and so does to_iso8601().
constexpr std::int64_t kMaxDateMs = 8'640'000'000'000'000;

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// Proleptic Gregorian date of a day number (days since 1970-01-01), valid far beyond
// std::chrono::year's +-32767: the 400-year era arithmetic is exact for any 64-bit day count in
// the JavaScript range.
CivilDate civil_from_days(std::int64_t z) {
  z += 719468;  // days from 0000-03-01 to 1970-01-01
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<std::uint32_t>(z - era * 146097);                    // [0, 146096]
  const std::uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::uint32_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// The inverse: days since 1970-01-01 of a proleptic Gregorian date, exact for any year JavaScript
// can name (std::chrono::year would wrap a year such as 275760 modulo 2^16).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<std::uint32_t>(year - era * 400);    // [0, 399]
  const std::uint32_t mp = month > 2 ? month - 3 : month + 9;       // [0, 11]
  const std::uint32_t doy = (153 * mp + 2) / 5 + day - 1;           // [0, 365]
  const std::uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(std::int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

unsigned days_in_month(std::int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

/// The instant of a validated calendar date and time, or nullopt beyond JavaScript's range.
std::optional<Timestamp> make_timestamp(std::int64_t year, unsigned month, unsigned day,
                                        std::int64_t ms_of_day) {
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  const std::int64_t total = days_from_civil(year, month, day) * 86'400'000 + ms_of_day;
  if (total < -kMaxDateMs || total > kMaxDateMs) return std::nullopt;  // new Date(): Invalid Date
  return Timestamp{milliseconds{total}};
}

}  // namespace

std::string to_iso8601(Timestamp t) {
  const std::int64_t total = t.time_since_epoch().count();
  if (total < -kMaxDateMs || total > kMaxDateMs) {
    core::invalid_argument("Timestamp " + std::to_string(total) +
                           " ms is outside the range of a JavaScript date (+-8.64e15 ms)");
  }
  constexpr std::int64_t kDayMs = 86'400'000;
  const std::int64_t day_number = total >= 0 ? total / kDayMs : -((-total + kDayMs - 1) / kDayMs);
  const CivilDate date = civil_from_days(day_number);
  auto ms = total - day_number * kDayMs;
  const int hour = static_cast<int>(ms / 3'600'000);
  ms %= 3'600'000;
  const int minute = static_cast<int>(ms / 60'000);
  ms %= 60'000;
  const int second = static_cast<int>(ms / 1000);
  const int milli = static_cast<int>(ms % 1000);
  const int year = static_cast<int>(date.year);
  char buf[40];
  if (year >= 0 && year <= 9999) {
    // Every stored row carries one or two of these: format the digits directly (snprintf costs
    // several times more than the rest of the conversion).
    auto put = [](char* at, int value, int width) {
      for (int i = width - 1; i >= 0; --i, value /= 10) at[i] = static_cast<char>('0' + value % 10);
    };
    char* p = buf;
    put(p, year, 4);
    p[4] = '-';
    put(p + 5, static_cast<int>(date.month), 2);
    p[7] = '-';
    put(p + 8, static_cast<int>(date.day), 2);
    p[10] = 'T';
    put(p + 11, hour, 2);
    p[13] = ':';
    put(p + 14, minute, 2);
    p[16] = ':';
    put(p + 17, second, 2);
    p[19] = '.';
    put(p + 20, milli, 3);
    p[23] = 'Z';
    return std::string(buf, 24);
  } else {  // JavaScript's expanded years: +YYYYYY / -YYYYYY
    std::snprintf(buf, sizeof buf, "%c%06d-%02u-%02uT%02d:%02d:%02d.%03dZ", year < 0 ? '-' : '+',
                  year < 0 ? -year : year, date.month, date.day, hour, minute, second, milli);
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

// The canonical form every stored row uses ("YYYY-MM-DDTHH:MM:SS.mmmZ"), parsed without the
// general grammar's branches: every read decodes one or two per row. Returns false when `s` is
// not exactly that form (or names no real date), so the general parser decides.
bool parse_canonical_timestamp(std::string_view s, Timestamp& out) {
  if (s.size() != 24) return false;
  const char* const p = s.data();
  if (p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':' || p[19] != '.' ||
      p[23] != 'Z') {
    return false;
  }
  // Digit values, checked together (unrolled: a loop over the positions costs twice as much):
  // (c - '0') as unsigned is above 9 for any byte that is not a digit.
  const auto d = [p](std::size_t i) {
    return static_cast<unsigned>(static_cast<unsigned char>(p[i])) - static_cast<unsigned>('0');
  };
  const unsigned y0 = d(0), y1 = d(1), y2 = d(2), y3 = d(3), mo0 = d(5), mo1 = d(6), d0 = d(8),
                 d1 = d(9), h0 = d(11), h1 = d(12), mi0 = d(14), mi1 = d(15), s0 = d(17),
                 s1 = d(18), f0 = d(20), f1 = d(21), f2 = d(22);
  const bool bad = (y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (mo0 > 9) | (mo1 > 9) | (d0 > 9) |
                   (d1 > 9) | (h0 > 9) | (h1 > 9) | (mi0 > 9) | (mi1 > 9) | (s0 > 9) | (s1 > 9) |
                   (f0 > 9) | (f1 > 9) | (f2 > 9);
  if (bad) return false;
  const unsigned year = ((y0 * 10 + y1) * 10 + y2) * 10 + y3;
  const unsigned month = mo0 * 10 + mo1;
  const unsigned day = d0 * 10 + d1;
  const unsigned hour = h0 * 10 + h1;
  const unsigned minute = mi0 * 10 + mi1;
  const unsigned second = s0 * 10 + s1;
  const unsigned milli = (f0 * 10 + f1) * 10 + f2;
  if (hour > 23 || minute > 59 || second > 59 || month - 1 > 11 || day == 0 ||
      day > days_in_month(year, month)) {
    return false;
  }
  // A four-digit year is always within JavaScript's range: no range check.
  const std::int64_t days = days_from_civil(year, month, day);
  const std::int64_t ms_of_day =
      ((static_cast<std::int64_t>(hour) * 60 + minute) * 60 + second) * 1000 + milli;
  out = Timestamp{milliseconds{days * 86'400'000 + ms_of_day}};
  return true;
}

}  // namespace

std::optional<Timestamp> parse_iso8601(std::string_view s) {
  if (Timestamp t; parse_canonical_timestamp(s, t)) return t;
  std::size_t p = 0;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, milli = 0;
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    if (!digits(s, 1, 6, year)) return std::nullopt;
    if (sign < 0 && year == 0) return std::nullopt;  // "-000000" is not a year (ECMA-262)
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
  if (hour > 24 || minute > 59 || second > 59) return std::nullopt;
  if (hour == 24 && (minute != 0 || second != 0 || milli != 0)) return std::nullopt;
  const std::int64_t ms_of_day =
      ((std::int64_t{hour} * 60 + minute - offset_minutes) * 60 + second) * 1000 + milli;
  return make_timestamp(year, static_cast<unsigned>(month), static_cast<unsigned>(day), ms_of_day);
}

}  // namespace libsqlstore
