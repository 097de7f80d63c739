// Legacy evals on every backend (docs/compatibility.md, "Evals").
#include "matchers.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

class EvalsTest : public StoreTest {
 protected:
  // A row as the reference's callers write it: snake_case columns, JSON as text.
  static Json eval_row(const std::string& run, const std::string& agent, std::int64_t at,
                       Json test_info = nullptr) {
    return Json{{"input", "in-" + run},
                {"output", "out-" + run},
                {"result", Json{{"score", 0.5}, {"info", Json{{"reason", "ok"}}}}},
                {"agent_name", agent},
                {"metric_name", "accuracy"},
                {"instructions", "be right"},
                {"test_info", std::move(test_info)},
                {"global_run_id", "g-" + run},
                {"run_id", run},
                {"created_at", to_iso8601(ts(at))}};
  }

  void seed() {
    store().batch_insert(
        "mastra_evals",
        {eval_row("1", "a", 1, Json{{"testName", "t"}, {"testPath", "p.ts"}}),
         eval_row("2", "a", 2), eval_row("3", "a", 3, Json{{"testName", "t"}}),
         eval_row("4", "b", 4, Json{{"testPath", "q.ts"}}), eval_row("5", "a", 5, "null")});
  }

  static std::string runs(const std::vector<EvalRow>& rows) {
    std::string out;
    for (const auto& e : rows) out += e.runId;
    return out;
  }
};

TEST_P(EvalsTest, MapsEveryColumn) {
  store().insert("mastra_evals", eval_row("r", "agent", 7, Json{{"testPath", "x.ts"}}));
  auto rows = store().get_evals_by_agent_name("agent");
  ASSERT_EQ(rows.size(), 1u);
  const EvalRow& e = rows[0];
  EXPECT_EQ(e.input, "in-r");
  EXPECT_EQ(e.output, "out-r");
  EXPECT_EQ(e.result.dump(), R"({"score":0.5,"info":{"reason":"ok"}})");
  EXPECT_EQ(e.agentName, "agent");
  EXPECT_EQ(e.metricName, "accuracy");
  EXPECT_EQ(e.instructions, "be right");
  EXPECT_EQ(e.testInfo, std::optional<Json>(Json{{"testPath", "x.ts"}}));
  EXPECT_EQ(e.globalRunId, "g-r");
  EXPECT_EQ(e.runId, "r");
  EXPECT_EQ(e.createdAt, ts(7));
}

TEST_P(EvalsTest, ByAgentNameSplitsTestAndLive) {
  seed();
  EXPECT_EQ(runs(store().get_evals_by_agent_name("a")), "5321");
  EXPECT_EQ(runs(store().get_evals_by_agent_name("a", EvalType::Test)), "1");
  EXPECT_EQ(runs(store().get_evals_by_agent_name("a", EvalType::Live)), "532");
  EXPECT_EQ(runs(store().get_evals_by_agent_name("b", EvalType::Test)), "4");
  EXPECT_TRUE(store().get_evals_by_agent_name("nobody").empty());
  auto rows = store().get_evals_by_agent_name("a");
  // Issue #9.4: the text 'null' (the reference's JS null) reads as null; SQL NULL as absent.
  ASSERT_TRUE(rows[0].testInfo.has_value());
  EXPECT_TRUE(rows[0].testInfo->is_null());
  EXPECT_FALSE(rows[2].testInfo.has_value());
}

TEST_P(EvalsTest, PagedListingWithTrueTotals) {
  seed();
  auto all = store().get_evals();
  EXPECT_EQ(runs(all.evals), "54321");
  EXPECT_EQ(all.total, 5);
  EXPECT_FALSE(all.hasMore);
  EXPECT_EQ(all.perPage, 100);
  auto p0 = store().get_evals({.page = 0, .perPage = 2});
  EXPECT_EQ(runs(p0.evals), "54");
  EXPECT_TRUE(p0.hasMore);
  auto last = store().get_evals({.page = 2, .perPage = 2});
  EXPECT_EQ(runs(last.evals), "1");
  EXPECT_FALSE(last.hasMore);  // the reference's page*perPage+perPage < total says the same here
  auto p1 = store().get_evals({.page = 1, .perPage = 2});
  EXPECT_EQ(runs(p1.evals), "32");
  EXPECT_TRUE(p1.hasMore);
  auto beyond = store().get_evals({.page = 9, .perPage = 2});
  EXPECT_TRUE(beyond.evals.empty());
  EXPECT_EQ(beyond.total, 5);
  EXPECT_FALSE(beyond.hasMore);
}

TEST_P(EvalsTest, HasMoreCountsTheRowsReturned) {
  for (int i = 0; i < 3; ++i) store().insert("mastra_evals", eval_row(std::to_string(i), "a", i));
  // 3 rows, perPage 2, page 0: 0 + 2 < 3 -> more.
  EXPECT_TRUE(store().get_evals({.perPage = 2}).hasMore);
  // page 1 holds the last row: 2 + 1 < 3 is false.
  EXPECT_FALSE(store().get_evals({.page = 1, .perPage = 2}).hasMore);
}

TEST_P(EvalsTest, FiltersAloneAndCombined) {
  seed();
  EXPECT_EQ(runs(store().get_evals({.agentName = "a"}).evals), "5321");
  EXPECT_EQ(runs(store().get_evals({.type = EvalType::Test}).evals), "41");
  EXPECT_EQ(runs(store().get_evals({.type = EvalType::Live}).evals), "532");
  EXPECT_EQ(runs(store().get_evals({.dateRange = {ts(2), ts(4)}}).evals), "432");
  EXPECT_EQ(runs(store().get_evals({.dateRange = {.start = ts(5)}}).evals), "5");
  EXPECT_EQ(runs(store().get_evals({.dateRange = {.end = ts(1)}}).evals), "1");
  auto combined = store().get_evals(
      {.agentName = "a", .type = EvalType::Live, .perPage = 1, .dateRange = {ts(2), ts(3)}});
  EXPECT_EQ(runs(combined.evals), "3");
  EXPECT_EQ(combined.total, 2);
  EXPECT_TRUE(combined.hasMore);
  EXPECT_EQ(store().get_evals({.agentName = "none"}).total, 0);
}

TEST_P(EvalsTest, EqualTimestampsListNewestInsertedFirst) {
  for (const char* id : {"x", "y", "z"}) store().insert("mastra_evals", eval_row(id, "a", 1));
  EXPECT_EQ(runs(store().get_evals_by_agent_name("a")), "zyx");
}

TEST_P(EvalsTest, ResultWithoutScoreIsADataError) {
  Json row = eval_row("bad", "a", 1);
  row["result"] = Json{{"value", 1}};
  // Issue #9: what every later read would fail on is refused when written...
  expect_error<InvalidArgumentError>([&] { store().insert("mastra_evals", row); },
                                     "LIBSQL_STORE_INSERT_FAILED", "mastra_evals.result");
  EXPECT_TRUE(store().get_evals_by_agent_name("a").empty());
  // ...and a row another program wrote is a DataError naming the problem.
  if (GetParam().name != "file") return;
  SqlitePeek(store().database_path())
      .exec(
          "INSERT INTO mastra_evals (input, output, result, agent_name, metric_name, "
          "instructions, global_run_id, run_id, created_at) VALUES ('i', 'o', '{\"value\":1}', "
          "'a', 'm', 'x', 'g', 'bad', '2024-01-01T00:00:01.000Z')");
  if (const auto e = caught<DataError>([&] { store().get_evals_by_agent_name("a"); })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_GET_EVALS_BY_AGENT_NAME_FAILED");
    EXPECT_NE(std::string(e->what()).find("Invalid MetricResult format"), std::string::npos);
  }
  if (const auto e = caught<DataError>([&] { store().get_evals(); })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_GET_EVALS_FAILED");
  }
}

TEST_P(EvalsTest, InvalidInputIsRejected) {
  auto expect_invalid = [](auto&& call, const char* id) {
    expect_error<InvalidArgumentError>(call, id);
  };
  expect_invalid([&] { store().get_evals({.page = -1}); }, "LIBSQL_STORE_GET_EVALS_FAILED");
  expect_invalid([&] { store().get_evals({.perPage = -5}); }, "LIBSQL_STORE_GET_EVALS_FAILED");
  expect_invalid([&] { store().get_evals_by_agent_name(""); },
                 "LIBSQL_STORE_GET_EVALS_BY_AGENT_NAME_FAILED");
}

TEST_P(EvalsTest, ZeroPerPageHasNoMoreAndFarDatesClamp) {
  seed();
  const auto page = store().get_evals({.perPage = 0});
  EXPECT_EQ(page.total, 5);
  EXPECT_FALSE(page.hasMore);  // issue #9.16
  // Issue #9.1: JavaScript's extreme dates as "no bound".
  EXPECT_EQ(store()
                .get_evals({.dateRange = {*parse_iso8601("-271821-04-20T00:00:00.000Z"),
                                          *parse_iso8601("+275760-09-13T00:00:00.000Z")}})
                .total,
            5);
  Json late = eval_row("late", "a", 1);
  late["created_at"] = "+010000-01-01T00:00:00.000Z";
  expect_error<InvalidArgumentError>([&] { store().insert("mastra_evals", late); },
                                     "LIBSQL_STORE_INSERT_FAILED", "years 0000 to 9999");
}

LIBSQLSTORE_INSTANTIATE_CONFORMANCE(EvalsTest);

}  // namespace
}  // namespace libsqlstore::testing
