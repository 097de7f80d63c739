#include "core/json_text.hpp"

#include "libsqlstore/error.hpp"

#include <gtest/gtest.h>

namespace libsqlstore::core {
namespace {

TEST(JsonText, NumbersFormatLikeJavaScript) {
  EXPECT_EQ(js_number(5.0), "5");
  EXPECT_EQ(js_number(0.1), "0.1");
  EXPECT_EQ(js_number(-2.5), "-2.5");
  EXPECT_EQ(js_number(1e21), "1e+21");
  EXPECT_EQ(js_number(1e20), "100000000000000000000");
  EXPECT_EQ(js_number(1e-7), "1e-7");
  EXPECT_EQ(js_number(1.5e-7), "1.5e-7");
  EXPECT_EQ(js_number(0.000001), "0.000001");
  EXPECT_EQ(js_number(123.456), "123.456");
  EXPECT_EQ(js_number(-0.0), "0");
  EXPECT_EQ(js_number(9007199254740993.0), "9007199254740992");
}

TEST(JsonText, CompactWithInsertionOrder) {
  Json j = Json::object();
  j["z"] = 1;
  j["a"] = Json::array({1.0, 2.5, "x"});
  j["m"] = nullptr;
  EXPECT_EQ(to_json_text(j), R"({"z":1,"a":[1,2.5,"x"],"m":null})");
}

TEST(JsonText, StringsEscapeLikeStringify) {
  EXPECT_EQ(to_json_text(Json("a\"b\\c\n\t\x01 é 🎉")), "\"a\\\"b\\\\c\\n\\t\\u0001 é 🎉\"");
}

TEST(JsonText, InvalidUtf8IsAnInvalidArgument) {
  EXPECT_THROW(to_json_text(Json(std::string("\xff\xfe"))), InvalidArgumentError);
}

// Objects are written into a buffer the thread keeps (released past 1 MiB): each text is its
// own, whatever was written before it, a failed write included.
TEST(JsonText, EachTextIsItsOwnWhateverCameBefore) {
  const Json big = {{"text", std::string(3u << 20, 'x')}};
  const Json small = {{"a", 1}};
  const std::string big_text = to_json_text(big);
  EXPECT_EQ(big_text.size(), (3u << 20) + 11);
  EXPECT_EQ(big_text.substr(0, 10), R"({"text":"x)");
  EXPECT_EQ(to_json_text(small), R"({"a":1})");
  EXPECT_THROW(to_json_text(Json{{"bad", std::string("\xff")}}), InvalidArgumentError);
  EXPECT_EQ(to_json_text(Json::array({small, "s"})), R"([{"a":1},"s"])");
  EXPECT_EQ(to_json_text(big), big_text);
  EXPECT_EQ(to_json_text(small), R"({"a":1})");
}

TEST(JsonText, ParsesOrReportsFailure) {
  EXPECT_EQ(try_parse_json(R"({"b":1,"a":2})")->dump(), R"({"b":1,"a":2})");
  EXPECT_FALSE(try_parse_json("{not json").has_value());
  EXPECT_FALSE(try_parse_json("plain text").has_value());
}

}  // namespace
}  // namespace libsqlstore::core
