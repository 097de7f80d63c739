// memory::MessageList and the V1 -> V2 conversion. The expected values were produced by the
// reference (@mastra/libsql 0.13.2, @mastra/core 0.13.2): the rows below were inserted raw, as
// the reference writes V1 messages, and read back with getMessages({format: 'v2'}).
#include "memory/message_list.hpp"

#include <gtest/gtest.h>

namespace libsqlstore::memory {
namespace {

Timestamp at(int seconds) {
  return Timestamp{std::chrono::milliseconds{1704067200000LL + seconds * 1000LL}};
}

Message row(const std::string& id, const std::string& role, const std::string& stored_content,
            int seconds, std::optional<std::string> type = "text") {
  Message m;
  m.id = id;
  m.role = role;
  m.content = parse_stored_content(stored_content);
  m.createdAt = at(seconds);
  m.threadId = "t1";
  m.resourceId = "r1";
  m.type = std::move(type);
  return m;
}

std::string converted(const Message& m) {
  MessageList list;
  list.add(m);
  return list.messages().at(0).content->dump();
}

TEST(StoredContent, ObjectsAndArraysAreParsedEverythingElseIsText) {
  EXPECT_EQ(parse_stored_content(R"({"format":2,"parts":[]})"),
            Json::parse(R"({"format":2,"parts":[]})"));
  EXPECT_EQ(parse_stored_content(" \n[1,2]"), Json::parse("[1,2]"));
  EXPECT_EQ(parse_stored_content("plain"), Json("plain"));
  EXPECT_EQ(parse_stored_content("{not json"), Json("{not json"));
  EXPECT_EQ(parse_stored_content("42"), Json("42"));
  EXPECT_EQ(parse_stored_content("\"quoted\""), Json("\"quoted\""));
  EXPECT_EQ(parse_stored_content("null"), Json("null"));
  EXPECT_EQ(parse_stored_content(""), Json(""));
}

TEST(StoredContent, StringsAreStoredRawObjectsAsCompactJson) {
  EXPECT_EQ(stored_content_text(Json("plain \"text\"")), "plain \"text\"");
  EXPECT_EQ(stored_content_text(Json::parse(R"({"b": 1, "a": [1, 2.5]})")),
            R"({"b":1,"a":[1,2.5]})");
}

TEST(V1ToV2, StringContent) {
  auto m = row("s1", "user", "hello plain", 1);
  MessageList list;
  list.add(m);
  const auto& out = list.messages().at(0);
  EXPECT_EQ(
      out.content->dump(),
      R"({"format":2,"parts":[{"type":"step-start"},{"type":"text","text":"hello plain"}],"content":"hello plain"})");
  EXPECT_EQ(out.role, "user");
  EXPECT_FALSE(out.type.has_value());
  EXPECT_EQ(out.createdAt, at(1));
  EXPECT_EQ(out.threadId, std::optional<std::string>("t1"));
}

TEST(V1ToV2, TextArray) {
  EXPECT_EQ(
      converted(row("a1", "assistant",
                    R"([{"type":"text","text":"part one"},{"type":"text","text":"part two"}])", 2)),
      R"({"format":2,"parts":[{"type":"text","text":"part one"},{"type":"text","text":"part two"}]})");
}

TEST(V1ToV2, ToolCallThenToolResultInSeparateMessages) {
  MessageList list;
  list.add(row(
      "tc1", "assistant",
      R"([{"type":"text","text":"calling"},{"type":"tool-call","toolCallId":"call-1","toolName":"weather","args":{"city":"Paris"}}])",
      3, "tool-call"));
  list.add(row(
      "tr1", "tool",
      R"([{"type":"tool-result","toolCallId":"call-1","toolName":"weather","result":{"temp":21}}])",
      4, "tool-result"));
  ASSERT_EQ(list.messages().size(), 2u);
  EXPECT_EQ(
      list.messages()[0].content->dump(),
      R"({"format":2,"parts":[{"type":"text","text":"calling"},{"type":"tool-invocation","toolInvocation":{"state":"call","toolCallId":"call-1","toolName":"weather","args":{"city":"Paris"}}}]})");
  EXPECT_EQ(list.messages()[1].role, "assistant");
  EXPECT_EQ(
      list.messages()[1].content->dump(),
      R"({"format":2,"parts":[{"type":"tool-invocation","toolInvocation":{"state":"result","toolCallId":"call-1","toolName":"weather","result":{"temp":21},"args":{"city":"Paris"}}}],"toolInvocations":[{"state":"result","toolCallId":"call-1","toolName":"weather","result":{"temp":21},"args":{"city":"Paris"}}]})");
}

TEST(V1ToV2, ToolResultWithoutItsCallHasEmptyArgs) {
  // The reference read "tr1" alone (include without neighbours): the call is not in the list.
  EXPECT_EQ(
      converted(row(
          "tr1", "tool",
          R"([{"type":"tool-result","toolCallId":"call-1","toolName":"weather","result":{"temp":21}}])",
          4, "tool-result")),
      R"({"format":2,"parts":[{"type":"tool-invocation","toolInvocation":{"state":"result","toolCallId":"call-1","toolName":"weather","result":{"temp":21},"args":{}}}],"toolInvocations":[{"state":"result","toolCallId":"call-1","toolName":"weather","result":{"temp":21},"args":{}}]})");
  // A missing result becomes "".
  EXPECT_EQ(
      converted(row("tr2", "tool",
                    R"([{"type":"tool-result","toolCallId":"call-x","toolName":"nothing"}])", 7,
                    "tool-result")),
      R"({"format":2,"parts":[{"type":"tool-invocation","toolInvocation":{"state":"result","toolCallId":"call-x","toolName":"nothing","result":"","args":{}}}],"toolInvocations":[{"state":"result","toolCallId":"call-x","toolName":"nothing","result":"","args":{}}]})");
}

TEST(V1ToV2, ToolResultInTheSameMessageAsItsCall) {
  EXPECT_EQ(
      converted(row(
          "both", "assistant",
          R"([{"type":"tool-call","toolCallId":"k","toolName":"n","args":{"x":1}},{"type":"tool-result","toolCallId":"k","toolName":"n","result":5}])",
          1, "tool-call")),
      R"({"format":2,"parts":[{"type":"tool-invocation","toolInvocation":{"state":"call","toolCallId":"k","toolName":"n","args":{"x":1}}},{"type":"tool-invocation","toolInvocation":{"state":"result","toolCallId":"k","toolName":"n","result":5,"args":{"x":1}}}],"toolInvocations":[{"state":"result","toolCallId":"k","toolName":"n","result":5,"args":{"x":1}}]})");
}

TEST(V1ToV2, Reasoning) {
  EXPECT_EQ(
      converted(row(
          "rs1", "assistant",
          R"([{"type":"reasoning","text":"thinking","signature":"sig"},{"type":"redacted-reasoning","data":"xyz"},{"type":"text","text":"answer"}])",
          5)),
      R"({"format":2,"parts":[{"type":"reasoning","reasoning":"","details":[{"type":"text","text":"thinking","signature":"sig"}]},{"type":"reasoning","reasoning":"","details":[{"type":"redacted","data":"xyz"}]},{"type":"text","text":"answer"}]})");
}

TEST(V1ToV2, ImageAndFile) {
  EXPECT_EQ(
      converted(row(
          "im1", "user",
          R"([{"type":"text","text":"look"},{"type":"image","image":"https://example.com/a.png","mimeType":"image/png"},{"type":"file","data":"aGVsbG8=","mimeType":"text/plain"}])",
          6)),
      R"({"format":2,"parts":[{"type":"text","text":"look"},{"type":"file","data":"https://example.com/a.png","mimeType":"image/png"},{"type":"file","mimeType":"text/plain","data":"aGVsbG8="}]})");
}

TEST(V1ToV2, MalformedJsonIsAPlainTextMessage) {
  EXPECT_EQ(
      converted(row("bad1", "user", "{not json", 8)),
      R"({"format":2,"parts":[{"type":"step-start"},{"type":"text","text":"{not json"}],"content":"{not json"})");
}

TEST(V2, ToolInvocationsBorrowArgsFromParts) {
  EXPECT_EQ(
      converted(row(
          "v2a", "assistant",
          R"({"format":2,"parts":[{"type":"tool-invocation","toolInvocation":{"state":"result","toolCallId":"c9","toolName":"w","args":{"q":1},"result":2}}],"toolInvocations":[{"state":"result","toolCallId":"c9","toolName":"w","args":{},"result":2}]})",
          10, "v2")),
      R"({"format":2,"parts":[{"type":"tool-invocation","toolInvocation":{"state":"result","toolCallId":"c9","toolName":"w","args":{"q":1},"result":2}}],"toolInvocations":[{"state":"result","toolCallId":"c9","toolName":"w","args":{"q":1},"result":2}]})");
}

// Reads hold canonical content as text and look for "toolInvocations" in it before parsing; a
// message that has them must be hydrated exactly as parsed content is, wherever the key sits
// and however many capital I's the text has before it.
TEST(V2, HeldTextIsHydratedAsParsedContentIs) {
  const std::string invocations =
      R"("toolInvocations":[{"state":"result","toolCallId":"c9","toolName":"w","args":{},"result":2}])";
  const std::string part =
      R"({"type":"tool-invocation","toolInvocation":{"state":"result","toolCallId":"c9","toolName":"w","args":{"q":1},"result":2}})";
  for (const std::string& text :
       {R"({"format":2,"parts":[)" + part + "]," + invocations + "}",
        R"({)" + invocations + R"(,"format":2,"parts":[)" + part + "]}",
        R"({"format":2,"parts":[{"type":"text","text":"I said: Invocations, I, II"},)" + part +
            "]," + invocations + "}"}) {
    Message held = row("v2a", "assistant", "{}", 10, "v2");
    auto lazy = LazyJson::from_canonical_text(std::string(text));
    ASSERT_TRUE(lazy) << text;
    held.content = std::move(*lazy);
    ASSERT_NE(held.content.held_text(), nullptr);
    MessageList list(1);
    list.append_in_order(std::move(held));
    const Json& content = *list.messages().at(0).content;
    EXPECT_EQ(content["toolInvocations"][0]["args"], Json::parse(R"({"q":1})")) << text;
    EXPECT_EQ(content, [&] {
      Json expected = Json::parse(text);
      expected["toolInvocations"][0]["args"] = Json::parse(R"({"q":1})");
      return expected;
    }()) << text;
  }
  // Without the key the text is handed on unparsed.
  Message plain = row("p", "user", "{}", 11, "v2");
  plain.content = *LazyJson::from_canonical_text(
      R"({"format":2,"parts":[{"type":"text","text":"Invocations: I toolInvocations"}]})");
  MessageList list(1);
  list.append_in_order(std::move(plain));
  EXPECT_FALSE(list.messages().at(0).content.is_parsed());
}

TEST(V2, KeptAsIsAndTypeV2Dropped) {
  const std::string text = R"({"format":2,"parts":[{"type":"text","text":"x"}],"z":1,"a":2})";
  MessageList list;
  list.add(row("v", "assistant", text, 1, "v2"));
  list.add(row("w", "assistant", text, 2, "custom"));
  EXPECT_EQ(list.messages()[0].content->dump(), text);
  EXPECT_FALSE(list.messages()[0].type.has_value());
  EXPECT_EQ(list.messages()[1].type, std::optional<std::string>("custom"));
}

std::string ids(const MessageList& list) {
  std::string out;
  for (const auto& m : list.messages()) out += m.id;
  return out;
}

TEST(MessageListOrder, StableSortByCreatedAt) {
  MessageList list;
  list.add(row("c", "user", "c", 3));
  list.add(row("a", "user", "a", 1));
  list.add(row("x", "user", "x", 2));
  list.add(row("y", "user", "y", 2));
  list.add(row("b", "user", "b", 1));
  EXPECT_EQ(ids(list), "abxyc");
}

TEST(MessageListOrder, EqualIsSkippedDifferentReplacesInPlace) {
  MessageList list;
  list.add(row("a", "user", "one", 1));
  list.add(row("b", "user", "two", 1));
  list.add(row("a", "user", "one", 1));  // equal: skipped
  EXPECT_EQ(ids(list), "ab");
  list.add(row("a", "user", "changed", 1));  // different, same time: replaced in place
  EXPECT_EQ(ids(list), "ab");
  EXPECT_EQ(list.messages()[0].content["content"], "changed");
  list.add(row("c", "user", "c", 2));
  list.add(row("d", "user", "d", 2));
  list.add(row("a", "user", "later", 2));  // moves later: first among its new equals
  EXPECT_EQ(ids(list), "bacd");
  list.add(row("d", "user", "earlier", 1));  // moves earlier: last among its new equals
  EXPECT_EQ(ids(list), "bdac");
}

TEST(Roles, ToolBecomesAssistant) {
  EXPECT_EQ(v1_role_to_v2("tool"), "assistant");
  EXPECT_EQ(v1_role_to_v2("user"), "user");
  EXPECT_EQ(v1_role_to_v2("assistant"), "assistant");
}

TEST(V2Detection, FormatMustBeTwo) {
  EXPECT_TRUE(is_v2_content(Json::parse(R"({"format":2,"parts":[]})")));
  EXPECT_FALSE(is_v2_content(Json::parse(R"({"format":"2","parts":[]})")));
  EXPECT_FALSE(is_v2_content(Json::parse(R"({"parts":[]})")));
  EXPECT_FALSE(is_v2_content(Json::parse(R"([{"format":2}])")));
  EXPECT_FALSE(is_v2_content(Json("format 2")));
}

// Held canonical text is answered off the text, without parsing, with the same answers.
TEST(V2Detection, HeldTextAnswersAsTheParsedValueDoes) {
  for (const char* text :
       {R"({"format":2,"parts":[]})", R"({"format":2})", R"({"parts":[],"format":2})",
        R"({"format":20,"parts":[]})", R"({"format":2.5,"parts":[]})",
        R"({"format":"2","parts":[]})", R"({"parts":[{"format":2}]})", R"([{"format":2}])",
        R"({"formats":2,"parts":[]})", R"({"format":-2})"}) {
    auto held = LazyJson::from_canonical_text(std::string(text));
    ASSERT_TRUE(held) << text;
    EXPECT_EQ(is_v2_content(*held), is_v2_content(Json::parse(text))) << text;
    EXPECT_FALSE(held->is_parsed()) << text;
  }
}

}  // namespace
}  // namespace libsqlstore::memory
