// LazyJson: held text is handed on as it is and parsed once when looked at; a value built by hand
// behaves as a Json.
#include "libsqlstore/lazy_json.hpp"

#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "libsqlstore/error.hpp"

#include <gtest/gtest.h>

#include "core/json_text.hpp"

namespace libsqlstore {
namespace {

constexpr const char* kContent = R"({"format":2,"parts":[{"type":"text","text":"hi"}]})";

TEST(LazyJson, HeldTextIsHandedOnUnparsedAndParsedOnceWhenLookedAt) {
  const auto v = LazyJson::from_text(kContent);
  ASSERT_NE(v.held_text(), nullptr);
  EXPECT_EQ(*v.held_text(), kContent);
  EXPECT_FALSE(v.is_parsed());
  EXPECT_EQ(v.text(), kContent);
  EXPECT_FALSE(v.is_parsed());  // text() needs no tree

  EXPECT_EQ(v->at("parts").at(0).at("text"), "hi");
  EXPECT_TRUE(v.is_parsed());
  const Json* tree = &v.value();
  EXPECT_EQ(&*v, tree);                 // parsed once, kept
  EXPECT_EQ(*v.held_text(), kContent);  // looking does not drop the text
}

TEST(LazyJson, TextNotInTheStoresFormIsParsedAtOnce) {
  const auto spaced = LazyJson::from_text(R"({"a": 1, "b": "caf\u00e9"})");
  EXPECT_EQ(spaced.held_text(), nullptr);
  EXPECT_TRUE(spaced.is_parsed());
  EXPECT_EQ(spaced.text(), "{\"a\":1,\"b\":\"caf\xc3\xa9\"}");
  EXPECT_THROW(LazyJson::from_text("{not json"), InvalidArgumentError);
  EXPECT_THROW(LazyJson::from_text(""), InvalidArgumentError);
}

TEST(LazyJson, FromCanonicalTextHoldsOnlyTheStoresForm) {
  std::string canonical = kContent;
  const auto held = LazyJson::from_canonical_text(std::move(canonical));
  ASSERT_TRUE(held);
  ASSERT_NE(held->held_text(), nullptr);
  EXPECT_EQ(*held->held_text(), kContent);
  std::string spaced = R"({"a": 1})";
  EXPECT_FALSE(LazyJson::from_canonical_text(std::move(spaced)));
  EXPECT_EQ(spaced, R"({"a": 1})");  // NOLINT(bugprone-use-after-move): left as it was
}

TEST(LazyJson, BuiltLikeAJson) {
  LazyJson object = {{"format", 2}, {"parts", Json::array()}};
  EXPECT_TRUE(object->is_object());
  EXPECT_EQ(object->at("format"), 2);
  LazyJson text = "plain text";
  EXPECT_EQ(*text, Json("plain text"));
  LazyJson null;
  EXPECT_TRUE(null->is_null());
  EXPECT_EQ(null.text(), "null");
  LazyJson from_json = Json::array({1, 2});
  EXPECT_EQ(from_json.held_text(), nullptr);
  EXPECT_EQ(from_json.text(), "[1,2]");
  const Json& as_json = from_json;  // converts where a Json is wanted
  EXPECT_EQ(as_json.size(), 2u);
}

TEST(LazyJson, ChangingTheValueDropsTheStaleText) {
  auto v = LazyJson::from_text(kContent);
  v.mutable_value()["format"] = 3;
  EXPECT_EQ(v.held_text(), nullptr);
  EXPECT_EQ(v.text(), R"({"format":3,"parts":[{"type":"text","text":"hi"}]})");
  auto w = LazyJson::from_text(kContent);
  const Json taken = std::move(w).take();
  EXPECT_EQ(taken.at("format"), 2);
}

TEST(LazyJson, CopiesMovesAndEquality) {
  const auto held = LazyJson::from_text(kContent);
  const LazyJson built = Json::parse(kContent);
  EXPECT_EQ(held, built);
  EXPECT_EQ(built, held);
  EXPECT_EQ(held, Json::parse(kContent));
  EXPECT_NE(held, LazyJson::from_text(R"({"format":2,"parts":[]})"));

  LazyJson copy = held;
  ASSERT_NE(copy.held_text(), nullptr);
  EXPECT_EQ(copy, held);
  LazyJson moved = std::move(copy);
  EXPECT_EQ(moved, held);
  EXPECT_TRUE(copy->is_null());  // NOLINT(bugprone-use-after-move): moved-from is null
  copy = moved;
  EXPECT_EQ(copy, held);
  copy = LazyJson(Json(5));
  EXPECT_EQ(copy.text(), "5");

  std::ostringstream os;
  os << held;
  EXPECT_EQ(os.str(), kContent);
}

TEST(LazyJson, ConcurrentFirstLooksAgreeOnOneTree) {
  for (int round = 0; round < 50; ++round) {
    const auto v = LazyJson::from_text(kContent);
    std::vector<const Json*> seen(8);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i) {
      threads.emplace_back([&, i] { seen[i] = &v.value(); });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(std::set<const Json*>(seen.begin(), seen.end()).size(), 1u);
    EXPECT_EQ(seen[0]->at("format"), 2);
  }
}

TEST(RawJsonNode, OnlyTheWriterSplicesAndMaterializeRestoresTheValue) {
  Json answer = {{"content", core::raw_json_node(LazyJson::from_text(kContent))},
                 {"built", core::raw_json_node(LazyJson(Json{{"a", 1}}))}};
  EXPECT_TRUE(answer["content"].is_binary());  // spliced: not parsed
  EXPECT_TRUE(answer["built"].is_object());    // no text to splice: the value
  EXPECT_EQ(core::to_json_text(answer),
            std::string(R"({"content":)") + kContent + R"(,"built":{"a":1}})");
  core::materialize_raw_nodes(answer);
  EXPECT_EQ(answer["content"], Json::parse(kContent));
  EXPECT_EQ(core::to_json_text(answer),
            std::string(R"({"content":)") + kContent + R"(,"built":{"a":1}})");
}

}  // namespace
}  // namespace libsqlstore
