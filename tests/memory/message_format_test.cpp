// to_v1(): every case of fixtures/v1_rendering.json, recorded from the reference
// (tests/interop/record_v1_fixtures.mjs), must render byte for byte as the reference renders it.
#include "libsqlstore/message_format.hpp"

#include <fstream>
#include <sstream>

#include "libsqlstore/json_api.hpp"

#include <gtest/gtest.h>

namespace libsqlstore {
namespace {

Json load_fixture() {
  std::ifstream in(LIBSQLSTORE_MEMORY_FIXTURES "/v1_rendering.json");
  std::stringstream text;
  text << in.rdbuf();
  return Json::parse(text.str());
}

/// A V2 message as the reference's getMessages(format v2) rendered it.
Message from_v2_json(const Json& j) {
  Message m;
  m.id = j.at("id").get<std::string>();
  m.role = j.at("role").get<std::string>();
  m.content = j.at("content");
  m.createdAt = parse_iso8601(j.at("createdAt").get<std::string>());
  if (j.contains("threadId")) m.threadId = j.at("threadId").get<std::string>();
  if (j.contains("resourceId")) m.resourceId = j.at("resourceId").get<std::string>();
  if (j.contains("type")) m.type = j.at("type").get<std::string>();
  return m;
}

class V1Rendering : public ::testing::TestWithParam<Json> {};

TEST_P(V1Rendering, MatchesTheReference) {
  const Json& c = GetParam();
  std::vector<Message> messages;
  for (const auto& j : c.at("v2")) messages.push_back(from_v2_json(j));
  EXPECT_EQ(json_api::stringify(to_v1(messages)), json_api::stringify(c.at("v1")));
  // The V2 rendering is the reference's too (same keys, same order).
  Json v2 = Json::array();
  for (const auto& m : messages) v2.push_back(to_v2_json(m));
  EXPECT_EQ(json_api::stringify(v2), json_api::stringify(c.at("v2")));
}

std::vector<Json> cases() {
  std::vector<Json> out;
  for (const auto& c : load_fixture()) out.push_back(c);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Reference, V1Rendering, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) {
                           return param_info.param.at("name").template get<std::string>();
                         });

TEST(V1RenderingErrors, AttachmentWithUnsupportedProtocolIsADataError) {
  Message m;
  m.id = "u1";
  m.role = "user";
  m.content = Json::parse(
      R"({"format":2,"parts":[{"type":"text","text":"x"}],"experimental_attachments":[{"url":"ftp://h/x","contentType":"image/png"}]})");
  m.createdAt = parse_iso8601("2025-01-01T00:00:00Z");
  EXPECT_THROW(to_v1({m}), DataError);
}

TEST(V1RenderingErrors, MessageWithoutPartsIsADataError) {
  Message m;
  m.id = "a1";
  m.role = "assistant";
  m.content = Json{{"format", 2}, {"content", "x"}};
  EXPECT_THROW(to_v1({m}), DataError);
}

TEST(V1Rendering, OtherRolesAndEmptyContentAreLeftOut) {
  Message sys;
  sys.id = "s1";
  sys.role = "system";
  sys.content = Json::parse(R"({"format":2,"parts":[{"type":"text","text":"x"}]})");
  Message empty;
  empty.id = "e1";
  empty.role = "user";
  empty.content = "";
  EXPECT_EQ(to_v1({sys, empty}), Json::array());
}

}  // namespace
}  // namespace libsqlstore
