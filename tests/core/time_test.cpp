#include <cstdio>
#include <limits>
#include <string>

#include "libsqlstore/types.hpp"

#include <gtest/gtest.h>

namespace libsqlstore {
namespace {

Timestamp ms(std::int64_t v) { return Timestamp{std::chrono::milliseconds{v}}; }

TEST(Time, FormatsLikeToIsoString) {
  EXPECT_EQ(to_iso8601(ms(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(to_iso8601(ms(1735689600123)), "2025-01-01T00:00:00.123Z");
  EXPECT_EQ(to_iso8601(ms(-1)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(to_iso8601(ms(253402300800000)), "+010000-01-01T00:00:00.000Z");
}

TEST(Time, OutOfRangeTimestampsDoNotOverflow) {
  EXPECT_ANY_THROW(to_iso8601(ms(std::numeric_limits<std::int64_t>::min())));
  EXPECT_ANY_THROW(to_iso8601(ms(std::numeric_limits<std::int64_t>::max())));
  // JavaScript's last date (8.64e15 ms) is year 275760; std::chrono::year stops at 32767.
  EXPECT_EQ(to_iso8601(ms(8'640'000'000'000'000)), "+275760-09-13T00:00:00.000Z");
  EXPECT_EQ(to_iso8601(ms(-8'640'000'000'000'000)), "-271821-04-20T00:00:00.000Z");
  EXPECT_ANY_THROW(to_iso8601(ms(8'640'000'000'000'001)));
}

TEST(Time, ParsesWhatNewDateAccepts) {
  EXPECT_EQ(parse_iso8601("2025-01-01T00:00:00.123Z"), ms(1735689600123));
  EXPECT_EQ(parse_iso8601("2025-01-01T00:00:00Z"), ms(1735689600000));
  EXPECT_EQ(parse_iso8601("2025-01-01"), ms(1735689600000));
  EXPECT_EQ(parse_iso8601("2025-01-01T02:00:00+02:00"), ms(1735689600000));
  EXPECT_EQ(parse_iso8601("2025-01-01 00:00:00"), ms(1735689600000));
  EXPECT_EQ(parse_iso8601("2025-01-01T00:00:00.1234567Z"), ms(1735689600123));
  EXPECT_EQ(parse_iso8601("1970-01-01 00:00:00"), ms(0));
  EXPECT_EQ(parse_iso8601("+010000-01-01T00:00:00.000Z"), ms(253402300800000));
}

// Stored rows use one form ("YYYY-MM-DDTHH:MM:SS.mmmZ"), which reads take a shortcut for; it
// must agree with the general grammar (the same instant written with "+00:00" takes that path)
// on every four-digit year, leap days and the first days of year 0000 included.
TEST(Time, TheStoredFormReadsAsTheGeneralGrammarReadsIt) {
  const std::int64_t first = -62'167'219'200'000;  // 0000-01-01T00:00:00.000Z
  const std::int64_t last = 253'402'300'799'999;   // 9999-12-31T23:59:59.999Z
  EXPECT_EQ(to_iso8601(ms(first)), "0000-01-01T00:00:00.000Z");
  EXPECT_EQ(to_iso8601(ms(last)), "9999-12-31T23:59:59.999Z");
  int checked = 0;
  for (std::int64_t v = first; v <= last; v += 86'400'000LL * 97 + 3'601'001) {
    for (const std::int64_t t : {v, v - v % 86'400'000}) {
      if (t < first) continue;
      const std::string text = to_iso8601(ms(t));
      ASSERT_EQ(text.size(), 24U) << text;
      EXPECT_EQ(parse_iso8601(text), ms(t)) << text;
      EXPECT_EQ(parse_iso8601(text.substr(0, 23) + "+00:00"), ms(t)) << text;
      ++checked;
    }
  }
  EXPECT_GT(checked, 70'000);
  for (const char* day : {"0000-01-01", "0000-02-29", "0000-03-01", "1900-02-28", "2000-02-29",
                          "2024-02-29", "2025-12-31", "9999-12-31"}) {
    const std::string text = std::string(day) + "T12:34:56.789Z";
    const auto fast = parse_iso8601(text);
    ASSERT_TRUE(fast) << text;
    EXPECT_EQ(fast, parse_iso8601(std::string(day) + "T12:34:56.789+00:00")) << text;
    EXPECT_EQ(to_iso8601(*fast), text);
  }
  // Dates that do not exist, and out-of-range fields, are not read as some other instant.
  for (const char* text :
       {"1900-02-29T00:00:00.000Z", "2025-02-29T00:00:00.000Z", "2025-04-31T00:00:00.000Z",
        "2025-13-01T00:00:00.000Z", "2025-00-10T00:00:00.000Z", "2025-01-00T00:00:00.000Z",
        "2025-01-01T23:60:00.000Z", "2025-01-01T23:00:60.000Z", "2025-01-01T2a:00:00.000Z",
        "2025-01-01T00:00:00.0/0Z"}) {
    EXPECT_FALSE(parse_iso8601(text)) << text;
  }
}

// Issue #9.1: expanded years used to wrap modulo 2^16 (std::chrono::year): +275760 was read as
// year 13616 and +065536 as year 0.
TEST(Time, ParsesExpandedYearsExactly) {
  EXPECT_EQ(parse_iso8601("+275760-09-13T00:00:00.000Z"), ms(8'640'000'000'000'000));
  EXPECT_EQ(parse_iso8601("-271821-04-20T00:00:00.000Z"), ms(-8'640'000'000'000'000));
  EXPECT_EQ(parse_iso8601("+065536-01-01T00:00:00.000Z"), ms(2'005'949'145'600'000));
  const auto y65536 = parse_iso8601("+065536-01-01T00:00:00.000Z");
  ASSERT_TRUE(y65536);
  EXPECT_EQ(to_iso8601(*y65536), "+065536-01-01T00:00:00.000Z");
  EXPECT_GT(*y65536, *parse_iso8601("9999-12-31T23:59:59.999Z"));
  // Beyond JavaScript's range new Date() gives Invalid Date; so does "-000000".
  EXPECT_FALSE(parse_iso8601("+275760-09-13T00:00:00.001Z"));
  EXPECT_FALSE(parse_iso8601("-271821-04-19T23:59:59.999Z"));
  EXPECT_FALSE(parse_iso8601("-000000-01-01T00:00:00.000Z"));
  // An offset may carry a date past the range's edge back into it, as in JavaScript.
  EXPECT_EQ(parse_iso8601("+275760-09-13T01:00:00.000+01:00"), ms(8'640'000'000'000'000));
  for (std::int64_t v = -8'640'000'000'000'000; v <= 8'640'000'000'000'000;
       v += 86'400'000 * 365'251LL + 12'345) {
    EXPECT_EQ(parse_iso8601(to_iso8601(ms(v))), ms(v)) << to_iso8601(ms(v));
  }
}

TEST(Time, StorableRangeIsTheFourDigitYears) {
  EXPECT_EQ(to_iso8601(kMinStoredTimestamp), "0000-01-01T00:00:00.000Z");
  EXPECT_EQ(to_iso8601(kMaxStoredTimestamp), "9999-12-31T23:59:59.999Z");
}

TEST(Time, RejectsGarbage) {
  for (const char* bad : {"", "yesterday", "2025-13-01", "2025-02-30", "2025-01-01T25:00Z",
                          "2025-01-01T00:00:00Zjunk", "2025-1-1"}) {
    EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
  }
}

TEST(Time, RoundTrips) {
  for (std::int64_t v : {0LL, 1LL, 999LL, 1700000000001LL, -86400001LL}) {
    EXPECT_EQ(parse_iso8601(to_iso8601(ms(v))), ms(v));
  }
}

// The canonical 24-character form has its own fast path; it must agree with the general one.
TEST(Time, CanonicalFormEdgeCases) {
  EXPECT_EQ(parse_iso8601("2024-02-29T23:59:59.999Z"), ms(1709251199999));
  EXPECT_EQ(parse_iso8601("2025-01-01T24:00:00.000Z"), ms(1735776000000));
  for (const char* bad :
       {"2025-02-29T00:00:00.000Z", "2025-04-31T00:00:00.000Z", "2025-00-10T00:00:00.000Z",
        "2025-01-01T24:00:00.001Z", "2025-01-01T23:60:00.000Z", "2025-01-01T23:00:60.000Z",
        "2025-01-01T2x:00:00.000Z", "2025-01-01T00:00:00.000X"}) {
    EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
  }
  for (std::int64_t v = -5'000'000'000'000; v < 5'000'000'000'000; v += 123'456'789'017) {
    EXPECT_EQ(parse_iso8601(to_iso8601(ms(v))), ms(v)) << to_iso8601(ms(v));
  }
}

}  // namespace
}  // namespace libsqlstore

namespace libsqlstore {
namespace {

TEST(Time, CalendarAgreesWithStdChronoOverTenThousandYears) {
  // to_iso8601 has its own day-number arithmetic (std::chrono::year stops at +-32767).
  for (std::int64_t day = -2'000'000; day <= 2'000'000; day += 997) {
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
    const Timestamp t{std::chrono::milliseconds{day * 86'400'000 + 45'296'789}};
    const auto text = to_iso8601(t);
    EXPECT_EQ(parse_iso8601(text), t) << text;
    const int year = static_cast<int>(ymd.year());
    if (year >= 0 && year <= 9999) {
      char expected[16];
      std::snprintf(expected, sizeof expected, "%04d-%02u-%02u", year,
                    static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
      EXPECT_EQ(text.substr(0, 10), expected);
      EXPECT_EQ(text.substr(10), "T12:34:56.789Z");
    }
  }
}

}  // namespace
}  // namespace libsqlstore
