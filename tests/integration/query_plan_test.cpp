// libsqlstore's extra indexes serve the listings they were added for: each listing's exact SQL
// (as the implementation builds it) is planned by SQLite on a real file database and must search
// or scan an index, never the whole table, and never sort in a temporary b-tree.
#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "core/value.hpp"
#include "scores/score_queries.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"
#include "traces/trace_queries.hpp"
#include "workflows/run_queries.hpp"

namespace libsqlstore::testing {
namespace {

class QueryPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = temp_path();
    LibSQLStore store(StoreOptions{.url = "file:" + path_});
    store.init();
    peek_ = std::make_unique<SqlitePeek>(path_);
  }

  // The plan's detail lines, one string.
  std::string plan(const core::Statement& stmt) {
    std::string out;
    for (const auto& row : peek_->rows("EXPLAIN QUERY PLAN " + stmt.sql)) out += row.at(3) + "\n";
    return out;
  }

  // `stmt` runs on `index`, without a full scan of `table` or a sort.
  void expect_indexed(const core::Statement& stmt, const std::string& table,
                      const std::string& index) {
    const auto p = plan(stmt);
    SCOPED_TRACE(stmt.sql + "\n" + p);
    EXPECT_NE(p.find("USING INDEX " + index), std::string::npos);
    EXPECT_EQ(p.find("SCAN " + table + "\n"), std::string::npos);
    EXPECT_EQ(p.find("TEMP B-TREE"), std::string::npos);
  }

  // A COUNT over the same filter also reads only the index.
  void expect_counted_on(const core::Statement& stmt, const std::string& index) {
    const auto p = plan(stmt);
    SCOPED_TRACE(stmt.sql + "\n" + p);
    EXPECT_NE(p.find("USING COVERING INDEX " + index), std::string::npos);
  }

  std::string path_;
  std::unique_ptr<SqlitePeek> peek_;
};

TEST_F(QueryPlanTest, WorkflowRunsByName) {
  const auto q = workflows::run_listing({.workflowName = "wf", .limit = 10, .offset = 0});
  expect_indexed(q.page(10, 0), "mastra_workflow_snapshot",
                 "libsqlstore_workflow_runs_name_created");
  expect_counted_on(q.count(), "libsqlstore_workflow_runs_name_created");
  const auto dated =
      workflows::run_listing({.workflowName = "wf", .fromDate = ts(0), .toDate = ts(10)});
  expect_indexed(dated.page(10, 0), "mastra_workflow_snapshot",
                 "libsqlstore_workflow_runs_name_created");
  expect_counted_on(dated.count(), "libsqlstore_workflow_runs_name_created");
}

TEST_F(QueryPlanTest, WorkflowRunsByResource) {
  const auto q = workflows::run_listing({.limit = 10, .resourceId = "res"});
  expect_indexed(q.page(10, 0), "mastra_workflow_snapshot",
                 "libsqlstore_workflow_runs_resource_created");
  expect_counted_on(q.count(), "libsqlstore_workflow_runs_resource_created");
}

TEST_F(QueryPlanTest, WorkflowRunsUnfiltered) {
  const auto all = workflows::run_listing({});
  expect_indexed(all.page(10, 0), "mastra_workflow_snapshot", "libsqlstore_workflow_runs_created");
  const auto paged = workflows::run_listing({.limit = 10, .offset = 20});
  expect_indexed(paged.page(10, 0), "mastra_workflow_snapshot",
                 "libsqlstore_workflow_runs_created");
  const auto dated = workflows::run_listing({.fromDate = ts(0), .toDate = ts(10)});
  expect_indexed(dated.page(10, 0), "mastra_workflow_snapshot",
                 "libsqlstore_workflow_runs_created");
  expect_counted_on(dated.count(), "libsqlstore_workflow_runs_created");
}

TEST_F(QueryPlanTest, WorkflowRunById) {
  expect_indexed(workflows::run_by_id("run", std::nullopt), "mastra_workflow_snapshot",
                 "libsqlstore_workflow_runs_run_id");
  // With the name, the primary key (workflow_name, run_id) is as good; either avoids a scan.
  const auto p = plan(workflows::run_by_id("run", std::string("wf")));
  EXPECT_EQ(p.find("SCAN mastra_workflow_snapshot\n"), std::string::npos) << p;
}

TEST_F(QueryPlanTest, ScoresByRun) {
  const auto q = scores::by_run({.runId = "r"});
  expect_indexed(q.page(10, 0), "mastra_scorers", "libsqlstore_scores_run_created");
  expect_counted_on(q.count(), "libsqlstore_scores_run_created");
}

TEST_F(QueryPlanTest, ScoresByScorer) {
  const auto q = scores::by_scorer({.scorerId = "s"});
  expect_indexed(q.page(10, 0), "mastra_scorers", "libsqlstore_scores_scorer_created");
  expect_counted_on(q.count(), "libsqlstore_scores_scorer_created");
  // Extra filters are checked on the rows the index yields, still in index order.
  const auto filtered = scores::by_scorer({.scorerId = "s", .source = "LIVE"});
  expect_indexed(filtered.page(10, 0), "mastra_scorers", "libsqlstore_scores_scorer_created");
}

TEST_F(QueryPlanTest, ScoresByEntity) {
  const auto q = scores::by_entity({.entityId = "e", .entityType = "AGENT"});
  expect_indexed(q.page(10, 0), "mastra_scorers", "libsqlstore_scores_entity_created");
  expect_counted_on(q.count(), "libsqlstore_scores_entity_created");
}

TEST_F(QueryPlanTest, TracesByStartTime) {
  expect_indexed(traces::trace_listing({}).page(10, 0), "mastra_traces",
                 "libsqlstore_traces_start_time");
  const auto filtered = traces::trace_listing(
      {.name = "agent", .scope = "s", .attributes = {{"route", "/x"}}, .filters = {{"kind", 1}}});
  expect_indexed(filtered.page(10, 0), "mastra_traces", "libsqlstore_traces_start_time");
}

}  // namespace
}  // namespace libsqlstore::testing
