// Messages on a database file, checked with the SQLite C API: rows written the way the
// reference writes them, what libsqlstore writes, the query plans of the read SQL, atomicity.
#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "memory/message_sql.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

class MessagesFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = temp_path();
    store_ = std::make_unique<LibSQLStore>(StoreOptions{.url = "file:" + path_});
    store_->init();
    store_->save_thread({"t1", "r1", "T", nullptr, ts(0), ts(0)});
    peek_ = std::make_unique<SqlitePeek>(path_);
  }

  /// Inserts a row as the reference does (content text as given).
  void insert_raw(const std::string& id, const std::string& content, const std::string& role,
                  const std::string& type, const std::string& createdAt,
                  const std::string& thread = "t1") {
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(peek_->handle(),
                                 "INSERT INTO mastra_messages (id, thread_id, content, role, type, "
                                 "createdAt, resourceId) VALUES (?, ?, ?, ?, ?, ?, 'r1')",
                                 -1, &stmt, nullptr),
              SQLITE_OK);
    const std::string* values[] = {&id, &thread, &content, &role, &type, &createdAt};
    for (int i = 0; i < 6; ++i) {
      sqlite3_bind_text(stmt, i + 1, values[i]->c_str(), static_cast<int>(values[i]->size()),
                        SQLITE_TRANSIENT);
    }
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE) << sqlite3_errmsg(peek_->handle());
    sqlite3_finalize(stmt);
  }

  std::string plan(const std::string& sql) {
    std::string out;
    for (const auto& row : peek_->rows("EXPLAIN QUERY PLAN " + sql)) out += row.back() + "\n";
    return out;
  }

  void expect_index_plan(const std::string& sql) {
    const auto p = plan(sql);
    EXPECT_NE(p.find("USING INDEX libsqlstore_messages_thread_created"), std::string::npos)
        << sql << "\n"
        << p;
    EXPECT_EQ(p.find("SCAN m\n"), std::string::npos) << p;
    EXPECT_EQ(p.find("SCAN mastra_messages"), std::string::npos) << p;
    EXPECT_EQ(p.find("TEMP B-TREE"), std::string::npos) << p;
  }

  std::string path_;
  std::unique_ptr<LibSQLStore> store_;
  std::unique_ptr<SqlitePeek> peek_;
};

TEST_F(MessagesFileTest, RowsAreStoredAsTheReferenceStoresThem) {
  Message v2msg{.id = "m2",
                .role = "assistant",
                .content = Json::parse(
                    R"({"format":2,"parts":[{"type":"text","text":"hi"}],"content":"hi"})"),
                .createdAt = ts(2),
                .threadId = "t1",
                .resourceId = "r1",
                .type = std::nullopt};
  Message v1msg{.id = "m1",
                .role = "user",
                .content = "plain string",
                .createdAt = ts(1),
                .threadId = "t1",
                .resourceId = "r1",
                .type = "text"};
  store_->save_messages({v1msg, v2msg});
  const auto rows = peek_->rows(
      "SELECT id, thread_id, content, role, type, createdAt, resourceId FROM mastra_messages "
      "ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"m1", "t1", "plain string", "user", "text",
                                               "2024-01-01T00:00:01.000Z", "r1"}));
  EXPECT_EQ(rows[1],
            (std::vector<std::string>{
                "m2", "t1", R"({"format":2,"parts":[{"type":"text","text":"hi"}],"content":"hi"})",
                "assistant", "v2", "2024-01-01T00:00:02.000Z", "r1"}));
}

TEST_F(MessagesFileTest, ReferenceV1RowsReadAsV2) {
  // Rows and expected values from the reference (see tests/unit/message_list_test.cpp).
  insert_raw("s1", "hello plain", "user", "text", "2024-01-01T00:00:01.000Z");
  insert_raw(
      "tc1",
      R"([{"type":"text","text":"calling"},{"type":"tool-call","toolCallId":"call-1","toolName":"weather","args":{"city":"Paris"}}])",
      "assistant", "tool-call", "2024-01-01T00:00:03.000Z");
  insert_raw(
      "tr1",
      R"([{"type":"tool-result","toolCallId":"call-1","toolName":"weather","result":{"temp":21}}])",
      "tool", "tool-result", "2024-01-01T00:00:04.000Z");
  insert_raw(
      "im1",
      R"([{"type":"text","text":"look"},{"type":"image","image":"https://example.com/a.png","mimeType":"image/png"}])",
      "user", "text", "2024-01-01T00:00:06.000Z");
  const auto got = store_->get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(
      got[0].content->dump(),
      R"({"format":2,"parts":[{"type":"step-start"},{"type":"text","text":"hello plain"}],"content":"hello plain"})");
  EXPECT_EQ(got[2].id, "tr1");
  EXPECT_EQ(got[2].role, "assistant");
  EXPECT_FALSE(got[2].type.has_value());
  EXPECT_EQ(
      got[2].content->dump(),
      R"({"format":2,"parts":[{"type":"tool-invocation","toolInvocation":{"state":"result","toolCallId":"call-1","toolName":"weather","result":{"temp":21},"args":{"city":"Paris"}}}],"toolInvocations":[{"state":"result","toolCallId":"call-1","toolName":"weather","result":{"temp":21},"args":{"city":"Paris"}}]})");
  EXPECT_EQ(
      got[3].content->dump(),
      R"({"format":2,"parts":[{"type":"text","text":"look"},{"type":"file","data":"https://example.com/a.png","mimeType":"image/png"}]})");
  // With only the result in the window, its call's args are unknown (as in the reference).
  const auto alone =
      store_->get_messages({.threadId = "t1", .last = 0, .include = {{.id = "tr1"}}});
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].content["toolInvocations"][0]["args"], Json::object());
}

TEST_F(MessagesFileTest, ReferenceSystemRowDoesNotBreakTheThread) {
  // The reference stores a system message and then fails every read of its thread.
  insert_raw("sys", "You are helpful", "system", "text", "2024-01-01T00:00:01.000Z");
  insert_raw("u", "hi", "user", "text", "2024-01-01T00:00:02.000Z");
  const auto got = store_->get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].role, "system");
  EXPECT_EQ(got[0].content["content"], "You are helpful");
}

TEST_F(MessagesFileTest, CorruptJsonReadsAsPlainTextAndIsNotRewritten) {
  insert_raw("bad", "{not json", "user", "text", "2024-01-01T00:00:01.000Z");
  insert_raw("ok", R"({"format":2,"parts":[]})", "user", "v2", "2024-01-01T00:00:02.000Z");
  const auto got = store_->get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].content["content"], "{not json");
  EXPECT_EQ(got[0].content["parts"][1]["text"], "{not json");
  // Updating other fields of the message leaves its content bytes alone.
  const auto updated = store_->update_messages({{.id = "bad", .role = "assistant"}});
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(updated[0].content, Json("{not json"));
  EXPECT_EQ(peek_->value("SELECT content FROM mastra_messages WHERE id = 'bad'"), "{not json");
  EXPECT_EQ(peek_->value("SELECT role FROM mastra_messages WHERE id = 'bad'"), "assistant");
}

TEST_F(MessagesFileTest, TheWholeSaveIsOneTransaction) {
  // The database rejects the last of 2000 messages: nothing of the call may remain.
  peek_->exec(
      "CREATE TRIGGER reject_last BEFORE INSERT ON mastra_messages WHEN NEW.id = 'm1999' "
      "BEGIN SELECT RAISE(ABORT, 'rejected by test'); END");
  std::vector<Message> batch;
  for (int i = 0; i < 2000; ++i) {
    batch.push_back({.id = "m" + std::to_string(i),
                     .role = "user",
                     .content = "text " + std::to_string(i),
                     .createdAt = ts(i),
                     .threadId = "t1",
                     .resourceId = "r1",
                     .type = std::nullopt});
  }
  try {
    store_->save_messages(batch);
    FAIL() << "expected the trigger to reject the save";
  } catch (const Error& e) {
    EXPECT_EQ(e.id(), "LIBSQL_STORE_SAVE_MESSAGES_FAILED");
  }
  EXPECT_EQ(peek_->value("SELECT COUNT(*) FROM mastra_messages"), "0");
  EXPECT_EQ(peek_->value("SELECT updatedAt FROM mastra_threads WHERE id = 't1'"),
            "2024-01-01T00:00:00.000Z");
  peek_->exec("DROP TRIGGER reject_last");
  store_->save_messages(batch);
  EXPECT_EQ(peek_->value("SELECT COUNT(*) FROM mastra_messages"), "2000");
}

TEST_F(MessagesFileTest, DeleteIsOneTransaction) {
  std::vector<Message> batch;
  std::vector<std::string> ids;
  for (int i = 0; i < 1200; ++i) {
    ids.push_back("d" + std::to_string(i));
    batch.push_back({.id = ids.back(),
                     .role = "user",
                     .content = "x",
                     .createdAt = ts(i),
                     .threadId = "t1",
                     .resourceId = "r1",
                     .type = std::nullopt});
  }
  store_->save_messages(batch);
  // The last chunk's delete fails: the earlier chunks must come back.
  peek_->exec(
      "CREATE TRIGGER keep_last BEFORE DELETE ON mastra_messages WHEN OLD.id = 'd1199' "
      "BEGIN SELECT RAISE(ABORT, 'rejected by test'); END");
  EXPECT_THROW(store_->delete_messages(ids), Error);
  EXPECT_EQ(peek_->value("SELECT COUNT(*) FROM mastra_messages"), "1200");
  peek_->exec("DROP TRIGGER keep_last");
  store_->delete_messages(ids);
  EXPECT_EQ(peek_->value("SELECT COUNT(*) FROM mastra_messages"), "0");
}

TEST_F(MessagesFileTest, ReadsUseTheThreadIndexWithoutSorting) {
  // Enough rows in other threads that a full scan would be a visible choice.
  std::vector<Message> batch;
  for (int i = 0; i < 300; ++i) {
    batch.push_back({.id = "x" + std::to_string(i),
                     .role = "user",
                     .content = "x",
                     .createdAt = ts(i),
                     .threadId = "t" + std::to_string(i % 30),
                     .resourceId = "r1",
                     .type = std::nullopt});
  }
  store_->save_messages(batch);
  peek_->exec("ANALYZE");
  namespace sql = memory::sql;
  expect_index_plan(sql::last_n());
  expect_index_plan(sql::include_before());
  expect_index_plan(sql::include_after());
  expect_index_plan(sql::select_page(false, false, 0));
  expect_index_plan(sql::select_page(true, true, 4));
  const auto target = plan(sql::include_target());
  EXPECT_NE(target.find("sqlite_autoindex_mastra_messages_1"), std::string::npos) << target;
  const auto count = plan(sql::count_page(true, true));
  EXPECT_NE(count.find("libsqlstore_messages_thread_created"), std::string::npos) << count;
}

// Up to 16 ids a list is exact (padding would make SQLite look ids up twice); longer lists are
// padded to a few lengths, so the statement cache stays small.
TEST_F(MessagesFileTest, PaddedIdListsShareStatements) {
  EXPECT_EQ(memory::sql::in_list_size(1), 1u);
  EXPECT_EQ(memory::sql::in_list_size(3), 3u);
  EXPECT_EQ(memory::sql::in_list_size(16), 16u);
  EXPECT_EQ(memory::sql::in_list_size(17), 32u);
  EXPECT_EQ(memory::sql::in_list_size(257), 500u);
  EXPECT_EQ(memory::sql::in_list_size(500), 500u);
  // Padding repeats ids; the statements still act once per message.
  store_->save_messages({{.id = "a",
                          .role = "user",
                          .content = "a",
                          .createdAt = ts(1),
                          .threadId = "t1",
                          .resourceId = "r1",
                          .type = std::nullopt},
                         {.id = "b",
                          .role = "user",
                          .content = "b",
                          .createdAt = ts(2),
                          .threadId = "t1",
                          .resourceId = "r1",
                          .type = std::nullopt},
                         {.id = "c",
                          .role = "user",
                          .content = "c",
                          .createdAt = ts(3),
                          .threadId = "t1",
                          .resourceId = "r1",
                          .type = std::nullopt}});
  store_->delete_messages({"a", "c", "a"});
  EXPECT_EQ(peek_->value("SELECT group_concat(id) FROM mastra_messages"), "b");
}

}  // namespace
}  // namespace libsqlstore::testing
