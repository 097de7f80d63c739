// A database the reference wrote reads back through the store exactly as the reference reads it,
// and the store writes the same inputs as the same row text. tests/fixtures/reference_rows.sql
// holds the rows @mastra/libsql 0.13.2 wrote (tests/fixtures/reference_rows.mjs); the expected
// values below are what the reference's own reads returned for them.
#include <fstream>
#include <sstream>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

Timestamp at(const char* iso) { return *parse_iso8601(iso); }

class ReferenceRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = temp_path();
    store_ = std::make_unique<LibSQLStore>(StoreOptions{.url = "file:" + path_});
    store_->init();
    std::ifstream in(std::string(LIBSQLSTORE_FIXTURES_DIR) + "/reference_rows.sql");
    ASSERT_TRUE(in) << "fixture missing";
    std::stringstream sql;
    sql << in.rdbuf();
    SqlitePeek(path_).exec(sql.str());
  }

  std::string path_;
  std::unique_ptr<LibSQLStore> store_;
};

TEST_F(ReferenceRowsTest, ThreadsReadAsTheReferenceReadsThem) {
  const auto t = store_->get_thread_by_id("th-1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->title, "Héllo ✓ 🎉");
  EXPECT_EQ(t->metadata->dump(), R"({"b":1,"a":[1,{"z":null}]})");
  EXPECT_EQ(t->createdAt, at("2025-01-02T03:04:05.678Z"));
  EXPECT_EQ(t->updatedAt, at("2026-11-27T10:25:55.563Z"));
  const auto t2 = store_->get_thread_by_id("th-2");
  ASSERT_TRUE(t2);
  EXPECT_TRUE(t2->metadata->is_null());
  const auto all = store_->get_threads_by_resource_id({.resourceId = "res-1"});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "th-2");  // newest createdAt first
}

TEST_F(ReferenceRowsTest, V2MessagesReadUnchanged) {
  const auto msgs = store_->get_messages({.threadId = "th-1"});
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].id, "m-1");
  EXPECT_EQ(msgs[0].role, "user");
  EXPECT_EQ(msgs[0].content->dump(),
            R"({"format":2,"parts":[{"type":"text","text":"hi ✓"}],"content":"hi ✓"})");
  EXPECT_EQ(msgs[0].createdAt, at("2025-01-02T03:04:06.000Z"));
  EXPECT_EQ(msgs[0].resourceId, "res-1");
  EXPECT_FALSE(msgs[0].type);
  EXPECT_EQ(msgs[1].content->dump(),
            R"({"format":2,"parts":[{"type":"text","text":"hello"}],"metadata":{"k":"v"}})");
}

TEST_F(ReferenceRowsTest, V1MessagesConvertAsTheReferenceConvertsThem) {
  const auto msgs = store_->get_messages({.threadId = "th-2"});
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].id, "m-3");
  EXPECT_EQ(msgs[0].role, "user");
  EXPECT_EQ(msgs[0].content->dump(),
            R"({"format":2,"parts":[{"type":"step-start"},{"type":"text","text":"plain v1 text"}],)"
            R"("content":"plain v1 text"})");
  EXPECT_EQ(msgs[1].id, "m-4");
  EXPECT_EQ(msgs[1].role, "assistant");
  EXPECT_EQ(msgs[1].content->dump(), R"({"format":2,"parts":[{"type":"text","text":"array v1"}]})");
}

TEST_F(ReferenceRowsTest, ResourceReadsBack) {
  const auto r = store_->get_resource_by_id("res-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->workingMemory, "# WM\n- a");
  EXPECT_EQ(r->metadata->dump(), R"({"x":1})");
  EXPECT_EQ(r->createdAt, at("2025-01-01T00:00:00.000Z"));
}

TEST_F(ReferenceRowsTest, WorkflowSnapshotsReadBack) {
  const auto snap = store_->load_workflow_snapshot("wf", "run-1");
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->text(), R"({"runId":"run-1","status":"running","context":{"a":1},"value":{}})");
  const auto runs = store_->get_workflow_runs();
  EXPECT_EQ(runs.total, 2);
  ASSERT_EQ(runs.runs.size(), 2u);
  EXPECT_EQ(runs.runs[0].runId, "run-2");
  EXPECT_FALSE(runs.runs[0].resourceId);
  EXPECT_EQ(runs.runs[1].createdAt, at("2026-11-27T10:25:55.618Z"));
}

TEST_F(ReferenceRowsTest, ScoresReadBack) {
  const auto page = store_->get_scores_by_run_id({.runId = "run-1", .pagination = {0, 10}});
  EXPECT_EQ(page.pagination.total, 1);
  EXPECT_FALSE(page.pagination.hasMore);
  ASSERT_EQ(page.scores.size(), 1u);
  const auto& s = page.scores[0];
  EXPECT_EQ(s.id, "e8d1a4bc-4755-49ef-aa0e-5f97b57888d6");
  EXPECT_EQ(s.scorerId, "sc-1");
  EXPECT_EQ(s.score, 0.75);
  EXPECT_EQ(s.reason, "ok");
  EXPECT_EQ(s.scorer.dump(), R"({"name":"x"})");
  EXPECT_EQ(s.input.dump(), R"([{"q":1}])");
  EXPECT_EQ(s.output.dump(), R"({"a":2})");
  EXPECT_EQ(s.metadata.dump(), R"({"m":1})");
  EXPECT_EQ(s.entity.dump(), R"({"id":"ag"})");
  EXPECT_TRUE(s.preprocessStepResult.is_null());
  EXPECT_TRUE(s.additionalContext.is_null());
  EXPECT_EQ(s.entityType, "AGENT");
  EXPECT_EQ(s.source, "LIVE");
  EXPECT_FALSE(s.traceId);
}

// The reverse direction: the store writes the same inputs as the same row text, so the
// reference reads them back (checked against the fixture, column by column).
TEST_F(ReferenceRowsTest, StoreWritesTheSameRowTextAsTheReference) {
  SqlitePeek peek(path_);
  auto row = [&](const std::string& sql) {
    auto rows = peek.rows(sql);
    EXPECT_EQ(rows.size(), 1u) << sql;
    return rows.empty() ? std::vector<std::string>{} : rows[0];
  };
  const auto ref_thread =
      row("SELECT resourceId, title, metadata, createdAt FROM mastra_threads "
          "WHERE id = 'th-1'");
  store_->save_thread({"ours-th", "res-1", "Héllo ✓ 🎉",
                       Json::parse(R"({"b":1,"a":[1,{"z":null}]})"), at("2025-01-02T03:04:05.678Z"),
                       at("2025-01-02T03:04:05.678Z")});
  EXPECT_EQ(row("SELECT resourceId, title, metadata, createdAt FROM mastra_threads WHERE id = "
                "'ours-th'"),
            ref_thread);

  const auto ref_msg = row(
      "SELECT content, role, type, createdAt, resourceId FROM mastra_messages WHERE id = 'm-2'");
  store_->save_messages({Message{
      "ours-m", "assistant",
      Json::parse(R"({"format":2,"parts":[{"type":"text","text":"hello"}],"metadata":{"k":"v"}})"),
      at("2025-01-02T03:04:07.000Z"), "th-1", "res-1", std::nullopt}});
  EXPECT_EQ(row("SELECT content, role, type, createdAt, resourceId FROM mastra_messages WHERE id = "
                "'ours-m'"),
            ref_msg);

  const auto ref_res =
      row("SELECT workingMemory, metadata, createdAt, updatedAt FROM mastra_resources");
  store_->save_resource({"ours-res", "# WM\n- a", Json{{"x", 1}}, at("2025-01-01T00:00:00.000Z"),
                         at("2025-01-01T00:00:00.000Z")});
  EXPECT_EQ(row("SELECT workingMemory, metadata, createdAt, updatedAt FROM mastra_resources "
                "WHERE id = 'ours-res'"),
            ref_res);

  const auto ref_snap = row("SELECT snapshot FROM mastra_workflow_snapshot WHERE run_id = 'run-1'");
  store_->persist_workflow_snapshot(
      {"wf", "ours-run",
       Json::parse(R"({"runId":"run-1","status":"running","context":{"a":1},"value":{}})")});
  EXPECT_EQ(row("SELECT snapshot FROM mastra_workflow_snapshot WHERE run_id = 'ours-run'"),
            ref_snap);

  const char* score_cols =
      "scorerId, traceId, runId, scorer, preprocessStepResult, score, reason, metadata, input, "
      "output, additionalContext, entityType, entity, entityId, source, resourceId";
  const auto ref_score =
      row(std::string("SELECT ") + score_cols +
          " FROM mastra_scorers WHERE id = 'e8d1a4bc-4755-49ef-aa0e-5f97b57888d6'");
  Score s;
  s.scorerId = "sc-1";
  s.runId = "run-1";
  s.scorer = Json{{"name", "x"}};
  s.score = 0.75;
  s.reason = "ok";
  s.input = Json::parse(R"([{"q":1}])");
  s.output = Json{{"a", 2}};
  s.source = "LIVE";
  s.entityId = "ag";
  s.entityType = "AGENT";
  s.entity = Json{{"id", "ag"}};
  s.metadata = Json{{"m", 1}};
  const auto saved = store_->save_score({.score = s});
  EXPECT_EQ(row(std::string("SELECT ") + score_cols + " FROM mastra_scorers WHERE id = '" +
                saved.id + "'"),
            ref_score);
}

}  // namespace
}  // namespace libsqlstore::testing
