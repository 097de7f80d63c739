// json_api::call(): argument parsing (strict types, clear errors) and result shapes (the
// reference's keys, key order and date format), on a real SQLite file.
#include "libsqlstore/json_api.hpp"

#include <algorithm>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "matchers.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore {
namespace {

using testing::caught;

using json_api::call;
using json_api::stringify;

class JsonApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<LibSQLStore>(StoreOptions{.url = "file:" + testing::temp_path()});
    call(*store_, "init", Json::array());
  }
  Json run(std::string_view method, const char* params) {
    return call(*store_, method, Json::parse(params));
  }
  std::string text(std::string_view method, const char* params) {
    return stringify(run(method, params));
  }
  /// The message of the InvalidArgumentError the call throws ("" if it does not throw one).
  std::string invalid(std::string_view method, const char* params) {
    try {
      run(method, params);
    } catch (const InvalidArgumentError& e) {
      EXPECT_EQ(e.category(), ErrorCategory::User);
      return e.what();
    }
    ADD_FAILURE() << method << " " << params << " did not throw InvalidArgumentError";
    return "";
  }
  void save_thread(const char* id, const char* resource, const char* created) {
    call(*store_, "saveThread",
         Json::array({{{"thread",
                        {{"id", id},
                         {"resourceId", resource},
                         {"title", std::string("title ") + id},
                         {"metadata", {{"k", id}}},
                         {"createdAt", created},
                         {"updatedAt", created}}}}}));
  }
  std::unique_ptr<LibSQLStore> store_;
};

TEST_F(JsonApiTest, ListsEveryReferenceMethod) {
  const std::vector<std::string> expected = {
      "init", "supports", "createTable", "alterTable", "clearTable", "dropTable", "insert",
      "batchInsert", "load", "hasColumn", "getThreadById", "getThreadsByResourceId",
      "getThreadsByResourceIdPaginated", "saveThread", "updateThread", "deleteThread",
      "getMessages", "getMessagesPaginated", "saveMessages", "updateMessages", "deleteMessages",
      "getResourceById", "saveResource", "updateResource", "persistWorkflowSnapshot",
      "loadWorkflowSnapshot", "getWorkflowRunById", "getWorkflowRuns", "getEvalsByAgentName",
      "getEvals", "batchTraceInsert", "getTraces", "getTracesPaginated", "saveScore",
      "getScoreById", "getScoresByScorerId", "getScoresByRunId", "getScoresByEntityId",
      "vector.createIndex", "vector.upsert", "vector.query", "vector.listIndexes",
      "vector.describeIndex", "vector.deleteIndex", "vector.updateVector", "vector.deleteVector",
      "vector.truncateIndex",
      // libsqlstore's own: keyword search
      "searchMessages", "searchThreads", "enableSearch", "disableSearch", "searchStatus",
      "checkSearch", "rebuildSearch",
      // libsqlstore's own: embedded replicas
      "sync", "replicaStatus"};
  const auto& methods = json_api::methods();
  EXPECT_EQ(methods.size(), expected.size());
  for (const auto& m : expected) {
    EXPECT_TRUE(std::find(methods.begin(), methods.end(), m) != methods.end()) << m;
  }
}

TEST_F(JsonApiTest, ThreadShapesFollowTheReferenceKeyOrder) {
  save_thread("t1", "r1", "2025-01-01T00:00:00Z");
  EXPECT_EQ(text("getThreadById", R"([{"threadId":"t1"}])"),
            R"({"id":"t1","resourceId":"r1","title":"title t1","metadata":{"k":"t1"},)"
            R"("createdAt":"2025-01-01T00:00:00.000Z","updatedAt":"2025-01-01T00:00:00.000Z"})");
  // Listings put metadata last, as the reference's row mapping does.
  EXPECT_EQ(
      text("getThreadsByResourceId", R"([{"resourceId":"r1"}])"),
      R"([{"id":"t1","resourceId":"r1","title":"title t1","createdAt":"2025-01-01T00:00:00.000Z",)"
      R"("updatedAt":"2025-01-01T00:00:00.000Z","metadata":{"k":"t1"}}])");
  EXPECT_EQ(text("getThreadById", R"({"threadId":"missing"})"), "null");
}

TEST_F(JsonApiTest, SaveThreadAnswersWithTheCallersObjectInItsKeyOrder) {
  EXPECT_EQ(text("saveThread",
                 R"([{"thread":{"title":"T","id":"t9","updatedAt":"2025-01-02T00:00:00.000Z",)"
                 R"("resourceId":"r","createdAt":"2025-01-01T00:00:00.000Z"}}])"),
            R"({"title":"T","id":"t9","updatedAt":"2025-01-02T00:00:00.000Z","resourceId":"r",)"
            R"("createdAt":"2025-01-01T00:00:00.000Z"})");
  EXPECT_EQ(run("getThreadById", R"([{"threadId":"t9"}])")["metadata"], nullptr);
}

TEST_F(JsonApiTest, PaginatesThreadsWithOrderAndDirection) {
  save_thread("a", "r", "2025-01-01T00:00:00.000Z");
  save_thread("b", "r", "2025-01-02T00:00:00.000Z");
  save_thread("c", "r", "2025-01-03T00:00:00.000Z");
  const auto page = run("getThreadsByResourceIdPaginated",
                        R"([{"resourceId":"r","page":1,"perPage":2,"sortDirection":"ASC"}])");
  EXPECT_EQ(stringify(page["threads"][0]["id"]), R"("c")");
  EXPECT_EQ(page["threads"].size(), 1u);
  EXPECT_EQ(page["total"], 3);
  EXPECT_EQ(page["page"], 1);
  EXPECT_EQ(page["perPage"], 2);
  EXPECT_EQ(page["hasMore"], false);
  std::vector<std::string> keys;
  for (const auto& [k, v] : page.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"threads", "total", "page", "perPage", "hasMore"}));
}

TEST_F(JsonApiTest, UpdateThreadMergesMetadataAndUnknownIdIsNotFound) {
  save_thread("t1", "r1", "2025-01-01T00:00:00.000Z");
  const auto t = run("updateThread", R"([{"id":"t1","title":"new","metadata":{"x":2}}])");
  EXPECT_EQ(stringify(t["metadata"]), R"({"k":"t1","x":2})");
  EXPECT_EQ(t["title"], "new");
  if (const auto e = caught<NotFoundError>(
          [&] { run("updateThread", R"([{"id":"nope","title":"x","metadata":{}}])"); })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_UPDATE_THREAD_FAILED_THREAD_NOT_FOUND");
  }
}

TEST_F(JsonApiTest, ResourcesRoundTripAndUpdateCreatesMissingOnes) {
  EXPECT_EQ(text("getResourceById", R"([{"resourceId":"r1"}])"), "null");
  // Created by update without working memory: the reference leaves workingMemory out.
  const auto created = run("updateResource", R"([{"resourceId":"r1","metadata":{"a":1}}])");
  EXPECT_FALSE(created.contains("workingMemory"));
  EXPECT_EQ(stringify(created["metadata"]), R"({"a":1})");
  const auto updated = run("updateResource", R"([{"resourceId":"r1","metadata":{"b":2}}])");
  EXPECT_EQ(updated["workingMemory"], nullptr);
  EXPECT_EQ(stringify(updated["metadata"]), R"({"a":1,"b":2})");
  EXPECT_EQ(
      text("saveResource",
           R"([{"resource":{"id":"r2","workingMemory":"# notes","metadata":{"m":true},)"
           R"("createdAt":"2025-01-01T00:00:00.000Z","updatedAt":"2025-01-01T00:00:00.000Z"}}])"),
      R"({"id":"r2","workingMemory":"# notes","metadata":{"m":true},)"
      R"("createdAt":"2025-01-01T00:00:00.000Z","updatedAt":"2025-01-01T00:00:00.000Z"})");
  EXPECT_EQ(text("getResourceById", R"({"resourceId":"r2"})"),
            R"({"id":"r2","workingMemory":"# notes","metadata":{"m":true},)"
            R"("createdAt":"2025-01-01T00:00:00.000Z","updatedAt":"2025-01-01T00:00:00.000Z"})");
}

TEST_F(JsonApiTest, SupportsAndInitTakeNoArguments) {
  EXPECT_EQ(text("supports", "[]"),
            R"({"selectByIncludeResourceScope":true,"resourceWorkingMemory":true,)"
            R"("hasColumn":true,"createTable":true,"deleteMessages":true})");
  EXPECT_EQ(text("init", "null"), "null");
  EXPECT_NE(invalid("init", R"([1])").find("takes no arguments"), std::string::npos);
}

TEST_F(JsonApiTest, UnknownMethodIsItsOwnError) {
  try {
    run("getThread", "[]");
    FAIL() << "expected UnknownMethodError";
  } catch (const json_api::UnknownMethodError& e) {
    EXPECT_EQ(e.id(), "LIBSQL_STORE_UNKNOWN_METHOD");
    EXPECT_EQ(e.details()["method"], "getThread");
  }
}

TEST_F(JsonApiTest, WrongTypesAreClearErrorsNamingTheField) {
  EXPECT_EQ(invalid("getThreadById", R"([{"threadId":42}])"),
            "getThreadById: args.threadId must be a string, got number 42");
  EXPECT_EQ(invalid("getThreadsByResourceIdPaginated", R"([{"resourceId":"r","page":"2"}])"),
            "getThreadsByResourceIdPaginated: args.page must be an integer, got string");
  EXPECT_EQ(invalid("getThreadsByResourceIdPaginated", R"([{"resourceId":"r","perPage":1.5}])"),
            "getThreadsByResourceIdPaginated: args.perPage must be an integer, got number 1.5");
  EXPECT_EQ(invalid("getThreadById", R"(["t1"])"),
            "getThreadById: args must be an object, got string");
  EXPECT_EQ(
      invalid("saveThread", R"([{"thread":{"id":"t","resourceId":"r","title":"x",)"
                            R"("createdAt":"yesterday","updatedAt":"2025-01-01T00:00:00Z"}}])"),
      "saveThread: args.thread.createdAt is not an ISO-8601 date: \"yesterday\"");
  EXPECT_EQ(invalid("saveThread", R"([{"thread":{"id":"t","resourceId":"r","title":"x",)"
                                  R"("metadata":[1],"createdAt":"2025-01-01T00:00:00Z",)"
                                  R"("updatedAt":"2025-01-01T00:00:00Z"}}])"),
            "saveThread: args.thread.metadata must be an object, got array");
  EXPECT_EQ(invalid("getThreadsByResourceId", R"([{"resourceId":"r","sortDirection":"asc"}])"),
            "getThreadsByResourceId: args.sortDirection must be \"ASC\" or \"DESC\", got \"asc\"");
  EXPECT_EQ(invalid("hasColumn", R"([{"table":"x"},"c"])"),
            "hasColumn: table must be a string, got object");
  EXPECT_EQ(invalid("deleteMessages", R"([42])"),
            "deleteMessages: messageIds must be an array, got number 42");
  EXPECT_EQ(invalid("deleteMessages", R"([["a",7]])"),
            "deleteMessages: messageIds[1] must be a string, got number 7");
}

TEST_F(JsonApiTest, MissingAndUnknownFieldsAreRejected) {
  EXPECT_EQ(invalid("getThreadById", R"([{}])"),
            "getThreadById: args.threadId is required (a string)");
  EXPECT_EQ(invalid("getThreadById", R"([])"), "getThreadById: args is required (an object)");
  EXPECT_EQ(invalid("getThreadById", R"([{"threadId":"t","threadID":"t"}])"),
            "getThreadById: args has an unknown field \"threadID\"");
  EXPECT_EQ(invalid("getThreadById", R"([{"threadId":"t"},{}])"),
            "getThreadById takes 1 argument, got 2");
  EXPECT_EQ(invalid("getThreadById", R"("t1")"),
            "getThreadById: params must be an array of arguments or an object (the single "
            "argument), got string");
  EXPECT_EQ(invalid("getMessages", R"([{"threadId":"t","selectBy":{"last":true}}])"),
            "getMessages: args.selectBy.last must be a number or false, got true");
  EXPECT_EQ(invalid("getMessages", R"([{"threadId":"t","format":"v3"}])"),
            "getMessages: args.format must be \"v1\" or \"v2\", got \"v3\"");
  EXPECT_EQ(invalid("saveMessages", R"([{"messages":[{"id":"m","role":"user","content":5}]}])"),
            "saveMessages: args.messages[0].content must be a string, an array of parts or a V2 "
            "content object, got number");
  EXPECT_EQ(invalid("createTable", R"([{"tableName":"t","schema":{"a":{"type":"varchar"}}}])"),
            "createTable: args.schema.a.type must be \"text\", \"timestamp\", \"uuid\", "
            "\"jsonb\", \"integer\", \"bigint\" or \"float\", got \"varchar\"");
  EXPECT_EQ(invalid("getScoresByRunId", R"([{"runId":"r"}])"),
            "getScoresByRunId: args.pagination is required (an object)");
  EXPECT_EQ(invalid("getEvalsByAgentName", R"(["a","other"])"),
            "getEvalsByAgentName: type must be \"test\" or \"live\", got \"other\"");
}

// The registry opens a method's one object argument: its name in messages is the reference's
// parameter name, and an optional one may be left out.
TEST_F(JsonApiTest, ObjectArgumentsAreNamedAndOptionalOnesMayBeOmitted) {
  EXPECT_EQ(invalid("saveScore", R"([])"), "saveScore: score is required (an object)");
  EXPECT_EQ(invalid("getEvals", R"([{"agentname":"a"}])"),
            "getEvals: options has an unknown field \"agentname\"");
  EXPECT_EQ(invalid("getEvals", R"([{"dateRange":{"start":5}}])"),
            "getEvals: options.dateRange.start must be an ISO-8601 date string, got number 5");
  EXPECT_EQ(invalid("getTracesPaginated", R"([{"dateRange":{"from":"x"}}])"),
            "getTracesPaginated: args.dateRange has an unknown field \"from\"");
  EXPECT_EQ(invalid("batchInsert", R"([{"tableName":"t","records":[{},3]}])"),
            "batchInsert: args.records[1] must be an object, got number 3");
  EXPECT_EQ(invalid("getWorkflowRuns", R"([{}, {}])"), "getWorkflowRuns takes 1 argument, got 2");
  EXPECT_EQ(run("getWorkflowRuns", "[]"), Json::parse(R"({"runs":[],"total":0})"));
  EXPECT_EQ(run("getEvals", "null").at("evals"), Json::array());
}

TEST_F(JsonApiTest, ArgumentErrorsCarryTheMethodsErrorId) {
  auto id_of = [&](std::string_view method, const char* params) {
    try {
      run(method, params);
    } catch (const InvalidArgumentError& e) {
      return e.id();
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(id_of("getThreadById", R"([{"threadId":1}])"), "LIBSQL_STORE_GET_THREAD_BY_ID_FAILED");
  EXPECT_EQ(id_of("saveThread", R"([{"thread":{"id":"t"}}])"), "LIBSQL_STORE_SAVE_THREAD_FAILED");
  EXPECT_EQ(id_of("getThreadsByResourceIdPaginated", R"([{"resourceId":"r","page":-1}])"),
            "LIBSQL_STORE_GET_THREADS_BY_RESOURCE_ID_FAILED");
  EXPECT_EQ(id_of("batchTraceInsert", R"([{"records":[1]}])"), "LIBSQL_STORE_BATCH_INSERT_FAILED");
  EXPECT_EQ(id_of("getEvalsByAgentName", "[]"), "LIBSQL_STORE_GET_EVALS_BY_AGENT_NAME_FAILED");
}

TEST_F(JsonApiTest, BadInputLeavesStoredDataAlone) {
  save_thread("keep", "r", "2025-01-01T00:00:00.000Z");
  const auto before = text("getThreadById", R"([{"threadId":"keep"}])");
  invalid("saveThread", R"([{"thread":{"id":"keep","resourceId":7}}])");
  invalid("updateThread", R"([{"id":"keep","title":3}])");
  EXPECT_EQ(text("getThreadById", R"([{"threadId":"keep"}])"), before);
}

TEST_F(JsonApiTest, MessagesInBothFormatsWithTheReferenceDefaults) {
  save_thread("mt", "mr", "2025-02-01T00:00:00.000Z");
  // V1 input; saveMessages answers v1 by default.
  const char* v1 =
      R"([{"role":"user","id":"m1","createdAt":"2025-02-01T00:00:01.000Z","resourceId":"mr",)"
      R"("threadId":"mt","type":"text","content":"Weather in Paris?"},)"
      R"({"role":"assistant","id":"m2","createdAt":"2025-02-01T00:00:02.000Z","resourceId":"mr",)"
      R"("threadId":"mt","type":"tool-call","content":[{"type":"tool-call","toolCallId":"c1",)"
      R"("toolName":"weather","args":{"city":"Paris"}}]},)"
      R"({"role":"tool","id":"m3","createdAt":"2025-02-01T00:00:03.000Z","resourceId":"mr",)"
      R"("threadId":"mt","type":"tool-result","content":[{"type":"tool-result","toolCallId":"c1",)"
      R"("toolName":"weather","result":{"t":20}}]}])";
  // Recorded from the reference: the V1 tool result comes back as an assistant tool-call (with
  // the args of the earlier call) plus a tool message `m3__split-1`.
  const std::string expected =
      R"([{"role":"user","id":"m1","createdAt":"2025-02-01T00:00:01.000Z","resourceId":"mr",)"
      R"("threadId":"mt","type":"text","content":"Weather in Paris?"},)"
      R"({"role":"assistant","id":"m2","createdAt":"2025-02-01T00:00:02.000Z","resourceId":"mr",)"
      R"("threadId":"mt","type":"tool-call","content":[{"type":"tool-call","toolCallId":"c1",)"
      R"("toolName":"weather","args":{"city":"Paris"}}]},)"
      R"({"role":"assistant","id":"m3","createdAt":"2025-02-01T00:00:03.000Z","resourceId":"mr",)"
      R"("threadId":"mt","type":"tool-call","content":[{"type":"tool-call","toolCallId":"c1",)"
      R"("toolName":"weather","args":{"city":"Paris"}}]},)"
      R"({"role":"tool","id":"m3__split-1","createdAt":"2025-02-01T00:00:03.000Z","resourceId":"mr",)"
      R"("threadId":"mt","type":"tool-result","content":[{"type":"tool-result","toolCallId":"c1",)"
      R"("toolName":"weather","result":{"t":20}}]}])";
  const auto saved = call(*store_, "saveMessages", Json::array({{{"messages", Json::parse(v1)}}}));
  EXPECT_EQ(stringify(saved), expected);

  // getMessages: v1 by default, the same answer.
  EXPECT_EQ(text("getMessages", R"([{"threadId":"mt"}])"), expected);
  // v2: the tool result is folded into an assistant message that carries the call's args.
  const auto v2 = run("getMessages", R"([{"threadId":"mt","format":"v2"}])");
  ASSERT_EQ(v2.size(), 3u);
  EXPECT_EQ(v2[2]["role"], "assistant");
  EXPECT_EQ(stringify(v2[2]["content"]["parts"][0]["toolInvocation"]["args"]),
            R"({"city":"Paris"})");
  // With only the result in the window, the args are not found (the reference's rule).
  const auto last1 = run("getMessages", R"([{"threadId":"mt","selectBy":{"last":1}}])");
  ASSERT_EQ(last1.size(), 2u);  // the result splits into a tool-call and a tool message
  EXPECT_EQ(last1[1]["id"], "m3__split-1");
  EXPECT_EQ(stringify(last1[0]["content"][0]["args"]), "{}");

  // getMessagesPaginated: v2 by default, v1 on request.
  const auto page = run("getMessagesPaginated",
                        R"([{"threadId":"mt","selectBy":{"pagination":{"page":0,"perPage":2}}}])");
  EXPECT_EQ(page["messages"].size(), 2u);
  EXPECT_EQ(page["messages"][0]["content"]["format"], 2);
  EXPECT_EQ(page["total"], 3);
  EXPECT_EQ(page["hasMore"], true);
  const auto page_v1 =
      run("getMessagesPaginated",
          R"([{"threadId":"mt","format":"v1","selectBy":{"pagination":{"page":1,"perPage":2}}}])");
  EXPECT_EQ(stringify(page_v1["messages"]),
            R"([{"role":"user","id":"m1","createdAt":"2025-02-01T00:00:01.000Z","resourceId":"mr",)"
            R"("threadId":"mt","type":"text","content":"Weather in Paris?"}])");
}

TEST_F(JsonApiTest, SaveMessagesV2AnswerKeepsTheCallersObject) {
  save_thread("mt", "mr", "2025-02-01T00:00:00.000Z");
  const char* in = R"([{"messages":[{"threadId":"mt","id":"v2a","role":"user","resourceId":"mr",)"
                   R"("content":{"format":2,"parts":[{"type":"text","text":"hi"}],"content":"hi"},)"
                   R"("createdAt":"2025-02-01T00:00:05Z"}],"format":"v2"}])";
  EXPECT_EQ(text("saveMessages", in),
            R"([{"threadId":"mt","id":"v2a","role":"user","resourceId":"mr",)"
            R"("content":{"format":2,"parts":[{"type":"text","text":"hi"}],"content":"hi"},)"
            R"("createdAt":"2025-02-01T00:00:05.000Z"}])");
}

TEST_F(JsonApiTest, UpdateAndDeleteMessages) {
  save_thread("mt", "mr", "2025-02-01T00:00:00.000Z");
  run("saveMessages",
      R"([{"messages":[{"id":"a","threadId":"mt","resourceId":"mr","role":"user","type":"text",)"
      R"("content":{"format":2,"parts":[{"type":"text","text":"x"}],"metadata":{"k":1}},)"
      R"("createdAt":"2025-02-01T00:00:01.000Z"}]}])");
  const auto updated =
      run("updateMessages", R"([{"messages":[{"id":"a","content":{"metadata":{"j":2}}}]}])");
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(stringify(updated[0]["content"]["metadata"]), R"({"k":1,"j":2})");
  EXPECT_EQ(text("deleteMessages", R"([["a"]])"), "null");
  EXPECT_EQ(text("getMessages", R"([{"threadId":"mt"}])"), "[]");
  EXPECT_NE(invalid("updateMessages", R"([{"messages":[{"id":"a","content":"text"}]}])")
                .find("content must be an object"),
            std::string::npos);
}

std::vector<std::string> keys_of(const Json& object) {
  std::vector<std::string> out;
  for (const auto& [k, v] : object.items()) out.push_back(k);
  return out;
}

TEST_F(JsonApiTest, WorkflowRunsHaveTheReferenceShape) {
  run("persistWorkflowSnapshot",
      R"([{"workflowName":"wf","runId":"r1","snapshot":{"status":"running","n":1.0}}])");
  EXPECT_EQ(text("loadWorkflowSnapshot", R"([{"workflowName":"wf","runId":"r1"}])"),
            R"({"status":"running","n":1})");
  const auto run1 = run("getWorkflowRunById", R"([{"runId":"r1"}])");
  EXPECT_EQ(keys_of(run1), (std::vector<std::string>{"workflowName", "runId", "snapshot",
                                                     "resourceId", "createdAt", "updatedAt"}));
  EXPECT_EQ(run1["resourceId"], nullptr);
  const auto runs = run("getWorkflowRuns", "[]");
  EXPECT_EQ(keys_of(runs), (std::vector<std::string>{"runs", "total"}));
  EXPECT_EQ(runs["total"], 1);
  EXPECT_EQ(text("loadWorkflowSnapshot", R"([{"workflowName":"wf","runId":"none"}])"), "null");
}

TEST_F(JsonApiTest, ScoresHaveTheTransformScoreRowShape) {
  const auto saved =
      run("saveScore",
          R"([{"scorerId":"s","runId":"r","scorer":{"n":1},"score":1.0,)"
          R"("input":[1],"output":{"o":1},"source":"LIVE",)"
          R"("createdAt":"2025-01-01T00:00:00.000Z","updatedAt":"2025-01-01T00:00:00.000Z"}])");
  const Json& score = saved.at("score");
  EXPECT_EQ(keys_of(saved), std::vector<std::string>{"score"});
  EXPECT_EQ(keys_of(score), (std::vector<std::string>{"id",
                                                      "traceId",
                                                      "runId",
                                                      "scorer",
                                                      "score",
                                                      "reason",
                                                      "preprocessStepResult",
                                                      "analyzeStepResult",
                                                      "analyzePrompt",
                                                      "preprocessPrompt",
                                                      "generateScorePrompt",
                                                      "generateReasonPrompt",
                                                      "metadata",
                                                      "input",
                                                      "output",
                                                      "additionalContext",
                                                      "runtimeContext",
                                                      "entityType",
                                                      "entity",
                                                      "entityId",
                                                      "scorerId",
                                                      "source",
                                                      "resourceId",
                                                      "threadId",
                                                      "createdAt",
                                                      "updatedAt"}));
  EXPECT_NE(stringify(score).find(R"("score":1,)"), std::string::npos);  // JS number format
  const auto id = score["id"].get<std::string>();
  EXPECT_EQ(stringify(call(*store_, "getScoreById", Json::array({{{"id", id}}}))),
            stringify(score));
  const auto page =
      run("getScoresByRunId", R"([{"runId":"r","pagination":{"page":0,"perPage":5}}])");
  EXPECT_EQ(keys_of(page), (std::vector<std::string>{"scores", "pagination"}));
  EXPECT_EQ(stringify(page["pagination"]), R"({"total":1,"page":0,"perPage":5,"hasMore":false})");
}

TEST_F(JsonApiTest, TracesAndEvalsHaveTheReferenceShapes) {
  run("batchTraceInsert",
      R"([{"records":[{"id":"s1","name":"agent.run","traceId":"tr","scope":"mastra","kind":1,)"
      R"("attributes":{"a":1},"status":{"code":0},"events":[],"links":[],"other":{},)"
      R"("startTime":1000,"endTime":2000,"createdAt":"2025-01-01T00:00:00.000Z"}]}])");
  const auto page = run("getTracesPaginated", R"([{"name":"agent"}])");
  EXPECT_EQ(keys_of(page),
            (std::vector<std::string>{"traces", "total", "page", "perPage", "hasMore"}));
  ASSERT_EQ(page["traces"].size(), 1u);
  EXPECT_EQ(keys_of(page["traces"][0]),
            (std::vector<std::string>{"id", "parentSpanId", "traceId", "name", "scope", "kind",
                                      "status", "events", "links", "attributes", "startTime",
                                      "endTime", "other", "createdAt"}));
  EXPECT_EQ(page["traces"][0]["parentSpanId"], nullptr);

  run("insert",
      R"([{"tableName":"mastra_evals","record":{"input":"i","output":"o","result":{"score":1},)"
      R"("agent_name":"a","metric_name":"m","instructions":"x","global_run_id":"g","run_id":"r",)"
      R"("created_at":"2025-01-01T00:00:00.000Z"}}])");
  const auto evals = run("getEvalsByAgentName", R"(["a"])");
  ASSERT_EQ(evals.size(), 1u);
  // No test_info: the reference leaves testInfo out (undefined).
  EXPECT_EQ(keys_of(evals[0]),
            (std::vector<std::string>{"input", "output", "result", "agentName", "metricName",
                                      "instructions", "globalRunId", "runId", "createdAt"}));
  // Issue #9.4: the text 'null' (what the reference writes for testInfo: null) answers null.
  run("insert",
      R"([{"tableName":"mastra_evals","record":{"input":"i","output":"o","result":{"score":1},)"
      R"("agent_name":"n","metric_name":"m","instructions":"x","test_info":"null",)"
      R"("global_run_id":"g","run_id":"r2","created_at":"2025-01-01T00:00:00.000Z"}}])");
  EXPECT_EQ(text("getEvalsByAgentName", R"(["n"])"),
            R"([{"input":"i","output":"o","result":{"score":1},"agentName":"n","metricName":"m",)"
            R"("instructions":"x","testInfo":null,"globalRunId":"g","runId":"r2",)"
            R"("createdAt":"2025-01-01T00:00:00.000Z"}])");
  EXPECT_EQ(run("getEvalsByAgentName", R"(["a","test"])"), Json::array());
}

TEST_F(JsonApiTest, GenericTableOperations) {
  run("createTable",
      R"([{"tableName":"custom","schema":{"id":{"type":"text","primaryKey":true},)"
      R"("data":{"type":"jsonb","nullable":true},"createdAt":{"type":"timestamp"}}}])");
  EXPECT_EQ(text("hasColumn", R"(["custom","data"])"), "true");
  EXPECT_EQ(text("hasColumn", R"(["custom","nope"])"), "false");
  run("insert",
      R"([{"tableName":"custom","record":{"id":"a","data":{"x":[1]},"createdAt":"2025-01-01T00:00:00.000Z"}}])");
  EXPECT_EQ(text("load", R"([{"tableName":"custom","keys":{"id":"a"}}])"),
            R"({"id":"a","data":{"x":[1]},"createdAt":"2025-01-01T00:00:00.000Z"})");
  run("clearTable", R"([{"tableName":"custom"}])");
  EXPECT_EQ(text("load", R"([{"tableName":"custom","keys":{"id":"a"}}])"), "null");
  run("dropTable", R"([{"tableName":"custom"}])");
  EXPECT_EQ(text("hasColumn", R"(["custom","data"])"), "false");
}

// Issue #9.2: the reference's alterTable adds a column NOT NULL only for `nullable: false`; an
// absent `nullable` adds it nullable (createTable is the other way round).
TEST_F(JsonApiTest, AlterTableWritesTheReferenceDdl) {
  run("createTable",
      R"([{"tableName":"custom","schema":{"id":{"type":"text","primaryKey":true}}}])");
  run("alterTable",
      R"([{"tableName":"custom","schema":{"n_json":{"type":"jsonb"},)"
      R"("m":{"type":"text","nullable":false},"o":{"type":"integer","nullable":true}},)"
      R"("ifNotExists":["n_json","m","o"]}])");
  testing::SqlitePeek peek(store_->database_path());
  EXPECT_EQ(peek.rows("SELECT sql FROM sqlite_master WHERE name = 'custom'").at(0).at(0),
            "CREATE TABLE custom (id TEXT NOT NULL PRIMARY KEY, \"n_json\" TEXT, \"m\" TEXT NOT "
            "NULL DEFAULT '', \"o\" INTEGER)");
}

// Issue #9.3: a read after a schema change sees the table as it is now (SQLite re-prepares a
// cached `SELECT *` when the schema changes; its column list must follow).
TEST_F(JsonApiTest, LoadAfterAlterTableSeesTheNewColumns) {
  run("createTable",
      R"([{"tableName":"custom","schema":{"id":{"type":"text","primaryKey":true}}}])");
  run("insert", R"([{"tableName":"custom","record":{"id":"a"}}])");
  EXPECT_EQ(text("load", R"([{"tableName":"custom","keys":{"id":"a"}}])"), R"({"id":"a"})");
  run("alterTable",
      R"([{"tableName":"custom","schema":{"extra":{"type":"text"}},"ifNotExists":["extra"]}])");
  run("insert", R"([{"tableName":"custom","record":{"id":"b","extra":"x"}}])");
  EXPECT_EQ(text("load", R"([{"tableName":"custom","keys":{"id":"b"}}])"),
            R"({"id":"b","extra":"x"})");
  EXPECT_EQ(text("load", R"([{"tableName":"custom","keys":{"id":"a"}}])"),
            R"({"id":"a","extra":null})");
}

// Issue #9.10: integers above INT64_MAX wrapped to negative numbers in every integer argument.
TEST_F(JsonApiTest, IntegersBeyondSixtyFourBitsAreRefusedNotWrapped) {
  for (const char* params : {R"([{"resourceId":"r","perPage":9223372036854775808}])",
                             R"([{"resourceId":"r","page":18446744073709551615}])"}) {
    EXPECT_NE(invalid("getThreadsByResourceIdPaginated", params).find("must be an integer"),
              std::string::npos)
        << params;
  }
  EXPECT_NE(invalid("getMessages", R"([{"threadId":"t","selectBy":{"last":9223372036854775808}}])")
                .find("last must be an integer"),
            std::string::npos);
  EXPECT_NE(invalid("getMessages", R"([{"threadId":"t","selectBy":{"include":[{"id":"m",)"
                                   R"("withPreviousMessages":9223372036854775808}]}}])")
                .find("withPreviousMessages must be an integer"),
            std::string::npos);
  EXPECT_NE(invalid("getWorkflowRuns", R"([{"limit":18446744073709551615}])").find("limit"),
            std::string::npos);
  // INT64_MAX itself is an integer (and then too large a page, which is its own error).
  EXPECT_NE(invalid("getThreadsByResourceIdPaginated",
                    R"([{"resourceId":"r","page":9223372036854775807,"perPage":2}])")
                .find("too large"),
            std::string::npos);
}

// Issue #9.1 over JSON: JavaScript's largest date as a bound works; as a stored date it is refused.
TEST_F(JsonApiTest, DatesBeyondFourDigitYears) {
  save_thread("t1", "r", "2025-01-01T00:00:00.000Z");
  run("saveMessages",
      R"([{"messages":[{"id":"m1","role":"user","content":"hi",)"
      R"("createdAt":"2025-01-01T00:00:00.000Z","threadId":"t1","resourceId":"r"}]}])");
  const auto page =
      run("getMessagesPaginated",
          R"([{"threadId":"t1","selectBy":{"pagination":{"dateRange":)"
          R"({"start":"-271821-04-20T00:00:00.000Z","end":"+275760-09-13T00:00:00.000Z"}}}}])");
  EXPECT_EQ(page["total"], 1);
  if (const auto e = caught<InvalidArgumentError>([&] {
        run("saveThread",
            R"([{"thread":{"id":"t2","resourceId":"r","title":"x",)"
            R"("createdAt":"+275760-09-13T00:00:00.000Z","updatedAt":"2025-01-01"}}])");
      })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_SAVE_THREAD_FAILED");
    EXPECT_NE(std::string(e->what()).find("years 0000 to 9999"), std::string::npos) << e->what();
  }
}

// Issue #9.14: a NUL inside a caller's date cut the message short.
TEST_F(JsonApiTest, ADateWithANulIsReportedWhole) {
  Json params = Json::array(
      {{{"threadId", "t"},
        {"selectBy",
         {{"pagination", {{"dateRange", {{"start", std::string("2025\0-01-01 tail", 16)}}}}}}}}});
  if (const auto e =
          caught<InvalidArgumentError>([&] { call(*store_, "getMessagesPaginated", params); })) {
    const std::string message = e->what();
    EXPECT_NE(message.find("2025\\u0000-01-01 tail"), std::string::npos) << message;
  }
}

// Issue #9.11: one rule for every string that reaches disk, whichever way it comes in.
TEST_F(JsonApiTest, TextThatIsNotUtf8IsRefusedOnEveryPath) {
  const std::string bad = "bad\xFF";
  const std::vector<std::pair<const char*, Json>> calls = {
      {"persistWorkflowSnapshot",
       {{{"workflowName", bad}, {"runId", "r"}, {"snapshot", Json::object()}}}},
      {"persistWorkflowSnapshot", {{{"workflowName", "w"}, {"runId", bad}, {"snapshot", "s"}}}},
      {"persistWorkflowSnapshot", {{{"workflowName", "w"}, {"runId", "r"}, {"snapshot", bad}}}},
      {"batchTraceInsert",
       {{{"records",
          {{{"id", "s"},
            {"name", bad},
            {"traceId", "t"},
            {"scope", "x"},
            {"kind", 1},
            {"startTime", 1},
            {"endTime", 2},
            {"createdAt", "2025-01-01T00:00:00.000Z"}}}}}}},
      {"insert",
       {{{"tableName", "mastra_resources"},
         {"record",
          {{"id", "r"},
           {"workingMemory", bad},
           {"createdAt", "2025-01-01T00:00:00.000Z"},
           {"updatedAt", "2025-01-01T00:00:00.000Z"}}}}}},
      {"saveMessages",
       {{{"messages",
          {{{"id", "m\xC0"},
            {"role", "user"},
            {"content", "hi"},
            {"threadId", "t"},
            {"resourceId", "r"}}}}}}},
      {"updateResource", {{{"resourceId", "r"}, {"workingMemory", bad}}}},
  };
  for (const auto& entry : calls) {
    const auto& method = entry.first;
    const auto& params = entry.second;
    if (const auto e = caught<InvalidArgumentError>([&] { call(*store_, method, params); })) {
      EXPECT_NE(std::string(e->what()).find("UTF-8"), std::string::npos)
          << method << ": " << e->what();
    }
  }
  EXPECT_EQ(text("getWorkflowRuns", "[]"), R"({"runs":[],"total":0})");
  EXPECT_EQ(text("getTracesPaginated", "[]"),
            R"({"traces":[],"total":0,"page":0,"perPage":100,"hasMore":false})");
}

TEST_F(JsonApiTest, MethodSpecsDescribeEveryMethod) {
  const auto& specs = json_api::method_specs();
  ASSERT_EQ(specs.size(), json_api::methods().size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    EXPECT_EQ(specs[i].name, json_api::methods()[i]);
    EXPECT_EQ(specs[i].params.front(), '(') << specs[i].name;
    const bool vector = specs[i].name.rfind("vector.", 0) == 0;
    EXPECT_EQ(specs[i].error_id.rfind(vector ? "LIBSQL_VECTOR_" : "LIBSQL_STORE_", 0), 0u)
        << specs[i].name;
  }
}

TEST(JsonApiStringify, WritesNumbersAsJavaScriptDoes) {
  EXPECT_EQ(stringify(Json::parse(R"({"a":5.0,"b":0.1,"c":1e21,"d":-0.0,"e":[1,2]})")),
            R"({"a":5,"b":0.1,"c":1e+21,"d":0,"e":[1,2]})");
}

TEST_F(JsonApiTest, VectorMethodsAnswerAsTheReferenceResolves) {
  EXPECT_EQ(text("vector.createIndex", R"([{"indexName":"docs","dimension":2}])"), "null");
  EXPECT_EQ(text("vector.upsert", R"([{"indexName":"docs","vectors":[[1,0],[0.6,0.8]],)"
                                  R"("metadata":[{"k":1}],"ids":["a","b"]}])"),
            R"(["a","b"])");
  // Scores as JSON numbers that read back as the same double (1 - libSQL's float distance).
  EXPECT_EQ(
      text("vector.query", R"([{"indexName":"docs","queryVector":[1,0],"includeVector":true}])"),
      R"([{"id":"a","score":1,"metadata":{"k":1},"vector":[1,0]},)"
      R"({"id":"b","score":0.6000000238418579,"metadata":{},"vector":[0.6,0.8]}])");
  EXPECT_EQ(text("vector.query", R"([{"indexName":"docs","queryVector":[0,1],"topK":1,)"
                                 R"("filter":{"k":{"$exists":true}}}])"),
            R"([{"id":"a","score":0,"metadata":{"k":1}}])");
  EXPECT_EQ(text("vector.listIndexes", "[]"), R"(["docs"])");
  EXPECT_EQ(text("vector.describeIndex", R"([{"indexName":"docs"}])"),
            R"({"dimension":2,"count":2,"metric":"cosine"})");
  EXPECT_EQ(text("vector.updateVector",
                 R"([{"indexName":"docs","id":"b","update":{"metadata":{"k":2}}}])"),
            "null");
  EXPECT_EQ(text("vector.deleteVector", R"([{"indexName":"docs","id":"a"}])"), "null");
  EXPECT_EQ(run("vector.describeIndex", R"([{"indexName":"docs"}])")["count"], 1);
  EXPECT_EQ(text("vector.truncateIndex", R"([{"indexName":"docs"}])"), "null");
  EXPECT_EQ(text("vector.deleteIndex", R"([{"indexName":"docs"}])"), "null");
  EXPECT_EQ(text("vector.listIndexes", "[]"), "[]");
}

TEST_F(JsonApiTest, VectorArgumentsAreCheckedWithTheReferencesIds) {
  run("vector.createIndex", R"([{"indexName":"docs","dimension":2}])");
  auto id_of = [&](const char* method, const char* params) {
    try {
      run(method, params);
    } catch (const Error& e) {
      return e.id() + ": " + e.what();
    }
    return std::string("no error");
  };
  EXPECT_EQ(id_of("vector.query", R"([{"indexName":"docs","queryVector":[1,0],"topK":0}])"),
            "LIBSQL_VECTOR_QUERY_INVALID_ARGS: topK must be a positive integer");
  EXPECT_EQ(id_of("vector.query", R"([{"indexName":"docs","queryVector":[1,0],"topK":1.5}])")
                .rfind("LIBSQL_VECTOR_QUERY_INVALID_ARGS", 0),
            0u);
  EXPECT_EQ(id_of("vector.query", R"([{"indexName":"docs","queryVector":["x",0]}])")
                .rfind("LIBSQL_VECTOR_QUERY_INVALID_ARGS", 0),
            0u);
  EXPECT_EQ(id_of("vector.query", R"([{"indexName":"docs","queryVector":[1,0],)"
                                  R"("filter":{"k":{"$regex":"x"}}}])"),
            "LIBSQL_VECTOR_QUERY_FAILED: Unsupported operator: $regex");
  EXPECT_EQ(id_of("vector.upsert", R"([{"indexName":"docs","vectors":[[1e39,0]]}])")
                .rfind("LIBSQL_VECTOR_UPSERT_FAILED", 0),
            0u);
  EXPECT_EQ(id_of("vector.upsert", R"([{"indexName":"docs","vectors":[[1,0]],"ids":[7]}])")
                .rfind("LIBSQL_VECTOR_UPSERT_FAILED", 0),
            0u);
  EXPECT_EQ(id_of("vector.updateVector", R"([{"indexName":"docs","id":"a","update":{}}])"),
            "LIBSQL_VECTOR_UPDATE_VECTOR_INVALID_ARGS: No updates provided");
  EXPECT_EQ(id_of("vector.createIndex", R"([{"indexName":"x","dimension":2,"bogus":1}])")
                .rfind("LIBSQL_VECTOR_CREATE_INDEX_FAILED", 0),
            0u);
  EXPECT_EQ(run("vector.describeIndex", R"([{"indexName":"docs"}])")["count"], 0)
      << "nothing was written";
}

}  // namespace
}  // namespace libsqlstore
