// The on-disk contract: DDL byte-identical to the reference, the resourceId migration, init()
// idempotence and the error a store gives before init().
#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "matchers.hpp"
#include "schema/tables.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

// Copied from the reference's sqlite_master (a database @mastra/libsql 0.13.2 created), not
// generated.
const std::vector<std::pair<std::string, std::string>> kReferenceDdl = {
    {"mastra_workflow_snapshot",
     "CREATE TABLE mastra_workflow_snapshot (\n                    workflow_name TEXT NOT "
     "NULL,\nrun_id TEXT NOT NULL,\nresourceId TEXT,\nsnapshot TEXT NOT NULL,\ncreatedAt TEXT NOT "
     "NULL,\nupdatedAt TEXT NOT NULL,\n                    PRIMARY KEY (workflow_name, run_id)\n  "
     "              )"},
    {"mastra_evals",
     "CREATE TABLE mastra_evals (input TEXT NOT NULL, output TEXT NOT NULL, result JSONB NOT NULL, "
     "agent_name TEXT NOT NULL, metric_name TEXT NOT NULL, instructions TEXT NOT NULL, test_info "
     "JSONB, global_run_id TEXT NOT NULL, run_id TEXT NOT NULL, created_at TEXT NOT NULL, "
     "createdAt "
     "TEXT)"},
    {"mastra_threads",
     "CREATE TABLE mastra_threads (id TEXT NOT NULL PRIMARY KEY, resourceId TEXT NOT NULL, title "
     "TEXT NOT NULL, metadata TEXT, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL)"},
    {"mastra_messages",
     "CREATE TABLE mastra_messages (id TEXT NOT NULL PRIMARY KEY, thread_id TEXT NOT NULL, content "
     "TEXT NOT NULL, role TEXT NOT NULL, type TEXT NOT NULL, createdAt TEXT NOT NULL, resourceId "
     "TEXT)"},
    {"mastra_traces",
     "CREATE TABLE mastra_traces (id TEXT NOT NULL PRIMARY KEY, parentSpanId TEXT, name TEXT NOT "
     "NULL, traceId TEXT NOT NULL, scope TEXT NOT NULL, kind INTEGER NOT NULL, attributes JSONB, "
     "status JSONB, events JSONB, links JSONB, other TEXT, startTime BIGINT NOT NULL, endTime "
     "BIGINT "
     "NOT NULL, createdAt TEXT NOT NULL)"},
    {"mastra_scorers",
     "CREATE TABLE mastra_scorers (id TEXT NOT NULL PRIMARY KEY, scorerId TEXT NOT NULL, traceId "
     "TEXT, runId TEXT NOT NULL, scorer JSONB NOT NULL, preprocessStepResult JSONB, "
     "extractStepResult JSONB, analyzeStepResult JSONB, score FLOAT NOT NULL, reason TEXT, "
     "metadata "
     "JSONB, preprocessPrompt TEXT, extractPrompt TEXT, generateScorePrompt TEXT, "
     "generateReasonPrompt TEXT, analyzePrompt TEXT, reasonPrompt TEXT, input JSONB NOT NULL, "
     "output JSONB NOT NULL, additionalContext JSONB, runtimeContext JSONB, entityType TEXT, "
     "entity "
     "JSONB, entityId TEXT, source TEXT NOT NULL, resourceId TEXT, threadId TEXT, createdAt TEXT "
     "NOT NULL, updatedAt TEXT NOT NULL)"},
    {"mastra_resources",
     "CREATE TABLE mastra_resources (id TEXT NOT NULL PRIMARY KEY, workingMemory TEXT, metadata "
     "JSONB, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL)"},
};

TEST(Schema, InitWritesTheReferenceDdlByteForByteInOrder) {
  const auto path = temp_path();
  LibSQLStore store({.url = "file:" + path});
  store.init();
  SqlitePeek peek(path);
  auto rows = peek.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid");
  ASSERT_EQ(rows.size(), kReferenceDdl.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], kReferenceDdl[i].first);
    EXPECT_EQ(rows[i][1], kReferenceDdl[i].second) << "table " << kReferenceDdl[i].first;
  }
  EXPECT_EQ(peek.value("PRAGMA journal_mode"), "wal");
}

TEST(Schema, GeneratorMatchesTheReferenceText) {
  for (const auto& [name, ddl] : kReferenceDdl) {
    const auto* table = schema::find_table(name);
    ASSERT_NE(table, nullptr) << name;
    EXPECT_EQ(schema::stored_create_sql(*table), ddl);
  }
}

TEST(Schema, ExtraIndexesAreCreatedAndDocumentedNames) {
  const auto path = temp_path();
  LibSQLStore store({.url = "file:" + path});
  store.init();
  SqlitePeek peek(path);
  for (const auto& index : schema::extra_indexes()) {
    EXPECT_EQ(peek.value("SELECT count(*) FROM sqlite_master WHERE type='index' AND name='" +
                         index.name + "'"),
              "1");
  }
}

TEST(Schema, InitIsIdempotentAndLeavesDataAlone) {
  const auto path = temp_path();
  {
    LibSQLStore store({.url = "file:" + path});
    store.init();
    store.save_thread({"t", "r", "title", nullptr, ts(0), ts(0)});
    store.init();
  }
  LibSQLStore again({.url = "file:" + path});
  again.init();
  EXPECT_TRUE(again.get_thread_by_id("t").has_value());
  SqlitePeek peek(path);
  EXPECT_EQ(peek.value("SELECT count(*) FROM sqlite_master WHERE type='table'"), "7");
}

TEST(Schema, MigratesAnOldMessagesTableWithoutResourceId) {
  const auto path = temp_path();
  {
    SqlitePeek peek(path);
    peek.exec(
        "CREATE TABLE mastra_messages (id TEXT NOT NULL PRIMARY KEY, thread_id TEXT NOT NULL, "
        "content TEXT NOT NULL, role TEXT NOT NULL, type TEXT NOT NULL, createdAt TEXT NOT NULL)");
    peek.exec(
        "INSERT INTO mastra_messages VALUES ('m1', 't1', 'hello', 'user', 'text', "
        "'2024-01-01T00:00:00.000Z')");
  }
  LibSQLStore store({.url = "file:" + path});
  store.init();
  SqlitePeek peek(path);
  EXPECT_EQ(peek.value("SELECT sql FROM sqlite_master WHERE name='mastra_messages'"),
            "CREATE TABLE mastra_messages (id TEXT NOT NULL PRIMARY KEY, thread_id TEXT NOT NULL, "
            "content TEXT NOT NULL, role TEXT NOT NULL, type TEXT NOT NULL, createdAt TEXT NOT "
            "NULL, \"resourceId\" TEXT)");
  EXPECT_EQ(peek.value("SELECT content FROM mastra_messages WHERE id='m1'"), "hello");
  EXPECT_NO_THROW(store.init());
}

// Issue #9.14: init() on a table that lacks columns named only "no such column: thread_id".
TEST(Schema, InitOnATableWithoutRequiredColumnsNamesTableAndColumns) {
  const auto path = temp_path();
  SqlitePeek(path).exec("CREATE TABLE mastra_messages (id TEXT PRIMARY KEY, body TEXT)");
  LibSQLStore store({.url = "file:" + path});
  const auto message = expect_error<SchemaError>([&] { store.init(); }, "LIBSQL_STORE_INIT_FAILED",
                                                 "Table mastra_messages exists but lacks");
  for (const char* column : {"thread_id", "content", "role", "type", "createdAt"}) {
    EXPECT_NE(message.find(column), std::string::npos) << message;
  }
  // Nothing was created: the tables init() could have made are not half there.
  EXPECT_EQ(SqlitePeek(path).value("SELECT count(*) FROM sqlite_master"), "2");  // + autoindex
}

// A table from an older version lacks a nullable column (here the workflow run's resourceId,
// which the reference only warns about): init() adds it as the reference adds
// mastra_messages.resourceId, instead of failing on the index that uses it.
TEST(Schema, InitAddsNullableColumnsOlderTablesLack) {
  const auto path = temp_path();
  SqlitePeek(path).exec(
      "CREATE TABLE mastra_workflow_snapshot (workflow_name TEXT NOT NULL, run_id TEXT NOT NULL, "
      "snapshot TEXT NOT NULL, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL, PRIMARY KEY "
      "(workflow_name, run_id))");
  LibSQLStore store({.url = "file:" + path});
  store.init();
  EXPECT_EQ(SqlitePeek(path).value(
                "SELECT sql FROM sqlite_master WHERE name = 'mastra_workflow_snapshot'"),
            "CREATE TABLE mastra_workflow_snapshot (workflow_name TEXT NOT NULL, run_id TEXT NOT "
            "NULL, snapshot TEXT NOT NULL, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL, "
            "\"resourceId\" TEXT, PRIMARY KEY (workflow_name, run_id))");
  store.persist_workflow_snapshot({"wf", "r1", Json{{"a", 1}}, "res"});
  EXPECT_EQ(store.get_workflow_runs({.resourceId = "res"}).total, 1);
}

// Issue #9.14: an insert into a custom table that does not exist said "call init() first".
TEST(Schema, AMissingCustomTableIsNotFoundNotInit) {
  LibSQLStore store({.url = ":memory:"});
  store.init();
  expect_error<NotFoundError>(
      [&] {
        store.insert("my_table", {{"id", "a"}});
      },
      "LIBSQL_STORE_INSERT_FAILED", "Table my_table does not exist");
  store.drop_table("mastra_threads");
  expect_error<SchemaError>([&] { store.get_thread_by_id("t"); },
                            "LIBSQL_STORE_GET_THREAD_BY_ID_FAILED", "call init()");
}

TEST(Schema, UseBeforeInitNamesInit) {
  LibSQLStore store({.url = ":memory:"});
  if (const auto e = caught<SchemaError>([&] { store.get_thread_by_id("t"); })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_GET_THREAD_BY_ID_FAILED");
    EXPECT_NE(std::string(e->what()).find("init()"), std::string::npos) << e->what();
  }
}

TEST(Schema, AutoInitCreatesTablesOnFirstUse) {
  LibSQLStore store({.url = ":memory:", .autoInit = true});
  EXPECT_FALSE(store.get_thread_by_id("t").has_value());
  store.save_thread({"t", "r", "title", nullptr, ts(0), ts(0)});
  EXPECT_TRUE(store.get_thread_by_id("t").has_value());
}

TEST(Schema, MemoryDatabaseLivesAsLongAsTheStore) {
  LibSQLStore store({.url = ":memory:"});
  store.init();
  store.save_thread({"t", "r", "title", nullptr, ts(0), ts(0)});
  store.delete_thread("other");
  store.update_thread({.id = "t", .title = "x"});
  EXPECT_TRUE(store.get_thread_by_id("t").has_value());
}

TEST(Schema, NotADatabaseFileIsAClearError) {
  const auto path = temp_path();
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("this is definitely not an sqlite database file, just some text padding it out", f);
    std::fclose(f);
  }
  // Issue #9.14: the error names the file (the constructor reads its header).
  const auto message = expect_error<DataError>(
      [&] { LibSQLStore store({.url = "file:" + path}); }, "LIBSQL_STORE_CORRUPT_DATABASE",
      "The file \"" + path + "\" is not an SQLite database");
  EXPECT_NE(message.find("SQLITE_NOTADB"), std::string::npos) << message;
}

}  // namespace
}  // namespace libsqlstore::testing
