// The query modes: what words and phrase modes produce, and the fts5 checker's verdicts compared
// with SQLite's own FTS5 parser on the same queries (hand-picked, then random token soup).
#include "search/query_syntax.hpp"

#include <random>
#include <string>
#include <vector>

#include "libsqlstore/error.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace libsqlstore::search {
namespace {

/// An in-memory FTS5 table with one column `text`: the judge of what FTS5 accepts.
class Fts5Judge {
 public:
  Fts5Judge() {
    sqlite3_open(":memory:", &db_);
    sqlite3_exec(db_, "CREATE VIRTUAL TABLE f USING fts5(text); INSERT INTO f VALUES ('a b c')",
                 nullptr, nullptr, nullptr);
  }
  ~Fts5Judge() { sqlite3_close(db_); }
  Fts5Judge(const Fts5Judge&) = delete;
  Fts5Judge& operator=(const Fts5Judge&) = delete;

  /// Whether FTS5 runs `query` without an error.
  bool accepts(const std::string& query) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db_, "SELECT count(*) FROM f WHERE f MATCH ?", -1, &stmt, nullptr);
    sqlite3_bind_text(stmt, 1, query.data(), static_cast<int>(query.size()), SQLITE_TRANSIENT);
    const int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return rc == SQLITE_ROW;
  }

 private:
  sqlite3* db_ = nullptr;
};

bool checker_accepts(const std::string& query) {
  try {
    check_fts5_syntax(query, "text");
    return true;
  } catch (const InvalidArgumentError&) {
    return false;
  }
}

TEST(QuerySyntax, WordsAreQuotedAllRequiredAndTheLastAPrefix) {
  EXPECT_EQ(match_expression("flight number", QueryMode::Words, "text"), R"("flight" "number"*)");
  EXPECT_EQ(match_expression("  say \"hi\"\tNOT ", QueryMode::Words, "text"),
            R"("say" """hi""" "NOT"*)");
}

TEST(QuerySyntax, PhraseIsOneQuotedString) {
  EXPECT_EQ(match_expression("my  flight\nnumber", QueryMode::Phrase, "text"),
            R"("my flight number")");
}

TEST(QuerySyntax, BlankTextIsRefusedInEveryMode) {
  for (auto mode : {QueryMode::Words, QueryMode::Phrase, QueryMode::Fts5}) {
    EXPECT_THROW(match_expression("", mode, "text"), InvalidArgumentError);
    EXPECT_THROW(match_expression(" \t\n", mode, "text"), InvalidArgumentError);
  }
}

TEST(QuerySyntax, NoTypedTextMakesASyntaxErrorInWordsOrPhraseMode) {
  Fts5Judge judge;
  const std::vector<std::string> nasty = {"\"",
                                          "\"\"",
                                          "AND",
                                          "OR b",
                                          "NOT",
                                          "(",
                                          ")",
                                          "*",
                                          "a*b",
                                          "NEAR(",
                                          "NEAR(a b, x)",
                                          "a:b",
                                          "-x",
                                          "{",
                                          "}",
                                          "^",
                                          "+",
                                          "text:",
                                          "'; DROP TABLE f; --",
                                          "a OR",
                                          "\x1a",
                                          "é\"ü",
                                          "a\"b\"c",
                                          "**",
                                          ",",
                                          "🙂",
                                          "NEAR",
                                          "\\"};
  for (const auto& text : nasty) {
    for (auto mode : {QueryMode::Words, QueryMode::Phrase}) {
      const auto expr = match_expression(text, mode, "text");
      EXPECT_TRUE(judge.accepts(expr)) << text << " -> " << expr;
    }
  }
}

TEST(QuerySyntax, Fts5ErrorsGiveTheOffsetOfTheFault) {
  try {
    check_fts5_syntax("flight AND (number OR", "text");
    FAIL() << "accepted";
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.details().at("position"), 21);
    EXPECT_NE(std::string(e.what()).find("offset 21"), std::string::npos) << e.what();
  }
  try {
    check_fts5_syntax("a \"unterminated", "text");
    FAIL() << "accepted";
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.details().at("position"), 2);
    EXPECT_NE(std::string(e.what()).find("unterminated string"), std::string::npos);
  }
  try {
    check_fts5_syntax("title:flight", "text");
    FAIL() << "accepted";
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.details().at("position"), 0);
    EXPECT_NE(std::string(e.what()).find("no such column"), std::string::npos);
  }
}

TEST(QuerySyntax, CheckerAgreesWithSqliteOnHandPickedQueries) {
  Fts5Judge judge;
  const std::vector<std::string> queries = {
      "a", "a b", "a AND b", "a OR b", "a NOT b", "a (b OR c)", "(a OR b) c", "a AND (b OR c)",
      "a NOT b c", "NEAR(a b, 10)", "NEAR(a b)", "NEAR", "NEAR a", "text:(a OR b)", "{text}: a",
      "-text: a", "^a",
      // FTS5's whitespace is " \t\n\r" only: '\v' and
      // '\f' are syntax errors (tests/fuzz found it).
      "\v\v\v\vp0z", "a\fb", "a \t\r\n b", "a + b", "a*", "a * b", "a OR", "(a", "a)",
      "\"a\" \"b\"", "a:b", "and", "AND", "a -b", "_a1", "x NOT (a OR b)", "(a OR b) NOT c",
      "text:a b", "a OR b AND c", "NEAR(a, 2)", "NEAR(a b,)", "NEAR(a b, x)", "a b*c", "^\"a\"",
      "a ^b", "\"a\"+\"b\"*", "a:", "{text text}:a", "()", "(())", "a AND", "NOT a", "a NOT",
      "\"\"", "a.b", "a,b", "{}:a", "-{text}:a", "text:-a", "NEAR(a b, 1) c", "c NEAR(a b)",
      "a + NEAR(b)", "a^", "^^a", "(a)(b)", "a (b)", "NEAR(^a b)", "text:^a", "a*+b", "a+b*", "é ü",
      "a\x1a", "a AND NOT b", "a OR NOT b", "(a) AND (b)", "(a) b", "a AND b c", "text:(a) b",
      "text:{text}:a"};
  for (const auto& q : queries) {
    EXPECT_EQ(checker_accepts(q), judge.accepts(q)) << "query: " << q;
  }
}

TEST(QuerySyntax, CheckerAgreesWithSqliteOnRandomTokenSoup) {
  Fts5Judge judge;
  const std::vector<std::string> pieces = {"a", "b",       "text", "AND", "OR", "NOT", "NEAR", "(",
                                           ")", "{",       "}",    ":",   ",",  "+",   "*",    "-",
                                           "^", "\"x y\"", "\"\"", "7",   " ",  " ",   " "};
  std::mt19937 rng(20261203);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 9);
  int disagreements = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string q;
    const int n = length(rng);
    for (int j = 0; j < n; ++j) q += pieces[pick(rng)];
    if (checker_accepts(q) != judge.accepts(q)) {
      ADD_FAILURE() << "query: [" << q << "] checker " << checker_accepts(q) << " sqlite "
                    << judge.accepts(q);
      if (++disagreements > 20) break;
    }
  }
}

}  // namespace
}  // namespace libsqlstore::search
