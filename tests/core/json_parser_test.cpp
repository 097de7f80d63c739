// The fast JSON parser must give exactly nlohmann's result (value types included) or defer to it.
#include "core/json_parser.hpp"

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "libsqlstore/error.hpp"

#include <gtest/gtest.h>

#include "core/json_text.hpp"

namespace libsqlstore::core {
namespace {

// Equal values AND equal types all the way down (number_unsigned 2 == number_integer 2 for
// Json::operator==, but not for a caller that asks is_number_unsigned()).
bool identical(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Json::value_t::object: {
      if (a.size() != b.size()) return false;
      auto ib = b.begin();
      for (auto ia = a.begin(); ia != a.end(); ++ia, ++ib) {
        if (ia.key() != ib.key() || !identical(ia.value(), ib.value())) return false;
      }
      return true;
    }
    case Json::value_t::array:
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!identical(a[i], b[i])) return false;
      }
      return a.size() == b.size();
    case Json::value_t::number_float: {
      const double x = a.get<double>();
      const double y = b.get<double>();
      return std::signbit(x) == std::signbit(y) && (x == y || (x != x && y != y));
    }
    default:
      return a == b;
  }
}

// Whatever the fast path does, try_parse_json must agree with nlohmann exactly.
void expect_same_as_nlohmann(const std::string& text) {
  const Json reference = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  const auto parsed = try_parse_json(text);
  if (reference.is_discarded()) {
    EXPECT_FALSE(parsed.has_value()) << "accepted invalid JSON: " << text;
    Json fast;
    EXPECT_FALSE(parse_json_fast(text, fast)) << "fast path accepted invalid JSON: " << text;
    return;
  }
  ASSERT_TRUE(parsed.has_value()) << "rejected valid JSON: " << text;
  EXPECT_TRUE(identical(*parsed, reference))
      << "input " << text << "\n got " << parsed->dump() << "\n want " << reference.dump();
}

bool has_float(const Json& v) {
  if (v.is_number_float()) return true;
  if (v.is_structured()) {
    for (const auto& child : v) {
      if (has_float(child)) return true;
    }
  }
  return false;
}

// The writer matches nlohmann's compact dump wherever no float is involved (floats follow
// JavaScript's formatting instead, tested in json_text_test.cpp).
void expect_written_as_nlohmann(const std::string& text) {
  const Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || has_float(value)) return;
  EXPECT_EQ(to_json_text(value), value.dump()) << "input " << text;
}

TEST(JsonWriter, EscapesLikeNlohmannAndStringify) {
  std::string all_bytes;
  for (int c = 1; c < 0x80; ++c) all_bytes.push_back(static_cast<char>(c));
  all_bytes += "\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x8e\x89";
  Json doc = Json::object();
  doc[all_bytes] = Json::array({all_bytes, std::string(1, '\0'), "", 42, -7, true, nullptr});
  doc["nested"] = Json::object({{"k", Json::array()}, {"o", Json::object()}});
  EXPECT_EQ(to_json_text(doc), doc.dump());
  EXPECT_EQ(to_json_text(Json(std::string(1000, 'x') + "\"")),
            Json(std::string(1000, 'x') + "\"").dump());
}

TEST(JsonWriter, RejectsInvalidUtf8AnywhereInTheText) {
  for (const char* bad : {"\xff", "abc\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                          "long prefix of plain ascii text \xe0\x80\xaf"}) {
    EXPECT_THROW(to_json_text(Json(std::string(bad))), InvalidArgumentError) << bad;
    Json key = Json::object();
    key[std::string(bad)] = 1;
    EXPECT_THROW(to_json_text(key), InvalidArgumentError) << bad;
  }
}

TEST(JsonParser, TypicalStoredContentTakesTheFastPath) {
  const std::string content =
      R"({"format":2,"parts":[{"type":"text","text":"agent memory \"quoted\" \\ \/ \n é 🎉"}],)"
      R"("metadata":{"edited":true,"rev":7,"score":0.25,"neg":-3,"none":null,"list":[]}})";
  Json fast;
  ASSERT_TRUE(parse_json_fast(content, fast));
  EXPECT_TRUE(identical(fast, Json::parse(content)));
  EXPECT_EQ(fast["parts"][0]["text"], "agent memory \"quoted\" \\ / \n é 🎉");
  EXPECT_TRUE(fast["metadata"]["rev"].is_number_unsigned());
  EXPECT_TRUE(fast["metadata"]["neg"].is_number_integer());
}

TEST(JsonParser, AgreesWithNlohmannOnEdgeCases) {
  const std::vector<std::string> cases = {
      // numbers: typing, ranges, grammar
      "0", "-0", "-0.0", "1", "-1", "18446744073709551615", "18446744073709551616",
      "9223372036854775807", "-9223372036854775808", "-9223372036854775809", "1.5", "1e5", "1E+5",
      "1e-5", "2.5e-310", "1e400", "-1e400", "1e-400", "01", "1.", ".5", "-", "+1", "1e", "1e+",
      "0x10", "NaN", "Infinity", "123456789012345678901234567890",
      // strings: escapes, surrogates, control characters, UTF-8
      R"("")", R"("\u0000")", R"("\u00e9\u4e2d")", R"("\ud83c\udf89")", R"("\ud83c")",
      R"("\udf89")", R"("\ud83cx")", R"("\ud83c\u0041")", R"("\x")", R"("\u12")", R"("\u12G4")",
      "\"tab\there\"", "\"nl\nhere\"", "\"\x7f\"", "\"\xc3\xa9\"", "\"\xc3\"", "\"\xc0\xaf\"",
      "\"\xe0\x80\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xf0\x9f\x8e\x89\"",
      "\"\xff\"", "\"unterminated",
      // structure
      "{}", "[]", " { } ", "\t[\r\n]\n", R"({"a":1,"a":2})", R"({"a":{"x":1},"b":2,"a":[3]})",
      R"({"a":1,})", R"([1,])", R"([1 2])", R"({"a" 1})", R"({a:1})", R"({"a":1}})", R"({"a":1} x)",
      "[[[[[]]]]]", "true", "false", "null", "tru", "nul", "[true,false,null]", "", " ",
      "\xef\xbb\xbf{}", std::string("{\"a\":1}\0", 8), "// comment\n{}", "{\"a\":\"b\"}  "};
  for (const auto& text : cases) expect_same_as_nlohmann(text);
}

TEST(JsonParser, DeepNestingFallsBackToNlohmann) {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  Json fast;
  EXPECT_FALSE(parse_json_fast(deep, fast));
  expect_same_as_nlohmann(deep);
  const std::string ok = std::string(100, '[') + std::string(100, ']');
  EXPECT_TRUE(parse_json_fast(ok, fast));
  expect_same_as_nlohmann(ok);
}

// Mutations of valid documents (flipped, inserted and deleted bytes) hit the rejection paths.
TEST(JsonParser, RandomMutationsAgreeWithNlohmann) {
  const std::vector<std::string> seeds = {
      R"({"format":2,"parts":[{"type":"text","text":"héllo \"w\" \u00e9"}],"n":-12.5e3})",
      R"([1,2,{"k":[true,false,null,"x"]},18446744073709551615,-0.0])",
      R"({"runId":"abc","context":{"step":{"startedAt":1735862400000,"ok":true}}})",
  };
  const std::string alphabet = "{}[]\",:\\/ue0123456789.-+Eetrfn \t\n\x01\x7f\xc3\xa9\xf0\xed";
  std::mt19937 rng(12345);
  for (int round = 0; round < 4000; ++round) {
    std::string text = seeds[static_cast<std::size_t>(round) % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t pos = rng() % text.size();
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          text[pos] = c;
          break;
        case 1:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(pos), c);
          break;
        default:
          text.erase(pos, 1);
          break;
      }
    }
    expect_same_as_nlohmann(text);
    expect_written_as_nlohmann(text);
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace libsqlstore::core
