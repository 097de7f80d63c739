// is_canonical_json() must only ever say yes to text that to_json_text(parse(text)) reproduces byte
// for byte: the JSON interface splices such text into its answers instead of re-serialising it.
#include "core/json_canonical.hpp"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/json_text.hpp"

namespace libsqlstore::core {
namespace {

// The promise, checked on any text: canonical -> parses and writes back identically.
void expect_promise_holds(const std::string& text) {
  if (!is_canonical_json(text)) return;
  const auto parsed = try_parse_json(text);
  ASSERT_TRUE(parsed.has_value()) << "canonical but not JSON: " << text;
  EXPECT_EQ(to_json_text(*parsed), text) << "canonical but written differently: " << text;
}

TEST(CanonicalJson, AcceptsWhatTheWriterWrites) {
  for (const std::string& text :
       std::vector<std::string>{R"({"format":2,"parts":[{"type":"text","text":"hi"}]})",
                                R"({})",
                                R"([])",
                                R"([[],{},[{}]])",
                                R"("")",
                                R"("caf)"
                                "\xc3\xa9"
                                R"( 🎉")",
                                R"("q\"b\\s\b\f\n\r\t\u0000\u001f")",
                                "\"\x7f\"",
                                "true",
                                "false",
                                "null",
                                "0",
                                "-1",
                                "42",
                                "123456789012345678",
                                "-123456789012345678",
                                "18446744073709551615",
                                "-9223372036854775808",
                                "123000000000000000000",
                                "100000000000000000000",
                                "1.5",
                                "-0.25",
                                "0.1",
                                "1e+21",
                                "1.7976931348623157e+308",
                                "5e-324",
                                "1e-7",
                                "0.000001",
                                "123456.789",
                                R"({"a":{"a":{"a":1}},"b":[1,"a",{"a":null}]})"}) {
    EXPECT_TRUE(is_canonical_json(text)) << text;
    expect_promise_holds(text);
  }
}

TEST(CanonicalJson, RefusesWhatTheWriterWouldWriteDifferently) {
  for (const std::string& text : std::vector<std::string>{
           // whitespace anywhere outside strings
           R"({"a": 1})", R"( {})", R"({} )", R"([1, 2])", "{\n}",
           // duplicate keys (JSON.parse keeps the last value)
           R"({"a":1,"a":2})", R"({"a":1,"b":{"c":1,"c":2}})",
           // escapes JSON.stringify does not write
           R"("\/")", R"("\u00e9")", R"("\u007f")", R"("\u001F")", R"("\u000a")", R"("\u0009")",
           R"("\ud83c\udf89")", R"("\ud800")", R"("\x")",
           // numbers written another way
           "1.0", "1e2", "1E+21", "1e21", "-0", "-0.0", "0.10", "1.50", "01", "+1", ".5", "1.",
           "18446744073709551616", "-9223372036854775809", "1e400", "0.0000001",
           // not JSON at all
           "", "{", "}", "[1,]", R"({"a":1,})", R"({"a"})", R"({a:1})", R"({}x)", "[1]]", "tru",
           "nul", "\"unterminated", "\"\xff\"", "\"\xc3\"", "\"\xed\xa0\x80\"", "\"tab\there\"",
           std::string("\"a\0\"", 4)}) {
    EXPECT_FALSE(is_canonical_json(text)) << text;
  }
}

TEST(CanonicalJson, BoundsItsWork) {
  const std::string deep_ok = std::string(128, '[') + std::string(128, ']');
  EXPECT_TRUE(is_canonical_json(deep_ok));
  const std::string too_deep = std::string(129, '[') + std::string(129, ']');
  EXPECT_FALSE(is_canonical_json(too_deep));  // valid JSON: the parser takes it

  auto object_of = [](int keys) {
    std::string out = "{";
    for (int i = 0; i < keys; ++i) out += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + "1";
    return out + "}";
  };
  EXPECT_TRUE(is_canonical_json(object_of(64)));
  EXPECT_FALSE(is_canonical_json(object_of(65)));
  expect_promise_holds(object_of(64));
}

// Random values: what the writer writes is canonical (within the checker's bounds), and parses
// back to the value. Random edits of such text: whatever the checker still accepts keeps the
// promise.
Json random_value(std::mt19937_64& rng, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 4 ? 5 : 7);
  switch (kind(rng)) {
    case 0:
      return nullptr;
    case 1:
      return rng() % 2 == 0;
    case 2:
      return static_cast<std::int64_t>(rng() % 200'000'000'000'000'000ULL) -
             100'000'000'000'000'000LL;
    case 3: {
      std::uniform_real_distribution<double> d(-1e6, 1e6);
      const double x = d(rng);
      return rng() % 3 == 0 ? x * 1e-12 : (rng() % 3 == 0 ? x * 1e20 : x);
    }
    case 4:
    case 5: {
      static const std::vector<std::string> pieces = {"a",
                                                      "Z",
                                                      " ",
                                                      "\"",
                                                      "\\",
                                                      "/",
                                                      "\n",
                                                      "\t",
                                                      "\b",
                                                      "\f",
                                                      "\r",
                                                      std::string(1, '\0'),
                                                      "\x1f",
                                                      "\x7f",
                                                      "\xc3\xa9",
                                                      "\xe4\xb8\xad",
                                                      "\xf0\x9f\x8e\x89",
                                                      "format",
                                                      "{",
                                                      "]",
                                                      ":"};
      std::string s;
      const auto n = rng() % 12;
      for (std::size_t i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
      return s;
    }
    case 6: {
      Json a = Json::array();
      const auto n = rng() % 5;
      for (std::size_t i = 0; i < n; ++i) a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      Json o = Json::object();
      const auto n = rng() % 5;
      for (std::size_t i = 0; i < n; ++i) {
        o[std::string(1, static_cast<char>('a' + rng() % 6))] = random_value(rng, depth + 1);
      }
      return o;
    }
  }
}

TEST(CanonicalJson, RandomValuesAndEditsOfTheirText) {
  std::mt19937_64 rng(20261202);
  static const std::vector<std::string> edits = {" ", ",", "0", ".0", "e1", "\\/", "\"", "-", "}"};
  for (int i = 0; i < 5000; ++i) {
    const Json value = random_value(rng, 0);
    const std::string text = to_json_text(value);
    ASSERT_TRUE(is_canonical_json(text)) << text;
    ASSERT_EQ(*try_parse_json(text), value) << text;
    for (int e = 0; e < 4; ++e) {
      std::string edited = text;
      const auto at = rng() % (edited.size() + 1);
      if (rng() % 2 == 0 && !edited.empty() && at < edited.size()) {
        edited.erase(at, 1);
      } else {
        edited.insert(at, edits[rng() % edits.size()]);
      }
      expect_promise_holds(edited);
    }
  }
}

TEST(CanonicalMember, FindsTopLevelMembersOnly) {
  const std::string text =
      R"({"parts":[{"format":3,"x":"\"format\":4"}],"s":"}\\","format":2,"toolInvocations":[{}]})";
  ASSERT_TRUE(is_canonical_json(text));
  EXPECT_EQ(canonical_member(text, "format"), "2");
  EXPECT_EQ(canonical_member(text, "toolInvocations"), "[{}]");
  EXPECT_EQ(canonical_member(text, "parts"), R"([{"format":3,"x":"\"format\":4"}])");
  EXPECT_EQ(canonical_member(text, "s"), R"("}\\")");
  EXPECT_EQ(canonical_member(text, "x"), std::nullopt);
  EXPECT_EQ(canonical_member(R"({"format":2.5})", "format"), "2.5");
  EXPECT_EQ(canonical_member(R"({"a":true})", "a"), "true");
  EXPECT_EQ(canonical_member("{}", "format"), std::nullopt);
  EXPECT_EQ(canonical_member(R"([{"format":2}])", "format"), std::nullopt);
  EXPECT_EQ(canonical_member(R"("format")", "format"), std::nullopt);
}

}  // namespace
}  // namespace libsqlstore::core
