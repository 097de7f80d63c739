// The search methods of the JSON interface: argument shapes, answer shapes, error mapping, on a
// real SQLite file.
#include "libsqlstore/json_api.hpp"
#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace libsqlstore {
namespace {

using json_api::call;

class SearchApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<LibSQLStore>(StoreOptions{.url = "file:" + testing::temp_path()});
    call(*store_, "init", Json::array());
    run("saveThread", R"({"thread":{"id":"t1","resourceId":"r1","title":"Flight to Oslo",
        "createdAt":"2024-01-01T00:00:00.000Z","updatedAt":"2024-01-01T00:00:00.000Z"}})");
    run("saveMessages", R"({"format":"v2","messages":[
        {"id":"m1","threadId":"t1","resourceId":"r1","role":"user","type":"v2",
         "createdAt":"2024-01-01T00:00:01.000Z",
         "content":{"format":2,"parts":[{"type":"text","text":"my flight number is LH 123"}]}},
        {"id":"m2","threadId":"t1","resourceId":"r1","role":"assistant",
         "createdAt":"2024-01-01T00:00:02.000Z","content":"a V1 answer about the flight"}]})");
  }
  Json run(std::string_view method, const char* params) {
    return call(*store_, method, Json::parse(params));
  }
  std::unique_ptr<LibSQLStore> store_;
};

TEST_F(SearchApiTest, EnableAnswersTheStatus) {
  EXPECT_EQ(run("searchStatus", "[]"),
            Json::parse(R"({"enabled":false,"ready":false,"tokenizer":"unicode61","messages":0,
                            "threads":0})"));
  EXPECT_EQ(run("enableSearch", R"({"batchSize":1})"),
            Json::parse(R"({"enabled":true,"ready":true,"tokenizer":"unicode61","messages":2,
                            "threads":1})"));
  EXPECT_EQ(run("checkSearch", "[]"),
            Json::parse(R"({"consistent":true,"missing":0,"extra":0,"stale":0})"));
  EXPECT_EQ(run("rebuildSearch", "[]"), nullptr);
  EXPECT_EQ(run("disableSearch", "[]"), nullptr);
  EXPECT_FALSE(run("searchStatus", "[]").at("enabled").get<bool>());
}

TEST_F(SearchApiTest, SearchMessagesAnswersTheDocumentedShape) {
  run("enableSearch", "[]");
  const Json page = run("searchMessages", R"({"query":"flight number","resourceId":"r1"})");
  ASSERT_EQ(page.at("results").size(), 1u);
  const Json& hit = page.at("results").at(0);
  EXPECT_EQ(hit.at("threadId"), "t1");
  EXPECT_GT(hit.at("score").get<double>(), 0);
  EXPECT_EQ(hit.at("snippet"), "my <mark>flight</mark> <mark>number</mark> is LH 123");
  EXPECT_EQ(hit.at("message").at("id"), "m1");
  EXPECT_EQ(hit.at("message").at("content").at("parts").at(0).at("text"),
            "my flight number is LH 123");
  EXPECT_EQ(page.at("total"), 1);
  EXPECT_EQ(page.at("page"), 0);
  EXPECT_EQ(page.at("perPage"), 20);
  EXPECT_EQ(page.at("hasMore"), false);
  // Keys in the documented order.
  std::vector<std::string> keys;
  for (const auto& [k, v] : page.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"results", "total", "page", "perPage", "hasMore"}));
  // V1 on request; the V1 string message reads back as a V1 string.
  const Json v1 = run("searchMessages", R"({"query":"answer","format":"v1"})");
  EXPECT_EQ(v1.at("results").at(0).at("message").at("content"), "a V1 answer about the flight");
  // Every filter and option parsed.
  const Json scoped = run("searchMessages", R"({"query":"flight","threadId":"t1",
      "roles":["assistant"],"dateRange":{"start":"2024-01-01T00:00:02.000Z"},"page":0,
      "perPage":5,"mode":"words","snippet":{"open":"[","close":"]","ellipsis":"~","tokens":4}})");
  ASSERT_EQ(scoped.at("results").size(), 1u);
  EXPECT_EQ(scoped.at("results").at(0).at("message").at("id"), "m2");
  EXPECT_EQ(scoped.at("results").at(0).at("snippet"), "~answer about the [flight]");
}

TEST_F(SearchApiTest, SearchThreadsAnswersThreadsWithScores) {
  run("enableSearch", R"({"tokenizer":"trigram"})");
  const Json page = run("searchThreads", R"({"query":"slo"})");
  ASSERT_EQ(page.at("results").size(), 1u);
  EXPECT_EQ(page.at("results").at(0).at("thread").at("id"), "t1");
  EXPECT_EQ(page.at("results").at(0).at("thread").at("title"), "Flight to Oslo");
  EXPECT_EQ(page.at("results").at(0).at("snippet"), "Flight to O<mark>slo</mark>");
}

TEST_F(SearchApiTest, SemanticPartFusesVectorHits) {
  run("enableSearch", "[]");
  run("vector.createIndex", R"({"indexName":"memory_messages_2","dimension":2})");
  run("vector.upsert", R"({"indexName":"memory_messages_2","vectors":[[1,0],[0,1]],
      "metadata":[{"message_id":"m2","thread_id":"t1","resource_id":"r1"},
                  {"message_id":"m1","thread_id":"t1","resource_id":"r1"}]})");
  const Json page = run("searchMessages", R"({"query":"number","threadId":"t1",
      "semantic":{"indexName":"memory_messages_2","queryVector":[1,0],"candidates":5,"rrfK":0}})");
  ASSERT_EQ(page.at("results").size(), 2u);
  // m1: keyword rank 1, vector rank 2 -> 1 + 1/2; m2: vector rank 1 -> 1.
  EXPECT_EQ(page.at("results").at(0).at("message").at("id"), "m1");
  EXPECT_EQ(page.at("results").at(0).at("score"), 1.5);
  EXPECT_TRUE(page.at("results").at(0).at("keywordScore").is_number());
  EXPECT_EQ(page.at("results").at(1).at("message").at("id"), "m2");
  EXPECT_EQ(page.at("results").at(1).at("score"), 1.0);
  EXPECT_TRUE(page.at("results").at(1).at("keywordScore").is_null());
  EXPECT_EQ(page.at("results").at(1).at("vectorScore"), 1.0);
  EXPECT_EQ(page.at("results").at(1).at("snippet"), "");
  EXPECT_EQ(page.at("total"), 2);
}

TEST_F(SearchApiTest, BadArgumentsAreInvalidParamsWithTheMethodsId) {
  run("enableSearch", "[]");
  auto expect_invalid = [&](std::string_view method, const char* params, const char* needle) {
    try {
      run(method, params);
      ADD_FAILURE() << method << " " << params << " was accepted";
    } catch (const InvalidArgumentError& e) {
      EXPECT_EQ(e.id(), method == "searchThreads" ? "LIBSQL_STORE_SEARCH_THREADS_FAILED"
                                                  : "LIBSQL_STORE_SEARCH_MESSAGES_FAILED");
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_invalid("searchMessages", R"({})", "query");
  expect_invalid("searchMessages", R"({"query":"x","mode":"regex"})", "mode");
  expect_invalid("searchMessages", R"({"query":"x","roles":"user"})", "roles");
  expect_invalid("searchMessages", R"({"query":"x","nope":1})", "nope");
  expect_invalid("searchMessages", R"({"query":"x","snippet":{"tokens":100}})", "tokens");
  expect_invalid("searchMessages", R"({"query":"a OR","mode":"fts5"})", "offset 4");
  expect_invalid("searchThreads", R"({"query":"x","threadId":"t1"})", "threadId");
  try {
    run("enableSearch", R"({"tokenizer":"porter"})");
    ADD_FAILURE() << "accepted tokenizer porter";
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.id(), "LIBSQL_STORE_ENABLE_SEARCH_FAILED");
  }
}

}  // namespace
}  // namespace libsqlstore
