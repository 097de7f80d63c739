// The local top-k scan (src/vector/local_query.cpp) against the reference's own SQL run on the
// same file through libSQL's functions (the query vector inlined as text, as the reference sends
// it): the same ids in the same order, ties included, and the same score bits.
#include <bit>
#include <charconv>
#include <random>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "backends/sqlite/vector_functions.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"
#include "vector/filter.hpp"

namespace libsqlstore::testing {
namespace {

struct Hit {
  std::string id;
  double score;
};

std::string js_text(float f) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<double>(f));
  return {buf, r.ptr};
}

/// The reference's query, verbatim, on a raw connection with libSQL's functions.
std::vector<Hit> reference_sql(const std::string& path, const std::vector<float>& q, int top_k,
                               const std::string& where, const std::string& arg, double min_score) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite::register_vector_functions(db);
  std::string literal = "[";
  for (std::size_t i = 0; i < q.size(); ++i) literal += (i ? "," : "") + js_text(q[i]);
  literal += "]";
  const std::string sql =
      "WITH vector_scores AS (SELECT vector_id as id, (1-vector_distance_cos(embedding, '" +
      literal + "')) as score, metadata FROM mem " + where +
      ") SELECT * FROM vector_scores WHERE score > ? ORDER BY score DESC LIMIT ?";
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  int i = 1;
  if (!arg.empty()) sqlite3_bind_text(s, i++, arg.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(s, i++, min_score);
  sqlite3_bind_int(s, i, top_k);
  std::vector<Hit> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    out.push_back(
        {reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), sqlite3_column_double(s, 1)});
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

TEST(LocalVectorScan, AnswersAsTheReferencesSqlTiesAndBitsIncluded) {
  const auto path = temp_path(".db");
  LibSQLVector vectors(StoreOptions{.url = "file:" + path});
  constexpr int kDims = 24;
  vectors.create_index({.indexName = "mem", .dimension = kDims});
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  UpsertParams up{.indexName = "mem"};
  for (int i = 0; i < 3000; ++i) {
    std::vector<float> v(kDims);
    if (i % 5 == 4) {
      v = up.vectors[static_cast<std::size_t>(i / 2)];  // duplicates: equal scores
    } else {
      for (auto& x : v) x = normal(rng);
    }
    if (i == 10) v.assign(kDims, 0.0f);  // a zero vector: NULL score
    up.vectors.push_back(v);
    up.ids.push_back("v" + std::to_string(i));
    up.metadata.push_back({{"thread_id", "t" + std::to_string(i % 7)}});
  }
  vectors.upsert(up);
  for (int round = 0; round < 24; ++round) {
    std::vector<float> q(kDims);
    for (auto& x : q) x = normal(rng);
    if (round % 4 == 3) q = up.vectors[static_cast<std::size_t>(round * 11 % 3000)];
    const int top_k = round % 3 == 0 ? 10 : round % 3 == 1 ? 1 : 500;
    const double min_score = round % 5 == 0 ? 0.2 : -1;
    const bool filtered = round % 2 == 1;
    const auto thread = "t" + std::to_string(round % 7);
    QueryParams qp{.indexName = "mem", .queryVector = q, .topK = top_k, .minScore = min_score};
    if (filtered) qp.filter = {{"thread_id", thread}};
    std::vector<Hit> ours;
    for (const auto& h : vectors.query(qp)) ours.push_back({h.id, h.score});
    const auto expected = reference_sql(
        path, q, top_k, filtered ? "WHERE json_extract(metadata, '$.thread_id') = ?" : "",
        filtered ? thread : "", min_score);
    ASSERT_EQ(ours.size(), expected.size()) << "round " << round;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      EXPECT_EQ(ours[i].id, expected[i].id) << "round " << round << " rank " << i;
      EXPECT_EQ(std::bit_cast<std::uint64_t>(ours[i].score),
                std::bit_cast<std::uint64_t>(expected[i].score))
          << "round " << round << " rank " << i;
    }
  }
}

TEST(LocalVectorScan, RowsThatAreNotFloat32VectorsFailOrScoreAsLibsql) {
  const auto path = temp_path(".db");
  LibSQLVector vectors(StoreOptions{.url = "file:" + path});
  vectors.create_index({.indexName = "mem", .dimension = 2});
  vectors.upsert({.indexName = "mem", .vectors = {{1, 0}}, .ids = {"a"}});
  {
    // Written by another program: a float32 blob with libSQL's type byte, and text.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "INSERT INTO mem (vector_id, embedding) VALUES "
                           "('typed', x'0000803f0000803f01'), ('text', '[0.5, 0.25]')",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  const auto hits = vectors.query({.indexName = "mem", .queryVector = {1, 0}});
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].id, "a");
  EXPECT_EQ(hits[1].id, "text");
  EXPECT_EQ(hits[2].id, "typed");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "INSERT INTO mem (vector_id, embedding) VALUES ('bad', x'0000')",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  try {
    vectors.query({.indexName = "mem", .queryVector = {1, 0}});
    ADD_FAILURE() << "a 2-byte embedding was scored";
  } catch (const DataError& e) {
    EXPECT_EQ(e.id(), "LIBSQL_VECTOR_QUERY_FAILED");
    EXPECT_NE(std::string(e.what()).find("vector: unexpected data part size"), std::string::npos)
        << e.what();
  }
}

TEST(LocalVectorScan, MemoryRecallFiltersAreServedByTheExpressionIndexes) {
  const auto path = temp_path(".db");
  LibSQLVector vectors(StoreOptions{.url = "file:" + path});
  vectors.create_index({.indexName = "memory_messages_4", .dimension = 4});
  SqlitePeek db(path);
  for (const char* key : {"thread_id", "resource_id"}) {
    // The WHERE the filter translator writes for Memory's recall filter, in the scan's SQL.
    const auto filter = vectors::build_filter(Json{{key, "x"}});
    auto where = filter.where;
    ASSERT_EQ(filter.values.size(), 1u);
    where.replace(where.find('?'), 1, "'x'");
    auto plan =
        db.rows("EXPLAIN QUERY PLAN SELECT rowid, embedding FROM memory_messages_4 " + where);
    std::string text;
    for (const auto& row : plan) text += row.back() + "\n";
    EXPECT_NE(text.find(std::string("USING INDEX memory_messages_4_") + key + "_idx"),
              std::string::npos)
        << text;
  }
}

TEST(LocalVectorScan, OneHundredThousandVectorsInOneUpsertAreOneTransaction) {
  const auto path = temp_path(".db");
  LibSQLVector vectors(StoreOptions{.url = "file:" + path});
  vectors.create_index({.indexName = "big", .dimension = 8});
  UpsertParams up{.indexName = "big"};
  for (int i = 0; i < 100000; ++i) {
    up.vectors.push_back({1, static_cast<float>(i % 97), 0, 0, 0, 0, 0, static_cast<float>(i)});
  }
  // The last vector is wrong: nothing of the batch is written.
  up.vectors.back().push_back(1);
  EXPECT_THROW(vectors.upsert(up), InvalidArgumentError);
  EXPECT_EQ(vectors.describe_index("big").count, 0);
  up.vectors.back().pop_back();
  const auto ids = vectors.upsert(up);
  EXPECT_EQ(ids.size(), 100000u);
  EXPECT_EQ(vectors.describe_index("big").count, 100000);
  const auto hits = vectors.query({.indexName = "big", .queryVector = up.vectors[500], .topK = 3});
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].id, ids[500]);
}

}  // namespace
}  // namespace libsqlstore::testing
