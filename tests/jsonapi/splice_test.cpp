// The JSON interface splices stored JSON into its answers as it was stored (call_raw), and gives
// exactly what re-serialising the parsed value gives (call): stored text that is not in the
// store's own form (another program's spaces, escapes, 1.0) is rewritten, never spliced.
#include <string>

#include "libsqlstore/json_api.hpp"
#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore {
namespace {

using json_api::call;
using json_api::call_raw;
using json_api::stringify;

bool holds_binary(const Json& v) {
  if (v.is_binary()) return true;
  if (v.is_structured()) {
    for (const auto& child : v) {
      if (holds_binary(child)) return true;
    }
  }
  return false;
}

class SpliceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<LibSQLStore>(StoreOptions{.url = "file:" + path_});
    store_->init();
    for (const char* t : {"t-canonical", "t-foreign"}) {
      store_->save_thread({.id = t,
                           .resourceId = "r1",
                           .title = t,
                           .metadata = Json{{"k", t}},
                           .createdAt = *parse_iso8601("2025-01-01T00:00:00.000Z"),
                           .updatedAt = *parse_iso8601("2025-01-01T00:00:00.000Z")});
    }
    auto message = [](const char* id, const char* thread, int second) {
      Message m;
      m.id = id;
      m.role = "user";
      m.threadId = thread;
      m.resourceId = "r1";
      m.createdAt = *parse_iso8601("2025-01-01T00:00:0" + std::to_string(second) + ".000Z");
      m.content = Json{{"format", 2}, {"parts", Json::array({{{"type", "text"}, {"text", id}}})}};
      return m;
    };
    store_->save_messages({message("m1", "t-canonical", 1), message("m2", "t-foreign", 2),
                           message("m3", "t-foreign", 3)});
    store_->persist_workflow_snapshot(
        {.workflowName = "wf", .runId = "run", .snapshot = {{"a", 1}}});
    store_->persist_workflow_snapshot(
        {.workflowName = "wf", .runId = "run-foreign", .snapshot = {{"a", 1}}});

    // What another program may have written: valid JSON, not in the store's form.
    testing::SqlitePeek peek(path_);
    peek.exec(
        R"(UPDATE mastra_messages SET content = '{"format": 2, "parts": [{"type": "text", "text": "caf\u00e9 \/"}]}' WHERE id = 'm2')");
    peek.exec(
        R"(UPDATE mastra_messages SET content = '{"format":2.0,"parts":[{"type":"text","text":"x"}],"n":1.50}' WHERE id = 'm3')");
    peek.exec(
        R"(UPDATE mastra_threads SET metadata = '{"k": "t-foreign", "k": "dup"}' WHERE id = 't-foreign')");
    peek.exec(
        R"(UPDATE mastra_workflow_snapshot SET snapshot = '{ "a" : 1 }' WHERE run_id = 'run-foreign')");
  }

  /// The answer of `method`, both ways; they must be the same text and call() holds no raw node.
  std::string answer(const char* method, const Json& params) {
    const Json parsed = call(*store_, method, params);
    EXPECT_FALSE(holds_binary(parsed)) << method;
    const std::string text = stringify(parsed);
    EXPECT_EQ(stringify(call_raw(*store_, method, params)), text) << method;
    return text;
  }

  std::string path_ = testing::temp_path();
  std::unique_ptr<LibSQLStore> store_;
};

TEST_F(SpliceTest, CanonicalTextIsSplicedAndForeignTextRewritten) {
  const std::string canonical =
      answer("getMessages", Json::array({{{"threadId", "t-canonical"}, {"format", "v2"}}}));
  EXPECT_NE(canonical.find(R"("content":{"format":2,"parts":[{"type":"text","text":"m1"}]})"),
            std::string::npos)
      << canonical;

  const std::string foreign =
      answer("getMessages", Json::array({{{"threadId", "t-foreign"}, {"format", "v2"}}}));
  EXPECT_NE(foreign.find("\"text\":\"caf\xc3\xa9 /\"}]}"), std::string::npos) << foreign;
  EXPECT_NE(foreign.find(R"("content":{"format":2,"parts":[{"type":"text","text":"x"}],"n":1.5})"),
            std::string::npos)
      << foreign;

  const std::string thread = answer("getThreadById", Json::array({{{"threadId", "t-foreign"}}}));
  EXPECT_NE(thread.find(R"("metadata":{"k":"dup"})"), std::string::npos) << thread;
  const std::string snapshot = answer(
      "loadWorkflowSnapshot", Json::array({{{"workflowName", "wf"}, {"runId", "run-foreign"}}}));
  EXPECT_EQ(snapshot, R"({"a":1})");
}

TEST_F(SpliceTest, EveryReadingMethodAnswersTheSameBothWays) {
  answer("getMessages", Json::array({{{"threadId", "t-foreign"}}}));  // V1 rendering
  answer("getMessagesPaginated", Json::array({{{"threadId", "t-foreign"}}}));
  answer("getMessagesPaginated", Json::array({{{"threadId", "t-canonical"}, {"format", "v1"}}}));
  answer("getThreadsByResourceId", Json::array({{{"resourceId", "r1"}}}));
  answer("getThreadsByResourceIdPaginated", Json::array({{{"resourceId", "r1"}}}));
  answer("loadWorkflowSnapshot", Json::array({{{"workflowName", "wf"}, {"runId", "run"}}}));
  answer("getWorkflowRuns", Json::array({Json::object()}));
  answer("getWorkflowRunById", Json::array({{{"runId", "run-foreign"}}}));
  answer("updateMessages",
         Json::array({{{"messages", Json::array({{{"id", "m1"}, {"role", "assistant"}}})}}}));
}

TEST_F(SpliceTest, TheCppApiHoldsOnlyCanonicalText) {
  const auto canonical = store_->get_messages({.threadId = "t-canonical"});
  ASSERT_EQ(canonical.size(), 1u);
  EXPECT_NE(canonical[0].content.held_text(), nullptr);
  const auto foreign = store_->get_messages({.threadId = "t-foreign"});
  ASSERT_EQ(foreign.size(), 2u);
  EXPECT_EQ(foreign[0].content.held_text(), nullptr);
  EXPECT_EQ(foreign[0].content->at("parts").at(0).at("text"), "caf\xc3\xa9 /");
  EXPECT_EQ(foreign[1].content.text(),
            R"({"format":2,"parts":[{"type":"text","text":"x"}],"n":1.5})");
  EXPECT_EQ(store_->get_thread_by_id("t-foreign")->metadata.text(), R"({"k":"dup"})");
}

}  // namespace
}  // namespace libsqlstore
