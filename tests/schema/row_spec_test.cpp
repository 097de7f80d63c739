// The tables declared once (schema/row_spec.hpp): column lists, statements, decoding by name and
// the JSON keys all follow the declaration.
#include <algorithm>

#include <gtest/gtest.h>

#include "schema/tables.hpp"

namespace libsqlstore::schema {
namespace {

TEST(RowSpec, ColumnListsFollowTheDeclaration) {
  EXPECT_EQ(threads().select_list(), "id, resourceId, title, metadata, createdAt, updatedAt");
  EXPECT_EQ(threads().insert_sql("INSERT OR REPLACE"),
            "INSERT OR REPLACE INTO mastra_threads (id, resourceId, title, metadata, createdAt, "
            "updatedAt) VALUES (?, ?, ?, ?, ?, ?)");
  // A column only stored (evals' nullable createdAt) is inserted but not selected.
  EXPECT_EQ(evals().select_list().find(", createdAt"), std::string::npos);
  EXPECT_NE(evals().insert_sql().find(", createdAt)"), std::string::npos);
  EXPECT_EQ(scores().table().columns.size(), 29u);
  EXPECT_EQ(core_tables().size(), 7u);
}

TEST(RowSpec, DecodesByNameWhateverTheOrder) {
  Score s;
  s.id = "s1";
  s.scorerId = "sc";
  s.runId = "r";
  s.scorer = Json{{"name", "x"}};
  s.score = 0.5;
  s.input = Json("text in");
  s.output = Json::array({1, 2});
  s.source = "LIVE";
  s.createdAt = s.updatedAt = Timestamp{std::chrono::milliseconds{1'700'000'000'000}};
  const auto values = scores().values(s);
  core::ResultSet rs;
  for (const auto& f : scores().fields()) rs.columns.push_back(f.column.name);
  rs.rows.push_back(values);
  // Reverse the columns and the row alike.
  std::reverse(rs.columns.begin(), rs.columns.end());
  std::reverse(rs.rows[0].begin(), rs.rows[0].end());
  const auto decoded = scores().decode_first(rs);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, s);
}

TEST(RowSpec, RendersTheReferencesKeysInTheGivenOrder) {
  EvalRow e;
  e.input = "i";
  e.result = Json{{"score", 1}};
  EXPECT_EQ(evals().to_json(e).begin().key(), "input");
  EXPECT_FALSE(evals().to_json(e).contains("testInfo"));  // absent: undefined in the reference
  e.testInfo = Json(nullptr);
  EXPECT_TRUE(evals().to_json(e)["testInfo"].is_null());
  EXPECT_TRUE(evals().to_json(e).contains("agentName"));  // the column is agent_name
  Thread t;
  const auto keys = threads().to_json(t, {"title", "id"});
  EXPECT_EQ(keys.dump(), R"({"title":"","id":""})");
}

}  // namespace
}  // namespace libsqlstore::schema
