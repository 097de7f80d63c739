// A vector index file the reference wrote (tests/vector/fixtures/reference_diskann.db, libSQL's
// DiskANN index attached; tests/interop/record_vector_file.mjs): libsqlstore reads it as the
// reference does (the recorded answers, scores bit for bit, counts right), and its first write
// detaches the DiskANN index in one transaction, leaving a sound file.
#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

const Json& recorded() {
  static const Json data = [] {
    std::ifstream in(LIBSQLSTORE_VECTOR_FIXTURES "/reference_queries.json");
    return Json::parse(in);
  }();
  return data;
}

/// A private copy of the reference's file.
std::string copy_of_reference_file() {
  const auto path = temp_path(".db");
  std::filesystem::copy_file(LIBSQLSTORE_VECTOR_FIXTURES "/reference_diskann.db", path);
  return path;
}

double double_of_hex(const std::string& hex) {
  unsigned char bytes[8];
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<unsigned char>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  }
  double d = 0;
  std::memcpy(&d, bytes, sizeof d);
  return d;
}

QueryParams params_of(const std::string& index, const Json& q) {
  QueryParams p{.indexName = index};
  for (const auto& x : q.at("queryVector")) p.queryVector.push_back(x.get<float>());
  p.topK = q.value("topK", 10);
  if (q.contains("filter")) p.filter = q.at("filter");
  p.includeVector = q.value("includeVector", false);
  p.minScore = q.value("minScore", -1.0);
  return p;
}

std::size_t diskann_leftovers(const std::string& path) {
  SqlitePeek db(path);
  return db.rows("SELECT name FROM sqlite_master WHERE name LIKE '%vector_idx%'").size() +
         db.rows("SELECT name FROM libsql_vector_meta_shadow").size();
}

TEST(ReferenceVectorFile, ReadsAsTheReferenceAnswered) {
  const auto path = copy_of_reference_file();
  ASSERT_GT(diskann_leftovers(path), 0u) << "the fixture carries the DiskANN index";
  LibSQLVector vectors(StoreOptions{.url = "file:" + path});
  const auto& fixture = recorded();
  const auto index = fixture.at("index").get<std::string>();
  EXPECT_EQ(vectors.list_indexes(), (std::vector<std::string>{index}));
  const auto stats = vectors.describe_index(index);
  EXPECT_EQ(stats.dimension, fixture.at("dimension").get<std::int64_t>());
  EXPECT_EQ(stats.count, fixture.at("count").get<std::int64_t>())
      << "plain SQLite's COUNT(*) would read the DiskANN index's empty b-tree";
  int scores = 0;
  for (const auto& c : fixture.at("queries")) {
    SCOPED_TRACE(c.at("query").dump());
    const auto hits = vectors.query(params_of(index, c.at("query")));
    const auto& expected = c.at("hits");
    ASSERT_EQ(hits.size(), expected.size());
    for (std::size_t i = 0; i < hits.size(); ++i) {
      const auto& e = expected[i];
      EXPECT_EQ(hits[i].id, e.at("id").get<std::string>());
      EXPECT_EQ(std::bit_cast<std::uint64_t>(hits[i].score),
                std::bit_cast<std::uint64_t>(double_of_hex(e.at("score").get<std::string>())))
          << hits[i].id;
      EXPECT_EQ(hits[i].metadata, e.at("metadata"));
      if (e.at("vector").is_null()) {
        EXPECT_FALSE(hits[i].vector);
      } else {
        ASSERT_TRUE(hits[i].vector);
        EXPECT_EQ(*hits[i].vector, e.at("vector").get<std::vector<double>>());
      }
      ++scores;
    }
  }
  EXPECT_GT(scores, 150);
  EXPECT_GT(diskann_leftovers(path), 0u) << "reads never detach";
}

TEST(ReferenceVectorFile, CreateIndexWritesTheReferencesDdlByteForByte) {
  const auto index = recorded().at("index").get<std::string>();
  std::string reference_sql;
  {
    SqlitePeek ref(LIBSQLSTORE_VECTOR_FIXTURES "/reference_diskann.db");
    reference_sql =
        ref.rows("SELECT sql FROM sqlite_master WHERE name = '" + index + "'").at(0).at(0);
  }
  const auto path = temp_path(".db");
  LibSQLVector vectors(StoreOptions{.url = "file:" + path});
  vectors.create_index({.indexName = index, .dimension = 8});
  SqlitePeek ours(path);
  EXPECT_EQ(ours.rows("SELECT sql FROM sqlite_master WHERE name = '" + index + "'").at(0).at(0),
            reference_sql);
}

TEST(ReferenceVectorFile, FirstWriteDetachesTheDiskannIndexInOneTransaction) {
  const auto path = copy_of_reference_file();
  const auto index = recorded().at("index").get<std::string>();
  {
    LibSQLVector vectors(StoreOptions{.url = "file:" + path});
    // A write that fails (wrong dimension) detaches nothing: it is one transaction.
    EXPECT_THROW(vectors.upsert({.indexName = index, .vectors = {{1, 2}}}), InvalidArgumentError);
    EXPECT_GT(diskann_leftovers(path), 0u);
    vectors.upsert({.indexName = index, .vectors = {{1, 0, 0, 0, 0, 0, 0, 0}}, .ids = {"new"}});
    EXPECT_EQ(diskann_leftovers(path), 0u) << "index, shadow table and meta row dropped";
    EXPECT_EQ(vectors.describe_index(index).count, 61);
    vectors.delete_vector(index, "v0");
    vectors.update_vector(
        {.indexName = index, .id = "v1", .vector = std::vector<float>{0, 1, 0, 0, 0, 0, 0, 0}});
    EXPECT_EQ(
        vectors.query({.indexName = index, .queryVector = {0, 1, 0, 0, 0, 0, 0, 0}, .topK = 1})
            .front()
            .id,
        "v1");
  }
  SqlitePeek db(path);
  EXPECT_EQ(db.rows("PRAGMA integrity_check"), (std::vector<std::vector<std::string>>{{"ok"}}));
  EXPECT_EQ(db.rows("SELECT count(*) FROM " + index),
            (std::vector<std::vector<std::string>>{{"60"}}));
}

TEST(ReferenceVectorFile, ReadOnlyPolicyRefusesWritesAndLeavesTheFileAlone) {
  const auto path = copy_of_reference_file();
  const auto index = recorded().at("index").get<std::string>();
  LibSQLVector vectors(StoreOptions{.url = "file:" + path},
                       VectorOptions{.diskannIndex = DiskannPolicy::ReadOnly});
  EXPECT_THROW(vectors.upsert({.indexName = index, .vectors = {{1, 0, 0, 0, 0, 0, 0, 0}}}),
               ReadOnlyError);
  EXPECT_THROW(vectors.delete_vector(index, "v0"), ReadOnlyError);
  EXPECT_THROW(vectors.truncate_index(index), ReadOnlyError);
  // A metadata-only update does not touch the DiskANN index: plain SQLite can run it.
  vectors.update_vector({.indexName = index, .id = "v0", .metadata = Json{{"k", 1}}});
  EXPECT_GT(diskann_leftovers(path), 0u);
  EXPECT_EQ(vectors.describe_index(index).count, 60);
}

TEST(ReferenceVectorFile, DeleteIndexRemovesLibsqlsLeftoversToo) {
  const auto path = copy_of_reference_file();
  const auto index = recorded().at("index").get<std::string>();
  LibSQLVector vectors(StoreOptions{.url = "file:" + path});
  vectors.delete_index(index);
  EXPECT_TRUE(vectors.list_indexes().empty());
  EXPECT_EQ(diskann_leftovers(path), 0u) << "a shadow table left behind breaks the reference";
  SqlitePeek db(path);
  EXPECT_EQ(db.rows("PRAGMA integrity_check"), (std::vector<std::vector<std::string>>{{"ok"}}));
}

TEST(ReferenceVectorFile, SharesTheStoresConnectionAndFile) {
  const auto path = copy_of_reference_file();
  LibSQLStore store(StoreOptions{.url = "file:" + path});
  store.init();
  LibSQLVector vectors(store);
  EXPECT_EQ(vectors.describe_index(recorded().at("index").get<std::string>()).count, 60);
  store.save_thread(
      {.id = "t0", .resourceId = "r0", .title = "x", .createdAt = ts(1), .updatedAt = ts(1)});
  EXPECT_TRUE(store.get_thread_by_id("t0"));
}

TEST(ReferenceVectorFile, DeletingAThreadDeletesItsEmbeddingsWhenAskedTo) {
  const auto path = copy_of_reference_file();
  const auto index = recorded().at("index").get<std::string>();
  LibSQLStore store(StoreOptions{.url = "file:" + path, .deleteMessageVectors = true});
  store.init();
  store.delete_thread("t0");  // 10 of the 60 embeddings carry thread_id t0
  LibSQLVector vectors(store);
  EXPECT_EQ(vectors.describe_index(index).count, 50);
  EXPECT_TRUE(vectors
                  .query({.indexName = index,
                          .queryVector = {1, 0, 0, 0, 0, 0, 0, 0},
                          .filter = {{"thread_id", "t0"}}})
                  .empty());
  EXPECT_EQ(diskann_leftovers(path), 0u) << "detached, so that plain SQLite could delete";
  SqlitePeek db(path);
  EXPECT_EQ(db.rows("PRAGMA integrity_check"), (std::vector<std::vector<std::string>>{{"ok"}}));
}

}  // namespace
}  // namespace libsqlstore::testing
