// The domain objects against a fake core::Client: which statements a method sends, in how many
// units of work, what it decodes from a result, and how its errors leave it. No database runs.
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "core/client.hpp"
#include "matchers.hpp"
#include "store/store_context.hpp"

namespace libsqlstore::testing {
namespace {

/// Records every unit of work; answers reads from a queue (empty results when it runs dry).
class FakeClient final : public core::Client {
 public:
  struct Call {
    core::Access access;
    bool transaction = false;
    std::vector<core::Statement> statements;
  };

  std::vector<core::ResultSet> batch(std::span<const core::Statement> stmts,
                                     core::Access access) override {
    if (busy_for > 0) {
      --busy_for;
      throw BusyError("LIBSQL_STORE_BUSY", ErrorCategory::ThirdParty, "SQLITE_BUSY: locked");
    }
    calls.push_back({access, false, {stmts.begin(), stmts.end()}});
    return answer(stmts.size());
  }

  void transaction(const std::function<void(core::Transaction&)>& body) override {
    calls.push_back({core::Access::Write, true, {}});
    Tx tx(*this);
    body(tx);
  }

  std::vector<core::ResultSet> answer(std::size_t n) {
    if (answers.empty()) return std::vector<core::ResultSet>(n);
    auto out = std::move(answers.front());
    answers.pop_front();
    out.resize(n);
    return out;
  }

  std::vector<Call> calls;
  std::deque<std::vector<core::ResultSet>> answers;
  int busy_for = 0;

 private:
  class Tx final : public core::Transaction {
   public:
    explicit Tx(FakeClient& c) : client_(c) {}
    core::ResultSet query(const core::Statement& stmt) override {
      client_.calls.back().statements.push_back(stmt);
      return client_.answer(1).front();
    }
    void execute(core::Statement stmt) override {
      client_.calls.back().statements.push_back(std::move(stmt));
    }

   private:
    FakeClient& client_;
  };
};

class DomainsTest : public ::testing::Test {
 protected:
  void open(StoreOptions options = {.url = ":memory:",
                                    .initialBackoffMs = std::chrono::milliseconds{0}}) {
    auto client = std::make_unique<FakeClient>();
    fake_ = client.get();
    context_ = std::make_unique<detail::StoreContext>(std::move(options), std::move(client));
  }
  void SetUp() override { open(); }

  FakeClient* fake_ = nullptr;
  std::unique_ptr<detail::StoreContext> context_;
};

TEST_F(DomainsTest, DeleteThreadIsOneAtomicWriteOfTwoStatements) {
  MemoryStore memory(*context_);
  memory.delete_thread("t1");
  ASSERT_EQ(fake_->calls.size(), 1u);
  const auto& call = fake_->calls[0];
  EXPECT_EQ(call.access, core::Access::Write);
  ASSERT_EQ(call.statements.size(), 2u);
  EXPECT_EQ(call.statements[0].sql, "DELETE FROM mastra_messages WHERE thread_id = ?");
  EXPECT_EQ(call.statements[1].sql, "DELETE FROM mastra_threads WHERE id = ?");
  EXPECT_EQ(call.statements[1].args, (std::vector<core::Value>{std::string("t1")}));
}

TEST_F(DomainsTest, InvalidInputSendsNothing) {
  MemoryStore memory(*context_);
  Message bad{.id = "m", .role = "bot", .content = "hi", .threadId = "t", .resourceId = "r"};
  expect_error<InvalidArgumentError>([&] { memory.save_messages({bad}); },
                                     "LIBSQL_STORE_SAVE_MESSAGES_FAILED", "role");
  ScoresStore scores(*context_);
  expect_error<InvalidArgumentError>([&] { scores.get_scores_by_run_id({.runId = ""}); },
                                     "LIBSQL_STORE_GET_SCORES_BY_RUN_ID_FAILED", "runId");
  EXPECT_TRUE(fake_->calls.empty());
}

TEST_F(DomainsTest, RowsAreDecodedByColumnNameInAnyOrder) {
  core::ResultSet rs;
  rs.columns = {"updatedAt", "metadata", "title", "id", "createdAt", "resourceId"};
  rs.rows.push_back({std::string("2025-01-02T00:00:00.000Z"), std::string(R"({"k":1})"),
                     std::string("Title"), std::string("t1"),
                     std::string("2025-01-01T00:00:00.000Z"), std::string("r1")});
  fake_->answers.push_back({rs});
  const auto t = MemoryStore(*context_).get_thread_by_id("t1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->id, "t1");
  EXPECT_EQ(t->resourceId, "r1");
  EXPECT_EQ(t->title, "Title");
  EXPECT_EQ(t->metadata, (Json{{"k", 1}}));
  EXPECT_EQ(to_iso8601(t->createdAt), "2025-01-01T00:00:00.000Z");
  EXPECT_EQ(to_iso8601(t->updatedAt), "2025-01-02T00:00:00.000Z");
  ASSERT_EQ(fake_->calls.size(), 1u);
  EXPECT_EQ(fake_->calls[0].access, core::Access::Read);
}

TEST_F(DomainsTest, ACorruptCellNamesTableRowAndColumn) {
  core::ResultSet rs;
  rs.columns = {"id", "resourceId", "title", "metadata", "createdAt", "updatedAt"};
  rs.rows.push_back({std::string("t1"), std::string("r1"), std::string("x"), std::string("{bad"),
                     std::string("2025-01-01"), std::string("2025-01-01")});
  fake_->answers.push_back({rs});
  MemoryStore memory(*context_);
  if (const auto e = caught<DataError>([&] { memory.get_thread_by_id("t1"); })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_GET_THREAD_BY_ID_FAILED");
    EXPECT_EQ(e->details()["table"], "mastra_threads");
    EXPECT_EQ(e->details()["column"], "metadata");
    EXPECT_EQ(e->details()["rowId"], "t1");
    EXPECT_EQ(e->details()["threadId"], "t1");
  }
}

TEST_F(DomainsTest, BusyUnitsOfWorkAreRetriedWholeThenCarryTheMethodsId) {
  fake_->busy_for = 2;
  MemoryStore memory(*context_);
  memory.delete_thread("t1");  // two busy attempts, then it goes through
  EXPECT_EQ(fake_->calls.size(), 1u);
  fake_->busy_for = 100;
  const auto message = expect_error<BusyError>([&] { memory.delete_thread("t2"); },
                                               "LIBSQL_STORE_DELETE_THREAD_FAILED", "6 attempts");
  EXPECT_FALSE(message.empty());
}

TEST_F(DomainsTest, UpdateThreadReadsAndWritesInOneTransaction) {
  core::ResultSet rs;
  rs.columns = {"id", "resourceId", "title", "metadata", "createdAt", "updatedAt"};
  rs.rows.push_back({std::string("t1"), std::string("r1"), std::string("old"),
                     std::string(R"({"a":1})"), std::string("2025-01-01T00:00:00.000Z"),
                     std::string("2025-01-01T00:00:00.000Z")});
  fake_->answers.push_back({rs});
  const auto t = MemoryStore(*context_).update_thread(
      {.id = "t1", .title = "new", .metadata = Json{{"b", 2}}});
  EXPECT_EQ(t.metadata, (Json{{"a", 1}, {"b", 2}}));
  ASSERT_EQ(fake_->calls.size(), 1u);
  EXPECT_TRUE(fake_->calls[0].transaction);
  ASSERT_EQ(fake_->calls[0].statements.size(), 2u);
  EXPECT_EQ(fake_->calls[0].statements[1].sql.rfind("UPDATE mastra_threads SET", 0), 0u);
}

TEST_F(DomainsTest, AReadOnlyStoreRefusesWritesBeforeSendingThem) {
  open({.url = "file:/nonexistent/x.db", .readOnly = true});
  expect_error<ReadOnlyError>(
      [&] {
        MemoryStore(*context_).save_thread({"t", "r", "x", nullptr, {}, {}});
      },
      "LIBSQL_STORE_SAVE_THREAD_FAILED", "read-only");
  EXPECT_TRUE(fake_->calls.empty());
}

TEST_F(DomainsTest, AutoInitReadsTheSchemaOnFirstUse) {
  open({.url = ":memory:", .autoInit = true});
  MemoryStore(*context_).get_thread_by_id("t");
  ASSERT_GE(fake_->calls.size(), 2u);
  EXPECT_NE(fake_->calls[0].statements.at(0).sql.find("sqlite_master"), std::string::npos);
  EXPECT_EQ(fake_->calls.back().statements.at(0).sql.find("FROM mastra_threads WHERE id = ?") !=
                std::string::npos,
            true);
}

TEST_F(DomainsTest, TracesAreWrittenThroughTheGenericBatchInsert) {
  OperationsStore operations(*context_);
  TracesStore traces(*context_, operations);
  traces.batch_trace_insert({{{"id", "s"},
                              {"name", "n"},
                              {"traceId", "t"},
                              {"scope", "x"},
                              {"kind", 1},
                              {"startTime", 1},
                              {"endTime", 2},
                              {"createdAt", "2025-01-01T00:00:00.000Z"}}});
  ASSERT_EQ(fake_->calls.size(), 1u);
  EXPECT_EQ(fake_->calls[0].statements.at(0).sql.rfind("INSERT OR REPLACE INTO mastra_traces", 0),
            0u);
}

TEST_F(DomainsTest, CapabilitiesAreAskedOnce) {
  core::ResultSet yes;
  yes.columns = {"x"};
  yes.rows.push_back({std::int64_t{1}});
  fake_->answers.push_back({yes});  // fts5: yes; vector functions: an empty answer, no
  EXPECT_TRUE(context_->capabilities().fts5);
  EXPECT_FALSE(context_->capabilities().vector_functions);
  EXPECT_EQ(fake_->calls.size(), 2u);
}

}  // namespace
}  // namespace libsqlstore::testing
