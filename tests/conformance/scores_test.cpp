// Scores on every backend (the improvements are in docs/compatibility.md).
#include <regex>

#include "matchers.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

class ScoresTest : public StoreTest {
 protected:
  static Score base(const std::string& scorer, const std::string& run) {
    Score s;
    s.scorerId = scorer;
    s.runId = run;
    s.scorer = Json{{"name", scorer}};
    s.input = Json{{"q", "2+2?"}};
    s.output = Json{{"a", "4"}};
    s.score = 0.75;
    s.source = "LIVE";
    return s;
  }

  Score save(const std::string& scorer, const std::string& run, std::int64_t at,
             std::optional<std::string> entity = std::nullopt, std::string type = "AGENT",
             std::string source = "LIVE") {
    Score s = base(scorer, run);
    s.source = std::move(source);
    if (entity) {
      s.entityId = entity;
      s.entityType = type;
    }
    return store().save_score({.score = s, .createdAt = ts(at), .updatedAt = ts(at)});
  }

  static std::string runs(const ScorePage& page) {
    std::string out;
    for (const auto& s : page.scores) out += s.runId;
    return out;
  }
};

TEST_P(ScoresTest, SaveGeneratesAnIdAndReturnsTheStoredRow) {
  Score s = base("sc", "run");
  s.traceId = "trace";
  s.preprocessStepResult = Json{{"p", 1}};
  s.extractStepResult = Json::array({1, 2});
  s.analyzeStepResult = Json{{"x", nullptr}};
  s.reason = "because";
  s.metadata = Json{{"m", true}};
  s.preprocessPrompt = "pp";
  s.extractPrompt = "ep";
  s.generateScorePrompt = "gs";
  s.generateReasonPrompt = "gr";
  s.analyzePrompt = "ap";
  s.reasonPrompt = "rp";
  s.additionalContext = Json{{"ctx", "more"}};
  s.runtimeContext = Json{{"rt", 1}};
  s.entityType = "AGENT";
  s.entity = Json{{"id", "agent-1"}};
  s.entityId = "agent-1";
  s.resourceId = "res";
  s.threadId = "thr";
  s.id = "ignored";
  const auto before = now();
  const Score saved = store().save_score({.score = s});
  EXPECT_TRUE(std::regex_match(
      saved.id,
      std::regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")));
  EXPECT_GE(saved.createdAt, before);
  EXPECT_EQ(saved.createdAt, saved.updatedAt);
  Score expected = s;
  expected.id = saved.id;
  expected.createdAt = saved.createdAt;
  expected.updatedAt = saved.updatedAt;
  EXPECT_EQ(saved, expected);
  // additionalContext is read from its own column (the reference always returns null).
  EXPECT_EQ(saved.additionalContext, (Json{{"ctx", "more"}}));
  auto got = store().get_score_by_id(saved.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, saved);
  EXPECT_FALSE(store().get_score_by_id("missing"));
}

TEST_P(ScoresTest, GivenTimestampsAreKeptAndIdsAreUnique) {
  const auto a =
      store().save_score({.score = base("s", "r"), .createdAt = ts(1), .updatedAt = ts(2)});
  const auto b = store().save_score({.score = base("s", "r")});
  EXPECT_EQ(a.createdAt, ts(1));
  EXPECT_EQ(a.updatedAt, ts(2));
  EXPECT_NE(a.id, b.id);
}

TEST_P(ScoresTest, OptionalJsonFieldsStayNull) {
  const auto saved = store().save_score({.score = base("s", "r")});
  EXPECT_TRUE(saved.metadata.is_null());
  EXPECT_TRUE(saved.entity.is_null());
  EXPECT_TRUE(saved.additionalContext.is_null());
  EXPECT_FALSE(saved.reason);
  EXPECT_FALSE(saved.traceId);
}

TEST_P(ScoresTest, ListsByRunWithTruePaging) {
  for (int i = 0; i < 5; ++i) save("s", "r", i);
  save("s", "other", 9);
  auto p0 = store().get_scores_by_run_id({.runId = "r", .pagination = {.page = 0, .perPage = 2}});
  EXPECT_EQ(p0.pagination.total, 5);  // the reference reports perPage+1
  EXPECT_EQ(p0.scores.size(), 2u);
  EXPECT_EQ(p0.scores[0].createdAt, ts(4));
  EXPECT_EQ(p0.scores[1].createdAt, ts(3));
  EXPECT_TRUE(p0.pagination.hasMore);
  auto last = store().get_scores_by_run_id({.runId = "r", .pagination = {.page = 2, .perPage = 2}});
  ASSERT_EQ(last.scores.size(), 1u);
  EXPECT_EQ(last.scores[0].createdAt, ts(0));
  EXPECT_FALSE(last.pagination.hasMore);
  EXPECT_EQ(last.pagination.page, 2);
  EXPECT_EQ(last.pagination.perPage, 2);
  auto beyond =
      store().get_scores_by_run_id({.runId = "r", .pagination = {.page = 7, .perPage = 2}});
  EXPECT_TRUE(beyond.scores.empty());
  EXPECT_EQ(beyond.pagination.total, 5);
  EXPECT_FALSE(beyond.pagination.hasMore);
  auto big = store().get_scores_by_run_id({.runId = "r", .pagination = {.page = 0, .perPage = 50}});
  EXPECT_EQ(big.scores.size(), 5u);
  EXPECT_FALSE(big.pagination.hasMore);
  auto exact =
      store().get_scores_by_run_id({.runId = "r", .pagination = {.page = 0, .perPage = 5}});
  EXPECT_FALSE(exact.pagination.hasMore);
  auto none = store().get_scores_by_run_id({.runId = "nobody"});
  EXPECT_TRUE(none.scores.empty());
  EXPECT_EQ(none.pagination.total, 0);
  EXPECT_FALSE(none.pagination.hasMore);
  // Issue #9.16: a zero-row page never has more (it would page forever).
  auto zero = store().get_scores_by_run_id({.runId = "r", .pagination = {.page = 0, .perPage = 0}});
  EXPECT_EQ(zero.pagination.total, 5);
  EXPECT_FALSE(zero.pagination.hasMore);
}

TEST_P(ScoresTest, EqualTimestampsListNewestInsertedFirst) {
  save("s", "a", 1);
  save("s", "b", 1);
  save("s", "c", 1);
  EXPECT_EQ(runs(store().get_scores_by_scorer_id({.scorerId = "s"})), "cba");
}

TEST_P(ScoresTest, ScorerFiltersAloneAndCombined) {
  save("s", "1", 1, "e1", "AGENT", "LIVE");
  save("s", "2", 2, "e1", "WORKFLOW", "TEST");
  save("s", "3", 3, "e2", "AGENT", "TEST");
  save("s", "4", 4);
  save("other", "5", 5, "e1", "AGENT", "LIVE");
  EXPECT_EQ(runs(store().get_scores_by_scorer_id({.scorerId = "s"})), "4321");
  EXPECT_EQ(runs(store().get_scores_by_scorer_id({.scorerId = "s", .entityId = "e1"})), "21");
  EXPECT_EQ(runs(store().get_scores_by_scorer_id({.scorerId = "s", .entityType = "AGENT"})), "31");
  EXPECT_EQ(runs(store().get_scores_by_scorer_id({.scorerId = "s", .source = "TEST"})), "32");
  auto combined = store().get_scores_by_scorer_id(
      {.scorerId = "s", .entityId = "e1", .entityType = "AGENT", .source = "LIVE"});
  EXPECT_EQ(runs(combined), "1");
  EXPECT_EQ(combined.pagination.total, 1);
  auto paged = store().get_scores_by_scorer_id(
      {.scorerId = "s", .source = "TEST", .pagination = {.page = 1, .perPage = 1}});
  EXPECT_EQ(runs(paged), "2");
  EXPECT_EQ(paged.pagination.total, 2);
  EXPECT_FALSE(paged.pagination.hasMore);
}

TEST_P(ScoresTest, ListsByEntity) {
  save("s", "1", 1, "e1", "AGENT");
  save("t", "2", 2, "e1", "AGENT");
  save("s", "3", 3, "e1", "WORKFLOW");
  auto page = store().get_scores_by_entity_id({.entityId = "e1", .entityType = "AGENT"});
  EXPECT_EQ(runs(page), "21");
  EXPECT_EQ(page.pagination.total, 2);
  EXPECT_TRUE(
      store().get_scores_by_entity_id({.entityId = "e9", .entityType = "AGENT"}).scores.empty());
}

TEST_P(ScoresTest, InvalidInputIsRejectedAndNothingIsWritten) {
  auto expect_invalid = [](auto&& call, const char* id) {
    expect_error<InvalidArgumentError>(call, id);
  };
  const char* save_id = "LIBSQL_STORE_SAVE_SCORE_FAILED";
  for (int field = 0; field < 7; ++field) {
    Score s = base("s", "r");
    switch (field) {
      case 0:
        s.scorerId.clear();
        break;
      case 1:
        s.runId.clear();
        break;
      case 2:
        s.source.clear();
        break;
      case 3:
        s.scorer = nullptr;
        break;
      case 4:
        s.input = nullptr;
        break;
      case 5:
        s.output = nullptr;
        break;
      default:
        s.score = std::numeric_limits<double>::quiet_NaN();
        break;
    }
    expect_invalid([&] { store().save_score({.score = s}); }, save_id);
  }
  EXPECT_EQ(store().get_scores_by_run_id({.runId = "r"}).pagination.total, 0);
  expect_invalid(
      [&] {
        store().get_scores_by_run_id({.runId = "r", .pagination = {-1, 10}});
      },
      "LIBSQL_STORE_GET_SCORES_BY_RUN_ID_FAILED");
  expect_invalid(
      [&] {
        store().get_scores_by_run_id({.runId = "r", .pagination = {0, -1}});
      },
      "LIBSQL_STORE_GET_SCORES_BY_RUN_ID_FAILED");
  expect_invalid([&] { store().get_scores_by_run_id({.runId = ""}); },
                 "LIBSQL_STORE_GET_SCORES_BY_RUN_ID_FAILED");
  expect_invalid([&] { store().get_scores_by_scorer_id({.scorerId = ""}); },
                 "LIBSQL_STORE_GET_SCORES_BY_SCORER_ID_FAILED");
  expect_invalid(
      [&] {
        store().get_scores_by_scorer_id({.scorerId = "s", .pagination = {-2, 1}});
      },
      "LIBSQL_STORE_GET_SCORES_BY_SCORER_ID_FAILED");
  expect_invalid([&] { store().get_scores_by_entity_id({.entityId = "e", .entityType = ""}); },
                 "LIBSQL_STORE_GET_SCORES_BY_ENTITY_ID_FAILED");
  expect_invalid([&] { store().get_score_by_id(""); }, "LIBSQL_STORE_GET_SCORE_BY_ID_FAILED");
}

TEST_P(ScoresTest, ReadsRowsWrittenByTheReference) {
  // What the reference's saveScore writes: JSON text in JSONB columns, numbers bound raw (NUMERIC
  // affinity turns them into INTEGER/REAL), 'null' text for a JS null, and extra ISO forms.
  store().insert("mastra_scorers", Json{{"id", "ref-1"},
                                        {"createdAt", "2024-01-01T00:00:05.000Z"},
                                        {"updatedAt", "2024-01-01T00:00:06.000Z"},
                                        {"scorerId", "s"},
                                        {"runId", "r"},
                                        {"scorer", R"({"name":"s","type":"llm"})"},
                                        {"score", 1},
                                        {"input", 42},
                                        {"output", 2.5},
                                        {"metadata", "null"},
                                        {"entity", R"([1,2])"},
                                        {"runtimeContext", "7"},
                                        {"source", "LIVE"}});
  auto got = store().get_score_by_id("ref-1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->scorer, (Json{{"name", "s"}, {"type", "llm"}}));
  EXPECT_EQ(got->score, 1.0);
  EXPECT_EQ(got->input, Json(42));
  EXPECT_EQ(got->output, Json(2.5));
  EXPECT_TRUE(got->metadata.is_null());
  EXPECT_EQ(got->entity, Json::parse("[1,2]"));
  EXPECT_EQ(got->runtimeContext, Json(7));
  EXPECT_EQ(got->createdAt, ts(5));
  EXPECT_EQ(got->updatedAt, ts(6));
  EXPECT_EQ(store().get_scores_by_run_id({.runId = "r"}).scores.at(0), *got);
}

TEST_P(ScoresTest, ReadsNumbersTheReferenceBoundAsReal) {
  if (GetParam().name != "file") GTEST_SKIP() << "needs direct access to the database file";
  SqlitePeek peek(store().database_path());
  // The reference binds every JS number as a double.
  peek.exec(
      "INSERT INTO mastra_scorers (id, scorerId, runId, scorer, score, input, output, source, "
      "createdAt, updatedAt) VALUES ('x', 's', 'r', '{}', 3.0, 42.0, '{\"a\":1}', 'TEST', "
      "'2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')");
  auto got = store().get_score_by_id("x");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->score, 3.0);
  EXPECT_EQ(got->input, Json(42));
  EXPECT_EQ(got->output, (Json{{"a", 1}}));
  EXPECT_EQ(got->scorer, Json::object());
}

TEST_P(ScoresTest, ReadsStringsTheReferenceStoredRaw) {
  if (GetParam().name != "file") GTEST_SKIP() << "needs direct access to the database file";
  SqlitePeek peek(store().database_path());
  // The reference's generic insert stores a JS string raw (not JSON-quoted) in a JSON column.
  peek.exec(
      "INSERT INTO mastra_scorers (id, scorerId, runId, scorer, score, input, output, metadata, "
      "source, createdAt, updatedAt) VALUES ('raw', 's', 'r', '{}', 1, 'text in', 'text out', "
      "'note', 'LIVE', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')");
  auto got = store().get_score_by_id("raw");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->input, Json("text in"));
  EXPECT_EQ(got->output, Json("text out"));
  EXPECT_EQ(got->metadata, Json("note"));
  // libsqlstore itself writes a string as JSON text, which the reference parses back to the string.
  ScoreInput in;
  in.score.scorerId = "s";
  in.score.runId = "r2";
  in.score.scorer = Json::object();
  in.score.input = Json("text in");
  in.score.output = Json("text out");
  in.score.source = "LIVE";
  const auto saved = store().save_score(in);
  EXPECT_EQ(peek.value("SELECT output FROM mastra_scorers WHERE id = '" + saved.id + "'"),
            "\"text out\"");
  EXPECT_EQ(store().get_score_by_id(saved.id)->output, Json("text out"));
}

TEST_P(ScoresTest, MalformedJsonIsADataError) {
  const Json row = {{"id", "bad"},
                    {"scorerId", "s"},
                    {"runId", "r"},
                    {"scorer", "{oops"},
                    {"score", 1},
                    {"input", "{}"},
                    {"output", "{}"},
                    {"source", "LIVE"},
                    {"createdAt", "2024-01-01T00:00:00.000Z"},
                    {"updatedAt", "2024-01-01T00:00:00.000Z"}};
  // Issue #9: the store does not write what it could not read back...
  expect_error<InvalidArgumentError>([&] { store().insert("mastra_scorers", row); },
                                     "LIBSQL_STORE_INSERT_FAILED", "mastra_scorers.scorer");
  // ...and reports it as corrupt when another program did.
  if (GetParam().name != "file") return;
  SqlitePeek(store().database_path())
      .exec(
          "INSERT INTO mastra_scorers (id, scorerId, runId, scorer, score, input, output, "
          "source, createdAt, updatedAt) VALUES ('bad', 's', 'r', '{oops', 1, '{}', '{}', "
          "'LIVE', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')");
  if (const auto e = caught<DataError>([&] { store().get_scores_by_run_id({.runId = "r"}); })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_GET_SCORES_BY_RUN_ID_FAILED");
    EXPECT_EQ(e->details()["column"], "scorer");
    EXPECT_EQ(e->details()["rowId"], "bad");
  }
}

LIBSQLSTORE_INSTANTIATE_CONFORMANCE(ScoresTest);

}  // namespace
}  // namespace libsqlstore::testing
