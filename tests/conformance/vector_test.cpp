// LibSQLVector on every backend: the reference's nine methods, their answers and errors, the
// filter language (the corpus the reference answered, tests/vector/fixtures/filters.json), and
// bad input refused with nothing half-written.
#include <bit>
#include <cmath>
#include <fstream>
#include <set>

#include "core/vector_codec.hpp"
#include "matchers.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

class VectorTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    vectors_ = std::make_unique<LibSQLVector>(store());
  }
  LibSQLVector& vectors() { return *vectors_; }
  /// tursodb computes distances in double and prints vectors its own way (docs/vector.md).
  bool libsql_exact() const { return GetParam().name != "remote"; }

  /// The reference's score, computed with libSQL's kernel.
  static double expected_score(const std::vector<float>& a, const std::vector<float>& b) {
    return 1 - core::vec::cosine_distance_f32(a, b);
  }

  std::vector<std::string> ids_of(const std::vector<QueryResult>& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(h.id);
    return out;
  }

 private:
  std::unique_ptr<LibSQLVector> vectors_;
};

bool has_substr(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

template <class E, class F>
std::string error_of(F&& f, std::string* id = nullptr) {
  try {
    f();
  } catch (const E& e) {
    if (id) *id = e.id();
    return e.what();
  } catch (const Error& e) {
    return std::string("wrong type: ") + e.id() + ": " + e.what();
  }
  return "no error";
}

TEST_P(VectorTest, UpsertThenQueryRanksByCosineWithTheReferencesScores) {
  vectors().create_index({.indexName = "docs", .dimension = 3});
  const std::vector<std::vector<float>> vs = {
      {1, 0, 0}, {0.9f, 0.1f, 0}, {0, 1, 0}, {-1, 0, 0}, {0.123456789f, 0.5f, -0.25f}};
  const auto ids = vectors().upsert({.indexName = "docs",
                                     .vectors = vs,
                                     .metadata = {{{"n", 0}}, {{"n", 1}}, {{"n", 2}}},
                                     .ids = {"a", "b", "c", "anti", "e"}});
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c", "anti", "e"}));
  const std::vector<float> q = {1, 0.25f, 0};
  const auto hits = vectors().query({.indexName = "docs", .queryVector = q, .includeVector = true});
  // The antipode's score is below -1 + epsilon only on exact kernels; it never passes `> -1`.
  ASSERT_GE(hits.size(), 4u);
  EXPECT_EQ(ids_of(hits)[0], "b");  // 0.991 against a's 0.970
  EXPECT_EQ(ids_of(hits)[1], "a");
  for (std::size_t i = 1; i < hits.size(); ++i) EXPECT_GE(hits[i - 1].score, hits[i].score);
  for (const auto& h : hits) {
    const auto index =
        static_cast<std::size_t>(std::find(ids.begin(), ids.end(), h.id) - ids.begin());
    if (libsql_exact()) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(h.score),
                std::bit_cast<std::uint64_t>(expected_score(vs[index], q)))
          << h.id;
    } else {
      EXPECT_NEAR(h.score, expected_score(vs[index], q), 1e-6) << h.id;
    }
    ASSERT_TRUE(h.vector) << h.id;
    ASSERT_EQ(h.vector->size(), 3u);
  }
  EXPECT_EQ(hits[0].metadata, (Json{{"n", 1}}));
  const auto e = std::find_if(hits.begin(), hits.end(), [](auto& h) { return h.id == "e"; });
  ASSERT_NE(e, hits.end());
  EXPECT_EQ(e->metadata, Json::object()) << "metadata defaults to {}";
  if (libsql_exact()) {
    // vector_extract's %g: six significant digits, as the reference returns them.
    EXPECT_EQ(*e->vector, (std::vector<double>{0.123457, 0.5, -0.25}));
  }
  // topK and minScore.
  EXPECT_EQ(ids_of(vectors().query({.indexName = "docs", .queryVector = q, .topK = 2})),
            (std::vector<std::string>{"b", "a"}));
  const auto above = vectors().query({.indexName = "docs", .queryVector = q, .minScore = 0.9});
  for (const auto& h : above) EXPECT_GT(h.score, 0.9);
  EXPECT_FALSE(vectors().query({.indexName = "docs", .queryVector = q}).front().vector);
}

TEST_P(VectorTest, SelfMatchScoresAsTheReference) {
  vectors().create_index({.indexName = "t", .dimension = 4});
  vectors().upsert({.indexName = "t", .vectors = {{0.1f, 0.2f, 0.3f, 0.4f}}, .ids = {"x"}});
  const auto hits = vectors().query({.indexName = "t", .queryVector = {0.1f, 0.2f, 0.3f, 0.4f}});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NEAR(hits[0].score, 1.0, 1e-6);
  if (libsql_exact()) {
    EXPECT_EQ(hits[0].score, expected_score({0.1f, 0.2f, 0.3f, 0.4f}, {0.1f, 0.2f, 0.3f, 0.4f}));
  }
}

TEST_P(VectorTest, IdsDefaultToUuidsAndAnExistingIdIsReplaced) {
  vectors().create_index({.indexName = "t", .dimension = 2});
  const auto ids = vectors().upsert({.indexName = "t", .vectors = {{1, 0}, {0, 1}}});
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0].size(), 36u);
  EXPECT_NE(ids[0], ids[1]);
  vectors().upsert(
      {.indexName = "t", .vectors = {{1, 1}}, .metadata = {{{"v", 2}}}, .ids = {ids[0]}});
  EXPECT_EQ(vectors().describe_index("t").count, 2);
  const auto hits = vectors().query({.indexName = "t", .queryVector = {1, 1}, .topK = 1});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, ids[0]);
  EXPECT_EQ(hits[0].metadata, (Json{{"v", 2}}));
  EXPECT_TRUE(vectors().upsert({.indexName = "t"}).empty()) << "no vectors: nothing to do";
}

TEST_P(VectorTest, CreateIndexIsIdempotentAndListsDescribesDeletes) {
  vectors().create_index({.indexName = "a_index", .dimension = 8});
  vectors().create_index({.indexName = "a_index", .dimension = 8});
  vectors().create_index({.indexName = "a_index", .dimension = 16});  // the reference: a no-op
  vectors().create_index({.indexName = "b_index", .dimension = 1536, .metric = "euclidean"});
  auto names = vectors().list_indexes();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a_index", "b_index"}));
  const auto stats = vectors().describe_index("a_index");
  EXPECT_EQ(stats.dimension, 8);
  EXPECT_EQ(stats.count, 0);
  EXPECT_EQ(stats.metric, "cosine");
  EXPECT_EQ(vectors().describe_index("A_INDEX").dimension, 8) << "SQLite names ignore case";
  vectors().delete_index("a_index");
  vectors().delete_index("a_index");  // gone: nothing to do
  EXPECT_EQ(vectors().list_indexes(), (std::vector<std::string>{"b_index"}));
  std::string id;
  EXPECT_EQ(error_of<NotFoundError>([&] { vectors().describe_index("a_index"); }, &id),
            "Table a_index not found");
  EXPECT_EQ(id, "LIBSQL_VECTOR_DESCRIBE_INDEX_FAILED");
  // The store's own tables are not vector indexes.
  store().save_thread(
      {.id = "t1", .resourceId = "r", .title = "x", .createdAt = ts(1), .updatedAt = ts(1)});
  EXPECT_EQ(vectors().list_indexes(), (std::vector<std::string>{"b_index"}));
}

TEST_P(VectorTest, UpdateDeleteAndTruncate) {
  vectors().create_index({.indexName = "t", .dimension = 2});
  vectors().upsert({.indexName = "t",
                    .vectors = {{1, 0}, {0, 1}, {1, 1}},
                    .metadata = {{{"k", "a"}}, {{"k", "b"}}, {{"k", "c"}}},
                    .ids = {"a", "b", "c"}});
  vectors().update_vector({.indexName = "t", .id = "a", .vector = std::vector<float>{0, 1}});
  vectors().update_vector({.indexName = "t", .id = "b", .metadata = Json{{"k", "B"}}});
  vectors().update_vector(
      {.indexName = "t", .id = "nobody", .metadata = Json{{"k", "x"}}});  // a no-op
  auto hits = vectors().query({.indexName = "t", .queryVector = {0, 1}, .topK = 2});
  const auto top_ids = ids_of(hits);
  const std::set<std::string> top(top_ids.begin(), top_ids.end());
  EXPECT_EQ(top, (std::set<std::string>{"a", "b"}));
  for (const auto& h : hits) {
    if (h.id == "b") {
      EXPECT_EQ(h.metadata, (Json{{"k", "B"}}));
    } else {
      EXPECT_EQ(h.metadata, (Json{{"k", "a"}})) << "metadata kept";
    }
  }
  std::string id;
  EXPECT_EQ(error_of<InvalidArgumentError>(
                [&] { vectors().update_vector({.indexName = "t", .id = "a"}); }, &id),
            "No updates provided");
  EXPECT_EQ(id, "LIBSQL_VECTOR_UPDATE_VECTOR_INVALID_ARGS");
  EXPECT_PRED2(has_substr,
               error_of<InvalidArgumentError>(
                   [&] {
                     vectors().update_vector(
                         {.indexName = "t", .id = "a", .vector = std::vector<float>{1, 2, 3}});
                   },
                   &id),
               "expects 2 dimensions but got 3");
  EXPECT_EQ(id, "LIBSQL_VECTOR_UPDATE_VECTOR_FAILED");
  vectors().delete_vector("t", "a");
  vectors().delete_vector("t", "a");  // gone: not an error
  EXPECT_EQ(vectors().describe_index("t").count, 2);
  vectors().truncate_index("t");
  EXPECT_EQ(vectors().describe_index("t").count, 0);
  // Unlike the reference (DiskANN's shadow rows survive DELETE), writes go on working.
  vectors().upsert({.indexName = "t", .vectors = {{1, 0}}, .ids = {"x"}});
  EXPECT_EQ(vectors().describe_index("t").count, 1);
}

TEST_P(VectorTest, BadInputIsRefusedWithTheReferencesMessagesAndNothingIsWritten) {
  vectors().create_index({.indexName = "t", .dimension = 3});
  vectors().upsert({.indexName = "t", .vectors = {{1, 2, 3}}, .ids = {"keep"}});
  std::string id;
  const auto mismatch =
      "Vector dimension mismatch: Index \"t\" expects 3 dimensions but got 2 dimensions. Either "
      "use a matching embedding model or delete and recreate the index with the new dimension.";
  // The bad vector is the last of the batch: the first two are not written either.
  EXPECT_EQ(error_of<InvalidArgumentError>(
                [&] {
                  vectors().upsert({.indexName = "t", .vectors = {{1, 1, 1}, {2, 2, 2}, {1, 2}}});
                },
                &id),
            mismatch);
  EXPECT_EQ(id, "LIBSQL_VECTOR_UPSERT_FAILED");
  EXPECT_PRED2(has_substr, error_of<InvalidArgumentError>([&] {
                 vectors().upsert({.indexName = "t", .vectors = {{}}});
               }),
               "expects 3 dimensions but got 0");
  EXPECT_PRED2(has_substr, error_of<InvalidArgumentError>([&] {
                 vectors().upsert({.indexName = "t", .vectors = {{1, NAN, 3}}});
               }),
               "finite");
  EXPECT_PRED2(has_substr, error_of<InvalidArgumentError>([&] {
                 vectors().upsert({.indexName = "t", .vectors = {{1, INFINITY, 3}}});
               }),
               "finite");
  EXPECT_PRED2(has_substr, error_of<InvalidArgumentError>([&] {
                 vectors().upsert(
                     {.indexName = "t", .vectors = {{1, 1, 1}}, .metadata = {Json::array({1})}});
               }),
               "metadata[0] must be an object");
  EXPECT_PRED2(has_substr, error_of<InvalidArgumentError>([&] {
                 vectors().upsert({.indexName = "t", .vectors = {{1, 1, 1}}, .ids = {"a", "b"}});
               }),
               "one id per vector");
  EXPECT_PRED2(has_substr, error_of<NotFoundError>([&] {
                 vectors().upsert({.indexName = "nope", .vectors = {{1, 1, 1}}});
               }),
               "does not exist");
  EXPECT_EQ(vectors().describe_index("t").count, 1);

  const std::string bad_name =
      "Invalid index name: t; DROP TABLE t. Must start with a letter or underscore, contain only "
      "letters, numbers, or underscores, and be at most 63 characters long.";
  EXPECT_EQ(
      error_of<InvalidArgumentError>(
          [&] { vectors().create_index({.indexName = "t; DROP TABLE t", .dimension = 3}); }, &id),
      bad_name);
  EXPECT_EQ(id, "LIBSQL_VECTOR_CREATE_INDEX_FAILED");
  EXPECT_EQ(error_of<InvalidArgumentError>(
                [&] {
                  vectors().query({.indexName = "t; DROP TABLE t", .queryVector = {1, 2, 3}});
                },
                &id),
            bad_name);
  EXPECT_EQ(id, "LIBSQL_VECTOR_QUERY_FAILED");
  EXPECT_PRED2(has_substr, error_of<InvalidArgumentError>([&] {
                 vectors().create_index({.indexName = std::string(64, 'a'), .dimension = 3});
               }),
               "at most 63 characters");
  for (std::int64_t d : {0, -1}) {
    EXPECT_EQ(error_of<InvalidArgumentError>(
                  [&] { vectors().create_index({.indexName = "d", .dimension = d}); }),
              "Dimension must be a positive integer");
  }
  EXPECT_PRED2(has_substr, error_of<InvalidArgumentError>([&] {
                 vectors().create_index({.indexName = "d", .dimension = 65537});
               }),
               "at most 65536");
  EXPECT_PRED2(has_substr, error_of<InvalidArgumentError>([&] {
                 vectors().create_index({.indexName = "d", .dimension = 3, .metric = "manhattan"});
               }),
               "metric");
  EXPECT_EQ(vectors().list_indexes(), (std::vector<std::string>{"t"})) << "nothing half-created";

  EXPECT_EQ(error_of<InvalidArgumentError>(
                [&] {
                  vectors().query({.indexName = "t", .queryVector = {1, 2, 3}, .topK = 0});
                },
                &id),
            "topK must be a positive integer");
  EXPECT_EQ(id, "LIBSQL_VECTOR_QUERY_INVALID_ARGS");
  EXPECT_PRED2(has_substr,
               error_of<InvalidArgumentError>(
                   [&] {
                     vectors().query({.indexName = "t", .queryVector = {1, NAN, 3}});
                   },
                   &id),
               "finite");
  EXPECT_EQ(id, "LIBSQL_VECTOR_QUERY_INVALID_ARGS");
  EXPECT_EQ(error_of<InvalidArgumentError>(
                [&] {
                  vectors().query({.indexName = "t", .queryVector = {1, 2}});
                },
                &id),
            mismatch);
  EXPECT_EQ(id, "LIBSQL_VECTOR_QUERY_FAILED");
  EXPECT_PRED2(has_substr,
               error_of<NotFoundError>(
                   [&] {
                     vectors().query({.indexName = "nope", .queryVector = {1, 2}});
                   },
                   &id),
               "does not exist");
  EXPECT_EQ(id, "LIBSQL_VECTOR_QUERY_FAILED");
}

TEST_P(VectorTest, WrongDimensionQueriesFailEvenWhenNothingWouldBeScored) {
  // The reference answers [] on an empty index (nothing is scored, nothing is checked).
  vectors().create_index({.indexName = "t", .dimension = 3});
  EXPECT_PRED2(has_substr, error_of<InvalidArgumentError>([&] {
                 vectors().query({.indexName = "t", .queryVector = {1, 2}});
               }),
               "expects 3 dimensions but got 2");
}

TEST_P(VectorTest, ZeroVectorsAndExtremeNormsScoreAsLibsql) {
  if (!libsql_exact()) GTEST_SKIP() << "tursodb scores zero vectors 0 (docs/vector.md)";
  vectors().create_index({.indexName = "t", .dimension = 2});
  vectors().upsert({.indexName = "t",
                    .vectors = {{0, 0}, {1e-23f, 0}, {1, 0}, {-1, 0}},
                    .ids = {"zero", "tiny", "one", "anti"}});
  // A zero norm scores NULL and the antipode exactly -1: neither passes score > -1.
  const auto hits = vectors().query({.indexName = "t", .queryVector = {1, 0}});
  EXPECT_EQ(ids_of(hits), (std::vector<std::string>{"tiny", "one"}));
  if (GetParam().name == "hrana_fake") {
    EXPECT_TRUE(std::isnan(hits[0].score)) << "JSON carries no Infinity (docs/remote.md)";
  } else {
    EXPECT_EQ(hits[0].score, INFINITY) << "the squared norm underflows to 0 in float";
  }
  EXPECT_EQ(vectors().query({.indexName = "t", .queryVector = {1, 0}, .minScore = -2}).size(), 3u)
      << "the antipode, below a lower minScore";
  EXPECT_TRUE(vectors().query({.indexName = "t", .queryVector = {0, 0}}).empty());
}

TEST_P(VectorTest, SecondConnectionAndOwnConnectionSeeTheSameIndexes) {
  vectors().create_index({.indexName = "shared", .dimension = 2});
  vectors().upsert({.indexName = "shared", .vectors = {{1, 0}}, .ids = {"x"}});
  if (GetParam().name == "memory") GTEST_SKIP() << ":memory: is private to its connection";
  LibSQLVector own(options());
  EXPECT_EQ(own.describe_index("shared").count, 1);
  own.upsert({.indexName = "shared", .vectors = {{0, 1}}, .ids = {"y"}});
  EXPECT_EQ(vectors().describe_index("shared").count, 2);
}

TEST_P(VectorTest, MemoryRecallIndexesServeThreadAndResourceFilters) {
  vectors().create_index({.indexName = "memory_messages_4", .dimension = 4});
  std::vector<std::vector<float>> vs;
  std::vector<Json> meta;
  for (int i = 0; i < 40; ++i) {
    vs.push_back({1, static_cast<float>(i), 0, 0});
    meta.push_back({{"message_id", "m" + std::to_string(i)},
                    {"thread_id", "t" + std::to_string(i % 4)},
                    {"resource_id", "r" + std::to_string(i % 2)}});
  }
  vectors().upsert({.indexName = "memory_messages_4", .vectors = vs, .metadata = meta});
  const auto hits = vectors().query({.indexName = "memory_messages_4",
                                     .queryVector = {1, 1, 0, 0},
                                     .topK = 2,
                                     .filter = {{"thread_id", "t1"}}});
  ASSERT_EQ(hits.size(), 2u);
  for (const auto& h : hits) EXPECT_EQ(h.metadata["thread_id"], "t1");
  const auto by_resource = vectors().query({.indexName = "memory_messages_4",
                                            .queryVector = {1, 1, 0, 0},
                                            .topK = 100,
                                            .filter = {{"resource_id", "r0"}}});
  EXPECT_EQ(by_resource.size(), 20u);
}

TEST_P(VectorTest, DeletingMessagesCanDeleteTheirEmbeddings) {
  for (const bool opted_in : {false, true}) {
    SCOPED_TRACE(opted_in ? "deleteMessageVectors" : "default");
    StoreOptions o = options();
    o.deleteMessageVectors = opted_in;
    LibSQLStore s(o);
    s.init();
    LibSQLVector v(s);
    v.delete_index("memory_messages_2");
    v.delete_index("docs");
    v.create_index({.indexName = "memory_messages_2", .dimension = 2});
    v.create_index({.indexName = "docs", .dimension = 2});  // not Memory's: never touched
    const std::vector<Json> meta = {{{"message_id", "m1"}, {"thread_id", "t1"}},
                                    {{"message_id", "m2"}, {"thread_id", "t1"}},
                                    {{"message_id", "m3"}, {"thread_id", "t2"}},
                                    {{"message_id", "m4"}, {"thread_id", "t2"}}};
    v.upsert({.indexName = "memory_messages_2",
              .vectors = {{1, 0}, {1, 1}, {0, 1}, {1, 2}},
              .metadata = meta});
    v.upsert({.indexName = "docs", .vectors = {{1, 0}}, .metadata = {meta[2]}});
    s.delete_messages({"m1"});
    s.delete_thread("t2");
    EXPECT_EQ(v.describe_index("memory_messages_2").count, opted_in ? 1 : 4);
    EXPECT_EQ(v.describe_index("docs").count, 1);
    if (opted_in) {
      const auto left = v.query({.indexName = "memory_messages_2", .queryVector = {1, 1}});
      ASSERT_EQ(left.size(), 1u);
      EXPECT_EQ(left[0].metadata["message_id"], "m2");
    }
  }
}

// ---- The filter corpus ------------------------------------------------------------------------

const Json& filter_fixture() {
  static const Json data = [] {
    std::ifstream in(LIBSQLSTORE_VECTOR_FIXTURES "/filters.json");
    return Json::parse(in);
  }();
  return data;
}

/// Where libsqlstore answers differently from the reference, on purpose (docs/compatibility.md).
struct Deviation {
  const char* filter;
  std::vector<std::string> ids;  ///< what libsqlstore answers (the reference errs or differs)
};
const std::vector<Deviation>& deviations() {
  static const std::vector<Deviation> d = {
      // The reference fails every $size query when one row's field holds text that is not JSON.
      {R"({"category":{"$size":1}})", {}},
      // The reference OR-s the fields of one $or item.
      {R"({"$or":[{"category":"films","flag":true}]})", {"film1"}},
      // (NOT of a condition on a missing field is NULL: those rows stay out, as everywhere.)
      {R"({"$nor":[{"category":"films","flag":true}]})",
       {"book1", "book2", "film2", "misc1", "misc2", "song1", "song2"}},
  };
  return d;
}

TEST_P(VectorTest, FiltersMatchWhatTheReferenceMatched) {
  const auto& fixture = filter_fixture();
  vectors().create_index({.indexName = "filters", .dimension = 2});
  UpsertParams up{.indexName = "filters"};
  for (const auto& row : fixture.at("rows")) {
    up.ids.push_back(row.at("id").get<std::string>());
    up.vectors.push_back({1, 1});
    up.metadata.push_back(row.at("metadata"));
  }
  vectors().upsert(up);
  int checked = 0;
  for (const auto& c : fixture.at("cases")) {
    const auto& filter = c.at("filter");
    const std::string shown = filter.dump();
    SCOPED_TRACE(shown);
    const Deviation* deviation = nullptr;
    for (const auto& d : deviations()) {
      if (Json::parse(d.filter) == filter) deviation = &d;
    }
    QueryParams q{.indexName = "filters", .queryVector = {1, 1}, .topK = 100, .filter = filter};
    if (deviation != nullptr) {
      auto ids = ids_of(vectors().query(q));
      std::sort(ids.begin(), ids.end());
      EXPECT_EQ(ids, deviation->ids);
    } else if (c.contains("ids")) {
      try {
        auto ids = ids_of(vectors().query(q));
        std::sort(ids.begin(), ids.end());
        EXPECT_EQ(ids, c.at("ids").get<std::vector<std::string>>());
      } catch (const Error& e) {
        ADD_FAILURE() << e.what();
      }
    } else {
      std::string id;
      const auto message = error_of<InvalidArgumentError>([&] { vectors().query(q); }, &id);
      EXPECT_EQ(message, c.at("error").at("message").get<std::string>());
      EXPECT_EQ(id, "LIBSQL_VECTOR_QUERY_FAILED");
    }
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

TEST_P(VectorTest, FiltersTheReferenceCannotRunGiveClearErrorsOrTheIntendedRows) {
  vectors().create_index({.indexName = "t", .dimension = 2});
  vectors().upsert({.indexName = "t",
                    .vectors = {{1, 1}, {1, 1}, {1, 1}},
                    .metadata = {{{"nums", {1, 2}}, {"a", {{"b", "x y"}}}},
                                 {{"nums", {3, 4}}, {"a", {{"b", "z"}}}},
                                 {{"nums", "not json"}}},
                    .ids = {"one", "two", "three"}});
  auto ids = [&](const Json& filter) {
    auto out = ids_of(
        vectors().query({.indexName = "t", .queryVector = {1, 1}, .topK = 10, .filter = filter}));
    std::sort(out.begin(), out.end());
    return out;
  };
  // Two equal $size conditions: the reference binds them through one named parameter.
  EXPECT_EQ(ids(Json::parse(R"({"$and":[{"nums":{"$size":2}},{"nums":{"$size":2}}]})")),
            (std::vector<std::string>{"one", "two"}));
  // $contains on a dotted path: the reference quotes the path wrongly and matches nothing.
  EXPECT_EQ(ids(Json::parse(R"({"a.b":{"$contains":"y"}})")), (std::vector<std::string>{"one"}));
  // $and given an object: the reference recurses until the stack overflows.
  EXPECT_EQ(error_of<InvalidArgumentError>([&] { ids(Json::parse(R"({"$and":{"nums":1}})")); }),
            "$and requires an array of conditions");
  EXPECT_EQ(
      error_of<InvalidArgumentError>([&] { ids(Json::parse(R"({"nums":{"$elemMatch":{}}})")); }),
      "$elemMatch requires at least one condition");
  EXPECT_PRED2(has_substr, error_of<InvalidArgumentError>([&] {
                 ids(Json::parse(R"({"nums":{"$eq":{"x":1}}})"));
               }),
               "Unsupported filter value");
  Json deep = {{"nums", 1}};
  for (int i = 0; i < 200; ++i) deep = {{"$and", Json::array({deep})}};
  EXPECT_PRED2(has_substr, error_of<InvalidArgumentError>([&] { ids(deep); }), "nested too deeply");
}

LIBSQLSTORE_INSTANTIATE_CONFORMANCE(VectorTest);

}  // namespace
}  // namespace libsqlstore::testing
