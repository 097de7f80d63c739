// The generic write path's statements: value encoding, multi-row chunking, identifier checks,
// and the LIKE escaping of trace name prefixes.
#include "operations/record_sql.hpp"

#include "libsqlstore/error.hpp"

#include <gtest/gtest.h>

#include "operations/ddl.hpp"
#include "traces/trace_queries.hpp"

namespace libsqlstore::operations {
namespace {

TEST(RecordSqlTest, EncodesEachJsonType) {
  EXPECT_TRUE(core::is_null(to_sql_value(nullptr)));
  EXPECT_EQ(to_sql_value("s"), core::Value(std::string("s")));
  EXPECT_EQ(to_sql_value(true), core::Value(std::int64_t{1}));
  EXPECT_EQ(to_sql_value(false), core::Value(std::int64_t{0}));
  EXPECT_EQ(to_sql_value(-7), core::Value(std::int64_t{-7}));
  EXPECT_EQ(to_sql_value(2.5), core::Value(2.5));
  EXPECT_EQ(to_sql_value(Json::parse(R"({"b":[1,2.0],"a":null})")),
            core::Value(std::string(R"({"b":[1,2],"a":null})")));
  EXPECT_THROW(to_sql_value(std::numeric_limits<double>::infinity()), InvalidArgumentError);
  EXPECT_THROW(to_sql_value(std::numeric_limits<std::uint64_t>::max()), InvalidArgumentError);
}

TEST(RecordSqlTest, GroupsConsecutiveRecordsWithTheSameKeys) {
  std::vector<Json> records;
  for (int i = 0; i < 1201; ++i) records.push_back(Json{{"id", i}, {"v", "x"}});
  records.push_back(Json{{"v", "y"}, {"id", 9999}});  // other key order: its own statement
  const auto stmts = insert_statements("t", records);
  ASSERT_EQ(stmts.size(), 4u);  // 500 + 500 + 201 + 1
  EXPECT_EQ(stmts[0].args.size(), 1000u);
  EXPECT_EQ(stmts[2].args.size(), 402u);
  EXPECT_EQ(stmts[3].sql, "INSERT OR REPLACE INTO t (v, id) VALUES (?, ?)");
  EXPECT_EQ(stmts[2].sql.rfind("INSERT OR REPLACE INTO t (id, v) VALUES (?, ?), (?, ?)", 0), 0u);
  EXPECT_EQ(stmts[0].args[2], core::Value(std::int64_t{1}));
}

TEST(RecordSqlTest, WideRecordsStayUnderTheArgumentLimit) {
  Json wide = Json::object();
  for (int c = 0; c < 200; ++c) wide["c" + std::to_string(c)] = c;
  const auto stmts = insert_statements("t", std::vector<Json>(400, wide));
  for (const auto& s : stmts) EXPECT_LE(s.args.size(), kMaxArgsPerStatement);
  std::size_t total = 0;
  for (const auto& s : stmts) total += s.args.size();
  EXPECT_EQ(total, 400u * 200u);
}

TEST(RecordSqlTest, RefusesBadRecordsBeforeBuildingAnything) {
  EXPECT_THROW(insert_statements("bad table", {Json{{"a", 1}}}), InvalidArgumentError);
  EXPECT_THROW(insert_statements("t", {Json{{"a", 1}}, Json{{"a) --", 1}}}), InvalidArgumentError);
  EXPECT_THROW(insert_statements("t", {Json::object()}), InvalidArgumentError);
  EXPECT_THROW(insert_statements("t", {Json::array()}), InvalidArgumentError);
  EXPECT_TRUE(insert_statements("t", {}).empty());
}

TEST(RecordSqlTest, ReadsValuesAsTheReferenceLoadDoes) {
  EXPECT_EQ(from_sql_value(core::Value(std::string("{\"a\":1}"))), (Json{{"a", 1}}));
  EXPECT_EQ(from_sql_value(core::Value(std::string("[1"))), Json("[1"));
  EXPECT_EQ(from_sql_value(core::Value(std::string("5"))), Json("5"));
  EXPECT_EQ(from_sql_value(core::Value(std::int64_t{5})), Json(5));
  EXPECT_TRUE(from_sql_value(core::Value(nullptr)).is_null());
}

TEST(DdlTest, AlterColumnTextMatchesTheReference) {
  EXPECT_EQ(alter_add_column_sql("t", "c", {.type = ColumnType::DateTime, .nullable = false}),
            "ALTER TABLE t ADD COLUMN \"c\" TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00'");
  EXPECT_EQ(alter_add_column_sql("t", "c", {.type = ColumnType::Bigint, .nullable = true}),
            "ALTER TABLE t ADD COLUMN \"c\" INTEGER");
  EXPECT_EQ(alter_add_column_sql("t", "c", {.type = ColumnType::Jsonb, .nullable = false}),
            "ALTER TABLE t ADD COLUMN \"c\" TEXT NOT NULL DEFAULT '{}'");
  // An absent `nullable` adds a nullable column, as the reference's alterTable (which only adds
  // NOT NULL for `nullable: false`).
  EXPECT_EQ(alter_add_column_sql("t", "n_json", {.type = ColumnType::Jsonb}),
            "ALTER TABLE t ADD COLUMN \"n_json\" TEXT");
}

TEST(TraceQueriesTest, EscapesLikeWildcards) {
  EXPECT_EQ(traces::escape_like("a%b_c\\d"), "a\\%b\\_c\\\\d");
  EXPECT_EQ(traces::escape_like("plain"), "plain");
}

}  // namespace
}  // namespace libsqlstore::operations
