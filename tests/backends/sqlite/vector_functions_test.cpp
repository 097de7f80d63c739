// libSQL's vector functions as SQL on a plain SQLite connection: the reference's own query shape
// runs unchanged, scores come out bit-identical to the fixture libSQL recorded, a constant query
// vector is parsed once, and bad values fail the statement with libSQL's message.
#include "backends/sqlite/vector_functions.hpp"

#include <bit>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

namespace libsqlstore::sqlite {
namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct Finalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, Finalizer>;

class VectorFunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
    db_.reset(raw);
    ASSERT_EQ(register_vector_functions(raw), SQLITE_OK);
  }

  Stmt prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &s, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_.get());
    return Stmt(s);
  }

  /// The one text value of `sql`, or "ERROR: <message>".
  std::string text(const std::string& sql) {
    auto s = prepare(sql);
    const int rc = sqlite3_step(s.get());
    if (rc != SQLITE_ROW) return "ERROR: " + std::string(sqlite3_errmsg(db_.get()));
    if (sqlite3_column_type(s.get(), 0) == SQLITE_NULL) return "NULL";
    return reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
  }

  void exec(const std::string& sql) {
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
  }

  std::unique_ptr<sqlite3, Closer> db_;
};

std::vector<std::uint8_t> from_hex(const std::string& hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

TEST_F(VectorFunctionsTest, ScoresThroughSqlAreLibsqlsBitForBit) {
  std::ifstream in(LIBSQLSTORE_VECTOR_FIXTURES "/libsql_vector_functions.json");
  const auto fixture = nlohmann::json::parse(in);
  auto s = prepare("SELECT 1-vector_distance_cos(?, ?)");
  int checked = 0;
  for (const auto& c : fixture.at("scores")) {
    const auto a = from_hex(c.at("a").get<std::string>());
    const auto b = from_hex(c.at("b").get<std::string>());
    sqlite3_reset(s.get());
    sqlite3_bind_blob(s.get(), 1, a.data(), static_cast<int>(a.size()), SQLITE_TRANSIENT);
    sqlite3_bind_blob(s.get(), 2, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(s.get()), SQLITE_ROW) << sqlite3_errmsg(db_.get());
    if (c.at("score").is_null()) {
      EXPECT_EQ(sqlite3_column_type(s.get(), 0), SQLITE_NULL) << c.dump();
    } else {
      const auto bytes = from_hex(c.at("score").get<std::string>());
      double expected = 0;
      std::memcpy(&expected, bytes.data(), sizeof expected);
      EXPECT_EQ(std::bit_cast<std::uint64_t>(sqlite3_column_double(s.get(), 0)),
                std::bit_cast<std::uint64_t>(expected))
          << c.dump();
    }
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

TEST_F(VectorFunctionsTest, TheReferencesQueryRunsUnchanged) {
  // The table and the query LibSQLVector (the reference) issues, the vector inlined as text.
  exec(R"(CREATE TABLE t (id SERIAL PRIMARY KEY, vector_id TEXT UNIQUE NOT NULL,
          embedding F32_BLOB(3), metadata TEXT DEFAULT '{}'))");
  exec(R"(INSERT INTO t (vector_id, embedding, metadata) VALUES
          ('a', vector32('[1,0,0]'), '{}'), ('b', vector32('[0,1,0]'), '{}'),
          ('c', vector32('[0.9,0.1,0]'), '{}'), ('z', vector32('[0,0,0]'), '{}'),
          ('anti', vector32('[-1,0,0]'), '{}'))");
  auto s = prepare(R"(WITH vector_scores AS (
        SELECT vector_id as id, (1-vector_distance_cos(embedding, '[1,0,0]')) as score, metadata,
               vector_extract(embedding) as embedding
        FROM t)
      SELECT * FROM vector_scores WHERE score > ? ORDER BY score DESC LIMIT ?)");
  sqlite3_bind_double(s.get(), 1, -1);
  sqlite3_bind_int(s.get(), 2, 10);
  std::vector<std::string> ids;
  std::vector<std::string> texts;
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)));
    texts.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 3)));
  }
  // The zero vector scores NULL and the antipode exactly -1: neither passes `score > -1`.
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "c", "b"}));
  EXPECT_EQ(texts, (std::vector<std::string>{"[1,0,0]", "[0.9,0.1,0]", "[0,1,0]"}));
  EXPECT_EQ(text("SELECT 1-vector_distance_cos(vector32('[1,0,0]'), '[1,0,0]')"), "1.0");
}

TEST_F(VectorFunctionsTest, ValuesRoundTripBetweenForms) {
  EXPECT_EQ(text("SELECT hex(vector32('[1,0,0,0]'))"), "0000803F000000000000000000000000");
  EXPECT_EQ(text("SELECT hex(vector('[1,2]'))"), "0000803F00000040");
  EXPECT_EQ(text("SELECT hex(vector64(vector32('[0.5,2]')))"),
            "000000000000E03F000000000000004002");
  EXPECT_EQ(text("SELECT hex(vector32(vector64('[0.1,2]')))"), "CDCCCC3D00000040");
  EXPECT_EQ(text("SELECT vector_extract(vector64('[0.1234567891,2,1e300]'))"),
            "[0.123457,2,1e+300]");
  EXPECT_EQ(text("SELECT vector_distance_l2('[1,2]','[3,5]')"), "3.60555124282837");
  EXPECT_EQ(text("SELECT vector_distance_cos('[1,2]', x'0000803f00000040')"), "0.0");
  EXPECT_EQ(text("SELECT typeof(vector_distance_cos('[]','[]'))"), "null");
}

TEST_F(VectorFunctionsTest, BadValuesFailWithLibsqlsMessages) {
  EXPECT_EQ(text("SELECT vector32('[1,2')"), "ERROR: vector: must end with ']'");
  EXPECT_EQ(text("SELECT vector32(NULL)"),
            "ERROR: vector: unexpected value type: got NULL, expected TEXT or BLOB");
  EXPECT_EQ(text("SELECT vector32(1.5)"),
            "ERROR: vector: unexpected value type: got FLOAT, expected TEXT or BLOB");
  EXPECT_EQ(text("SELECT vector_extract(7)"),
            "ERROR: vector: unexpected value type: got INTEGER, expected TEXT or BLOB");
  EXPECT_EQ(text("SELECT vector_distance_cos('[1,2]','[3,4,5]')"),
            "ERROR: vector_distance: vectors must have the same length: 2 != 3");
  EXPECT_EQ(text("SELECT vector_distance_cos(vector64('[1,2]'),'[3,4]')"),
            "ERROR: vector_distance: vectors must have the same type: 2 != 1");
  EXPECT_EQ(text("SELECT vector_extract(x'000080')"), "ERROR: vector: unexpected binary type: 128");
  // A row whose blob is not a vector fails the scan, also behind a cached query vector.
  exec("CREATE TABLE r (e BLOB)");
  exec("INSERT INTO r VALUES (vector32('[1,0]')), (x'000000')");
  EXPECT_EQ(text("SELECT max(vector_distance_cos(e, '[1,0]')) FROM r"),
            "ERROR: vector: unexpected binary type: 0");
}

TEST_F(VectorFunctionsTest, TheDiskannMarkerIsNotRegistered) {
  // Registering libsql_vector_idx as a pass-through corrupts files the reference wrote.
  sqlite3_stmt* s = nullptr;
  EXPECT_NE(sqlite3_prepare_v2(db_.get(), "SELECT libsql_vector_idx(x'00')", -1, &s, nullptr),
            SQLITE_OK);
  sqlite3_finalize(s);
}

}  // namespace
}  // namespace libsqlstore::sqlite
