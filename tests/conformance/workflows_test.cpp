// Workflow snapshots on every backend (with the improvements listed in docs/compatibility.md).
#include <string>
#include <thread>

#include "matchers.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

class WorkflowsTest : public StoreTest {
 protected:
  // Writes a run with pinned timestamps (persist always stamps "now").
  void put_run(const std::string& wf, const std::string& run, std::int64_t at,
               std::optional<std::string> resource = std::nullopt) {
    store().insert("mastra_workflow_snapshot",
                   Json{{"workflow_name", wf},
                        {"run_id", run},
                        {"resourceId", resource ? Json(*resource) : Json(nullptr)},
                        {"snapshot", Json{{"run", run}}},
                        {"createdAt", to_iso8601(ts(at))},
                        {"updatedAt", to_iso8601(ts(at))}});
  }

  static std::string ids(const WorkflowRuns& runs) {
    std::string s;
    for (const auto& r : runs.runs) s += r.runId;
    return s;
  }
};

TEST_P(WorkflowsTest, PersistThenLoadRoundTripsAnObject) {
  Json snap = Json::parse(R"({"status":"running","context":{"b":1,"a":[1,2.5,"x"]},"value":null})");
  store().persist_workflow_snapshot({.workflowName = "wf", .runId = "r1", .snapshot = snap});
  auto got = store().load_workflow_snapshot("wf", "r1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->text(), snap.dump());
  EXPECT_FALSE(store().load_workflow_snapshot("wf", "other"));
  EXPECT_FALSE(store().load_workflow_snapshot("other", "r1"));
}

TEST_P(WorkflowsTest, StringSnapshotIsStoredRawAndReadsBackAsAString) {
  store().persist_workflow_snapshot(
      {.workflowName = "wf", .runId = "r1", .snapshot = "plain text state"});
  EXPECT_EQ(*store().load_workflow_snapshot("wf", "r1"), Json("plain text state"));
  auto row = store().load("mastra_workflow_snapshot", Json{{"run_id", "r1"}});
  ASSERT_TRUE(row);
  EXPECT_EQ((*row)["snapshot"], "plain text state");  // not JSON-quoted on disk
  auto run = store().get_workflow_run_by_id("r1");
  ASSERT_TRUE(run);
  EXPECT_EQ(run->snapshot, Json("plain text state"));
}

TEST_P(WorkflowsTest, ArraySnapshotRoundTrips) {
  store().persist_workflow_snapshot(
      {.workflowName = "wf", .runId = "r", .snapshot = Json::parse("[1,{\"a\":true}]")});
  EXPECT_EQ(store().load_workflow_snapshot("wf", "r")->text(), "[1,{\"a\":true}]");
}

TEST_P(WorkflowsTest, RepersistKeepsCreatedAtAndResourceId) {
  store().persist_workflow_snapshot(
      {.workflowName = "wf", .runId = "r", .snapshot = Json{{"v", 1}}, .resourceId = "res"});
  const auto first = *store().get_workflow_run_by_id("r", "wf");
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  store().persist_workflow_snapshot(
      {.workflowName = "wf", .runId = "r", .snapshot = Json{{"v", 2}}});
  const auto second = *store().get_workflow_run_by_id("r", "wf");
  EXPECT_EQ(second.createdAt, first.createdAt);
  EXPECT_GT(second.updatedAt, first.updatedAt);
  EXPECT_EQ(second.resourceId, "res");
  EXPECT_EQ(second.snapshot, (Json{{"v", 2}}));
  // A new resourceId replaces the old one.
  store().persist_workflow_snapshot(
      {.workflowName = "wf", .runId = "r", .snapshot = Json{{"v", 3}}, .resourceId = "res2"});
  EXPECT_EQ(store().get_workflow_run_by_id("r")->resourceId, "res2");
  EXPECT_EQ(store().get_workflow_runs().total, 1);
}

TEST_P(WorkflowsTest, FiveMegabyteSnapshotRoundTrips) {
  Json snap = Json::object();
  snap["blob"] = std::string(5 * 1024 * 1024, 'z');
  snap["tail"] = Json::array({1, 2, 3});
  store().persist_workflow_snapshot({.workflowName = "wf", .runId = "big", .snapshot = snap});
  EXPECT_EQ(*store().load_workflow_snapshot("wf", "big"), snap);
  EXPECT_EQ(store().get_workflow_runs({.workflowName = "wf"}).runs.at(0).snapshot, snap);
}

TEST_P(WorkflowsTest, GetRunByIdOptionallyFiltersByWorkflow) {
  put_run("wfA", "r1", 1, "res");
  put_run("wfB", "r1", 5);
  auto newest = store().get_workflow_run_by_id("r1");
  ASSERT_TRUE(newest);
  EXPECT_EQ(newest->workflowName, "wfB");
  auto a = store().get_workflow_run_by_id("r1", "wfA");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->workflowName, "wfA");
  EXPECT_EQ(a->resourceId, "res");
  EXPECT_EQ(a->createdAt, ts(1));
  EXPECT_EQ(a->snapshot, (Json{{"run", "r1"}}));
  EXPECT_FALSE(store().get_workflow_run_by_id("r1", "wfC"));
  EXPECT_FALSE(store().get_workflow_run_by_id("nope"));
}

TEST_P(WorkflowsTest, ListingOrdersNewestFirstWithTrueTotal) {
  for (int i = 0; i < 5; ++i) put_run("wf", "r" + std::to_string(i), i);
  auto all = store().get_workflow_runs();
  EXPECT_EQ(ids(all), "r4r3r2r1r0");
  EXPECT_EQ(all.total, 5);
  auto page = store().get_workflow_runs({.limit = 2, .offset = 2});
  EXPECT_EQ(ids(page), "r2r1");
  EXPECT_EQ(page.total, 5);
  // limit alone applies (the reference ignores it without an offset) and total stays true.
  auto limited = store().get_workflow_runs({.limit = 2});
  EXPECT_EQ(ids(limited), "r4r3");
  EXPECT_EQ(limited.total, 5);
  auto offset_only = store().get_workflow_runs({.offset = 3});
  EXPECT_EQ(ids(offset_only), "r1r0");
  auto last = store().get_workflow_runs({.limit = 2, .offset = 4});
  EXPECT_EQ(ids(last), "r0");
  auto beyond = store().get_workflow_runs({.limit = 2, .offset = 10});
  EXPECT_TRUE(beyond.runs.empty());
  EXPECT_EQ(beyond.total, 5);
  auto large = store().get_workflow_runs({.limit = 100});
  EXPECT_EQ(large.runs.size(), 5u);
  auto zero = store().get_workflow_runs({.limit = 0});
  EXPECT_TRUE(zero.runs.empty());
  EXPECT_EQ(zero.total, 5);
}

TEST_P(WorkflowsTest, EmptyStoreListsNothing) {
  auto none = store().get_workflow_runs();
  EXPECT_TRUE(none.runs.empty());
  EXPECT_EQ(none.total, 0);
}

TEST_P(WorkflowsTest, EqualTimestampsListNewestInsertedFirst) {
  for (const char* id : {"m", "c", "x"}) put_run("wf", id, 1);
  EXPECT_EQ(ids(store().get_workflow_runs()), "xcm");
}

TEST_P(WorkflowsTest, FiltersAloneAndCombined) {
  put_run("wfA", "a1", 1, "res1");
  put_run("wfA", "a2", 2, "res2");
  put_run("wfB", "b1", 3, "res1");
  put_run("wfB", "b2", 4);
  EXPECT_EQ(ids(store().get_workflow_runs({.workflowName = "wfA"})), "a2a1");
  EXPECT_EQ(ids(store().get_workflow_runs({.resourceId = "res1"})), "b1a1");
  EXPECT_EQ(ids(store().get_workflow_runs({.workflowName = "wfB", .resourceId = "res1"})), "b1");
  EXPECT_EQ(ids(store().get_workflow_runs({.workflowName = "none"})), "");
  // Inclusive bounds.
  EXPECT_EQ(ids(store().get_workflow_runs({.fromDate = ts(2), .toDate = ts(3)})), "b1a2");
  EXPECT_EQ(ids(store().get_workflow_runs({.fromDate = ts(4)})), "b2");
  EXPECT_EQ(ids(store().get_workflow_runs({.toDate = ts(1)})), "a1");
  auto combined = store().get_workflow_runs(
      {.workflowName = "wfA", .fromDate = ts(2), .toDate = ts(9), .resourceId = "res2"});
  EXPECT_EQ(ids(combined), "a2");
  EXPECT_EQ(combined.total, 1);
  auto paged = store().get_workflow_runs({.fromDate = ts(1), .limit = 1, .offset = 1});
  EXPECT_EQ(ids(paged), "b1");
  EXPECT_EQ(paged.total, 4);
  // Issue #9.1: bounds beyond the storable years mean "no bound".
  EXPECT_EQ(store()
                .get_workflow_runs({.fromDate = parse_iso8601("-000100-01-01T00:00:00.000Z"),
                                    .toDate = parse_iso8601("+275760-09-13T00:00:00.000Z")})
                .total,
            4);
}

TEST_P(WorkflowsTest, InvalidInputIsRejectedWithTheMethodId) {
  auto expect_invalid = [](auto&& call, const char* id) {
    if (const auto e = caught<InvalidArgumentError>([&] { call(); })) {
      EXPECT_EQ(e->id(), id);
    }
  };
  expect_invalid([&] { store().get_workflow_runs({.limit = -1}); },
                 "LIBSQL_STORE_GET_WORKFLOW_RUNS_FAILED");
  expect_invalid([&] { store().get_workflow_runs({.offset = -1}); },
                 "LIBSQL_STORE_GET_WORKFLOW_RUNS_FAILED");
  expect_invalid([&] { store().get_workflow_run_by_id(""); },
                 "LIBSQL_STORE_GET_WORKFLOW_RUN_BY_ID_FAILED");
  expect_invalid([&] { store().load_workflow_snapshot("", "r"); },
                 "LIBSQL_STORE_LOAD_WORKFLOW_SNAPSHOT_FAILED");
  for (const Json& bad : {Json(nullptr), Json(5), Json(true), Json("{not json")}) {
    expect_invalid(
        [&] {
          store().persist_workflow_snapshot({.workflowName = "wf", .runId = "r", .snapshot = bad});
        },
        "LIBSQL_STORE_PERSIST_WORKFLOW_SNAPSHOT_FAILED");
  }
  expect_invalid(
      [&] {
        store().persist_workflow_snapshot({.workflowName = "", .runId = "r", .snapshot = {}});
      },
      "LIBSQL_STORE_PERSIST_WORKFLOW_SNAPSHOT_FAILED");
  EXPECT_EQ(store().get_workflow_runs().total, 0);
}

TEST_P(WorkflowsTest, ReadsRowsWrittenByTheReference) {
  // The reference's INSERT OR REPLACE: snapshot as JSON text or a raw string, resourceId NULL.
  store().insert("mastra_workflow_snapshot",
                 Json{{"workflow_name", "wf"},
                      {"run_id", "json"},
                      {"snapshot", R"({"status":"success","result":{"n":1}})"},
                      {"createdAt", "2024-01-01T00:00:01.000Z"},
                      {"updatedAt", "2024-01-01T00:00:02.000Z"}});
  store().insert("mastra_workflow_snapshot", Json{{"workflow_name", "wf"},
                                                  {"run_id", "str"},
                                                  {"snapshot", "just a string"},
                                                  {"createdAt", "2024-01-01T00:00:03.000Z"},
                                                  {"updatedAt", "2024-01-01T00:00:03.000Z"}});
  EXPECT_EQ(store().load_workflow_snapshot("wf", "json")->text(),
            R"({"status":"success","result":{"n":1}})");
  EXPECT_EQ(*store().load_workflow_snapshot("wf", "str"), Json("just a string"));
  auto runs = store().get_workflow_runs({.workflowName = "wf"});
  ASSERT_EQ(runs.runs.size(), 2u);
  EXPECT_EQ(runs.runs[0].runId, "str");
  EXPECT_FALSE(runs.runs[1].resourceId);
  EXPECT_EQ(runs.runs[1].updatedAt, ts(2));
}

TEST_P(WorkflowsTest, MalformedStoredSnapshotIsADataError) {
  const Json row = {{"workflow_name", "wf"},
                    {"run_id", "bad"},
                    {"snapshot", "{broken"},
                    {"createdAt", "2024-01-01T00:00:01.000Z"},
                    {"updatedAt", "2024-01-01T00:00:01.000Z"}};
  // Issue #9: not written through the store (it could not be read back)...
  expect_error<InvalidArgumentError>([&] { store().insert("mastra_workflow_snapshot", row); },
                                     "LIBSQL_STORE_INSERT_FAILED",
                                     "mastra_workflow_snapshot.snapshot");
  // ...and a DataError when another program wrote it.
  if (GetParam().name != "file") return;
  SqlitePeek(store().database_path())
      .exec(
          "INSERT INTO mastra_workflow_snapshot (workflow_name, run_id, snapshot, createdAt, "
          "updatedAt) VALUES ('wf', 'bad', '{broken', '2024-01-01T00:00:01.000Z', "
          "'2024-01-01T00:00:01.000Z')");
  if (const auto e = caught<DataError>([&] { store().load_workflow_snapshot("wf", "bad"); })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_LOAD_WORKFLOW_SNAPSHOT_FAILED");
    EXPECT_EQ(e->details()["column"], "snapshot");
  }
  EXPECT_THROW(store().get_workflow_runs(), DataError);
}

TEST_P(WorkflowsTest, ConcurrentPersistsFromTwoStoresKeepOneRunAndItsCreatedAt) {
  if (GetParam().name == "memory") GTEST_SKIP() << "a second store needs a shared database";
  store().persist_workflow_snapshot(
      {.workflowName = "wf", .runId = "r", .snapshot = Json{{"step", -1}}, .resourceId = "res"});
  const auto created = store().get_workflow_run_by_id("r")->createdAt;
  auto other = reopen();
  // An exception must not leave a thread's body (std::terminate would end the whole binary):
  // each writer reports what it caught.
  auto writer = [](LibSQLStore& s, int base, std::string& failure) {
    try {
      for (int i = 0; i < 50; ++i) {
        s.persist_workflow_snapshot(
            {.workflowName = "wf", .runId = "r", .snapshot = Json{{"step", base + i}}});
      }
    } catch (const std::exception& e) {
      failure = e.what();
    }
  };
  std::string failed_a;
  std::string failed_b;
  std::thread a([&] { writer(store(), 0, failed_a); });
  std::thread b([&] { writer(*other, 1000, failed_b); });
  a.join();
  b.join();
  EXPECT_EQ(failed_a, "");
  EXPECT_EQ(failed_b, "");
  const auto runs = store().get_workflow_runs();
  ASSERT_EQ(runs.total, 1);
  EXPECT_EQ(runs.runs[0].createdAt, created);
  EXPECT_EQ(runs.runs[0].resourceId, "res");
  const int step = runs.runs[0].snapshot["step"].get<int>();
  EXPECT_TRUE(step == 49 || step == 1049) << step;
}

LIBSQLSTORE_INSTANTIATE_CONFORMANCE(WorkflowsTest);

}  // namespace
}  // namespace libsqlstore::testing
