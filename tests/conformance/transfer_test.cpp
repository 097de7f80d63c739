// Export, import and copy on every backend (docs/export-format.md): a database holding every
// kind of row goes out as a dump, into an empty database, and out again as the same bytes; the
// filters, conflict rules, dry runs, committed batches and every kind of damaged dump.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "matchers.hpp"
#include "sample_content.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

/// The lines of a dump.
std::vector<std::string> lines_of(const std::string& dump) {
  std::vector<std::string> out;
  std::istringstream in(dump);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// A header without what describes the moment and the place of the export.
Json header_without_origin(const std::string& line) {
  auto h = Json::parse(line);
  h.erase("createdAt");
  h.erase("source");
  return h;
}

class TransferTest : public StoreTest {
 protected:
  /// Rows in every table: threads and messages of two resources (text with quotes, newlines,
  /// control characters and non-ASCII), a resource, a workflow run, a span, a score, an eval,
  /// a table of create_table() and a vector index of Mastra Memory.
  void seed() {
    store().save_thread({"t1", "r1", "Trip to Zürich", Json{{"k", 1}}, ts(0), ts(5)});
    store().save_thread({"t2", "r2", "Other \"quoted\" title", nullptr, ts(1), ts(1)});
    store().save_messages({
        Message{.id = "m1",
                .role = "user",
                .content = v2("My flight is LH 123\nleaving at noon \x01 tab\t ✈"),
                .createdAt = ts(10),
                .threadId = "t1",
                .resourceId = "r1"},
        Message{.id = "m2",
                .role = "assistant",
                .content = v2("Noted."),
                .createdAt = ts(11),
                .threadId = "t1",
                .resourceId = "r1"},
        Message{.id = "m3",
                .role = "user",
                .content = v2("Elsewhere"),
                .createdAt = ts(12),
                .threadId = "t2",
                .resourceId = "r2"},
    });
    store().save_resource({"r1", "# Working memory", Json{{"plan", "pro"}}, ts(2), ts(3)});
    store().persist_workflow_snapshot(
        {.workflowName = "wf", .runId = "run1", .snapshot = Json{{"status", "done"}}});
    Json span = {{"id", "s1"},
                 {"parentSpanId", nullptr},
                 {"name", "agent.run"},
                 {"traceId", "tr1"},
                 {"scope", "scope"},
                 {"kind", 1},
                 {"attributes", Json::object()},
                 {"status", Json{{"code", 0}}},
                 {"events", Json::array()},
                 {"links", Json::array()},
                 {"other", nullptr},
                 {"startTime", 1700000000000},
                 {"endTime", 1700000000123},
                 {"createdAt", to_iso8601(ts(20))}};
    store().batch_trace_insert({span});
    Score s;
    s.scorerId = "sc";
    s.runId = "run1";
    s.threadId = "t1";
    s.resourceId = "r1";
    s.scorer = Json{{"name", "sc"}};
    s.input = Json{{"q", 1}};
    s.output = Json{{"a", 2}};
    s.score = 0.1 + 0.2;  // a REAL whose shortest text has 17 digits
    s.source = "LIVE";
    store().save_score({.score = s, .createdAt = ts(30), .updatedAt = ts(30)});
    store().insert("mastra_evals", Json{{"input", "in"},
                                        {"output", "out"},
                                        {"result", Json{{"score", 1}}},
                                        {"agent_name", "a"},
                                        {"metric_name", "m"},
                                        {"instructions", "i"},
                                        {"test_info", nullptr},
                                        {"global_run_id", "g"},
                                        {"run_id", "e1"},
                                        {"created_at", to_iso8601(ts(40))}});
    store().create_table("custom_notes", {{"id", {.type = ColumnType::Text, .primaryKey = true}},
                                          {"n", {.type = ColumnType::Integer, .nullable = true}},
                                          {"x", {.type = ColumnType::Float, .nullable = true}}});
    store().insert("custom_notes", Json{{"id", "a"}, {"n", 9007199254740993LL}, {"x", 1.0}});
    store().insert("custom_notes", Json{{"id", "b"}, {"n", nullptr}, {"x", -2.5e-300}});
    LibSQLVector vectors(store());
    vectors.create_index({.indexName = "memory_messages", .dimension = 3});
    vectors.upsert(
        {.indexName = "memory_messages",
         .vectors = {{1, 2, 3.5}, {0.25F, -1, 0}},
         .metadata = {Json{{"thread_id", "t1"}, {"resource_id", "r1"}, {"message_id", "m1"}},
                      Json{{"thread_id", "t2"}, {"resource_id", "r2"}, {"message_id", "m3"}}},
         .ids = {"v1", "v2"}});
  }

  static std::string dump_of(LibSQLStore& s, const ExportOptions& options = {}) {
    std::ostringstream out;
    const auto summary = export_data(s, out, options);
    EXPECT_EQ(summary.bytes, static_cast<std::int64_t>(out.str().size()));
    return out.str();
  }

  /// A store on a new empty database of this backend (the remote one is wiped: keep what you
  /// need from it in a dump first).
  std::unique_ptr<LibSQLStore> fresh_store() {
    auto s = std::make_unique<LibSQLStore>(GetParam().fresh());
    return s;
  }

  static std::int64_t rows_in(const ImportSummary& s, const std::string& table,
                              bool inserted = false) {
    for (const auto& c : inserted ? s.inserted : s.tables) {
      if (c.table == table) return c.rows;
    }
    return -1;
  }

  static ImportSummary import_text(LibSQLStore& s, const std::string& dump,
                                   const ImportOptions& options = {}) {
    std::istringstream in(dump);
    return import_data(s, in, options);
  }
};

TEST_P(TransferTest, ExportImportExportGivesTheSameBytes) {
  seed();
  const bool search = store().capabilities().fullTextSearch;
  if (search) store().search().enable();
  const auto first = dump_of(store());
  const auto lines = lines_of(first);
  ASSERT_GE(lines.size(), 2U);
  const auto header = Json::parse(lines.front());
  EXPECT_EQ(header["format"], "libsqlstore-dump");
  EXPECT_EQ(header["version"], 1);
  EXPECT_EQ(header["search"].is_object(), search);
  // Every table, the search index never.
  std::vector<std::string> names;
  for (const auto& t : header["tables"]) names.push_back(t["name"].get<std::string>());
  EXPECT_EQ(names,
            (std::vector<std::string>{"mastra_workflow_snapshot", "mastra_evals", "mastra_threads",
                                      "mastra_messages", "mastra_traces", "mastra_scorers",
                                      "mastra_resources", "custom_notes", "memory_messages"}));
  const auto trailer = Json::parse(lines.back());
  EXPECT_EQ(trailer["rows"], 14);
  EXPECT_EQ(trailer["tables"]["mastra_messages"], 3);
  EXPECT_EQ(trailer["tables"]["memory_messages"], 2);

  auto target = fresh_store();
  const auto summary = import_text(*target, first);
  EXPECT_EQ(summary.rows, 14);
  EXPECT_EQ(summary.insertedRows, 14);
  EXPECT_EQ(summary.searchEnabled, search);
  EXPECT_EQ(summary.createdTables, (std::vector<std::string>{"custom_notes", "memory_messages"}));
  const auto second = dump_of(*target);
  const auto again = lines_of(second);
  ASSERT_EQ(again.size(), lines.size());
  EXPECT_EQ(header_without_origin(again.front()), header_without_origin(lines.front()));
  for (std::size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(again[i], lines[i]) << "line " << i;

  // The imported rows read back through the API as they were written.
  const auto thread = target->get_thread_by_id("t1");
  ASSERT_TRUE(thread);
  EXPECT_EQ(thread->title, "Trip to Zürich");
  const auto messages = target->get_messages({.threadId = "t1"});
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[0].content["parts"][0]["text"],
            "My flight is LH 123\nleaving at noon \x01 tab\t ✈");
  EXPECT_DOUBLE_EQ(target->get_scores_by_run_id({.runId = "run1"}).scores.at(0).score, 0.1 + 0.2);
  LibSQLVector vectors(*target);
  const auto hits = vectors.query({.indexName = "memory_messages", .queryVector = {1, 2, 3.5}});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits.front().id, "v1");
  if (search) {
    EXPECT_EQ(target->search_messages({.query = "flight"}).total, 1);
    EXPECT_TRUE(target->search().check().consistent());
  }
}

TEST_P(TransferTest, ImportingTwiceChangesNothingAndReplaceOverwrites) {
  seed();
  const auto dump = dump_of(store());
  auto target = fresh_store();
  import_text(*target, dump);
  const auto again = import_text(*target, dump);
  EXPECT_EQ(again.rows, 14);
  EXPECT_EQ(again.insertedRows, 0);
  EXPECT_EQ(lines_of(dump_of(*target)).size(), lines_of(dump).size());

  // The target's thread changed since: skip keeps it, replace restores the dump's.
  target->update_thread({.id = "t1", .title = "Renamed", .metadata = Json::object()});
  import_text(*target, dump);
  EXPECT_EQ(target->get_thread_by_id("t1")->title, "Renamed");
  const auto replaced = import_text(*target, dump, {.onConflict = OnConflict::Replace});
  EXPECT_EQ(replaced.insertedRows, 0);
  EXPECT_EQ(target->get_thread_by_id("t1")->title, "Trip to Zürich");
  // The vector table has two unique keys (id, vector_id): replace still gives one row per id.
  LibSQLVector vectors(*target);
  EXPECT_EQ(vectors.describe_index("memory_messages").count, 2);
  if (target->capabilities().fullTextSearch) {
    target->search().enable();
    import_text(*target, dump, {.onConflict = OnConflict::Replace});
    EXPECT_TRUE(target->search().check().consistent());
  }

  // fail: the first existing key fails the import, and nothing of it is written.
  target->delete_thread("t2");
  expect_error<ConstraintError>(
      [&] { import_text(*target, dump, {.onConflict = OnConflict::Fail}); },
      "LIBSQL_STORE_IMPORT_FAILED", "");
  EXPECT_FALSE(target->get_thread_by_id("t2"));
}

TEST_P(TransferTest, FiltersTakeOneThreadOneResourceOrRecentRows) {
  seed();
  const auto by_thread = lines_of(dump_of(store(), {.threadId = "t1"}));
  const auto trailer = Json::parse(by_thread.back());
  EXPECT_EQ(trailer["tables"],
            Json::parse(R"({"mastra_threads":1,"mastra_messages":2,"mastra_scorers":1,)"
                        R"("mastra_resources":1,"memory_messages":1})"));
  const auto by_resource = Json::parse(lines_of(dump_of(store(), {.resourceId = "r2"})).back());
  EXPECT_EQ(by_resource["tables"],
            Json::parse(R"({"mastra_workflow_snapshot":0,"mastra_threads":1,)"
                        R"("mastra_messages":1,"mastra_scorers":0,"mastra_resources":0,)"
                        R"("memory_messages":1})"));
  const auto recent = Json::parse(lines_of(dump_of(store(), {.since = ts(11)})).back());
  EXPECT_EQ(recent["tables"]["mastra_messages"], 2);  // m2, m3
  EXPECT_EQ(recent["tables"]["mastra_traces"], 1);
  EXPECT_FALSE(recent["tables"].contains("memory_messages"));  // no time column
  const auto tables = Json::parse(
      lines_of(dump_of(store(), {.tables = {"mastra_threads", "custom_notes"}})).back());
  EXPECT_EQ(tables["tables"], Json::parse(R"({"mastra_threads":2,"custom_notes":2})"));
  expect_error<InvalidArgumentError>([&] { dump_of(store(), {.tables = {"no_such"}}); },
                                     "LIBSQL_STORE_EXPORT_FAILED", "no_such");
  expect_error<InvalidArgumentError>([&] { dump_of(store(), {.batchSize = 0}); },
                                     "LIBSQL_STORE_EXPORT_FAILED", "batchSize");

  // A thread's dump goes into another database on its own.
  const auto dump = dump_of(store(), {.threadId = "t1"});
  auto target = fresh_store();
  EXPECT_EQ(import_text(*target, dump).insertedRows, 6);
  EXPECT_EQ(target->get_messages({.threadId = "t1"}).size(), 2U);
  EXPECT_FALSE(target->get_thread_by_id("t2"));
}

TEST_P(TransferTest, SmallBatchesPageThroughEveryRow) {
  std::vector<Message> many;
  store().save_thread({"t", "r", "many", nullptr, ts(0), ts(0)});
  for (int i = 0; i < 57; ++i) {
    many.push_back(Message{.id = "m" + std::to_string(i),
                           .role = "user",
                           .content = v2("message " + std::to_string(i)),
                           .createdAt = ts(i),
                           .threadId = "t",
                           .resourceId = "r"});
  }
  store().save_messages(many);
  std::vector<std::int64_t> progress;
  const auto small = dump_of(store(), {.batchSize = 10, .onProgress = [&](const auto& p) {
                                         if (p.table == "mastra_messages")
                                           progress.push_back(p.done);
                                       }});
  EXPECT_EQ(progress, (std::vector<std::int64_t>{10, 20, 30, 40, 50, 57}));
  const auto whole = dump_of(store());
  EXPECT_EQ(lines_of(small).size(), lines_of(whole).size());
  EXPECT_EQ(Json::parse(lines_of(small).back()), Json::parse(lines_of(whole).back()));

  // Committed batches of 7 rows end with the same database as one transaction.
  auto target = fresh_store();
  std::vector<std::int64_t> imported;
  const auto s = import_text(*target, small, {.batchRows = 7, .onProgress = [&](const auto& p) {
                                                if (p.table == "mastra_messages") {
                                                  imported.push_back(p.done);
                                                }
                                              }});
  EXPECT_EQ(s.insertedRows, 58);
  ASSERT_FALSE(imported.empty());  // one report per committed batch, ending with every row
  EXPECT_EQ(imported.back(), 57);
  EXPECT_EQ(target->get_messages({.threadId = "t", .last = 100}).size(), 57U);
}

TEST_P(TransferTest, ADryRunCountsAndWritesNothing) {
  seed();
  const auto dump = dump_of(store());
  auto target = fresh_store();
  target->init();
  const auto s = import_text(*target, dump, {.dryRun = true});
  EXPECT_TRUE(s.dryRun);
  EXPECT_EQ(s.rows, 14);
  EXPECT_EQ(s.insertedRows, 14);
  EXPECT_EQ(rows_in(s, "mastra_messages", true), 3);
  EXPECT_FALSE(target->get_thread_by_id("t1"));
  EXPECT_FALSE(target->has_column("custom_notes", "id"));
}

TEST_P(TransferTest, DamagedDumpsAreRefusedAndWriteNothing) {
  seed();
  const auto dump = dump_of(store());
  auto lines = lines_of(dump);
  const auto join = [](const std::vector<std::string>& ls) {
    std::string out;
    for (const auto& l : ls) out += l + "\n";
    return out;
  };
  auto target = fresh_store();
  target->init();
  const auto refuses = [&](const std::string& text, const char* id, const std::string& what) {
    expect_error<DataError>([&] { import_text(*target, text); }, id, what);
    EXPECT_FALSE(target->get_thread_by_id("t1")) << id;
    std::istringstream in(text);
    EXPECT_THROW(verify_dump(in), DataError);
  };
  // A changed byte in a row.
  auto changed_message = lines;
  for (auto& l : changed_message) {
    const auto p = l.find("leaving");
    if (p != std::string::npos) l.replace(p, 7, "LEAVING");
  }
  refuses(join(changed_message), "LIBSQL_STORE_IMPORT_FAILED_CHECKSUM_MISMATCH", "SHA-256");
  // A lost row, a lost trailer, an empty file, a foreign file, a future version.
  auto lost = lines;
  lost.erase(lost.begin() + 2);
  refuses(join(lost), "LIBSQL_STORE_IMPORT_FAILED_CHECKSUM_MISMATCH", "rows");
  refuses(join({lines.begin(), lines.end() - 1}), "LIBSQL_STORE_IMPORT_FAILED_TRUNCATED",
          "before its trailer");
  refuses("", "LIBSQL_STORE_IMPORT_FAILED_TRUNCATED", "empty");
  refuses("id,name\n1,x\n", "LIBSQL_STORE_IMPORT_FAILED_INVALID_DUMP", "not JSON");
  auto future = lines;
  auto h = Json::parse(future[0]);
  h["version"] = 2;
  future[0] = h.dump();
  refuses(join(future), "LIBSQL_STORE_IMPORT_FAILED_INVALID_DUMP", "version 2");
  // Rows that do not fit the header, values the dump never writes, text after the trailer.
  auto wrong = lines;
  wrong.insert(wrong.begin() + 1, R"({"table":"mastra_threads","row":["x"]})");
  refuses(join(wrong), "LIBSQL_STORE_IMPORT_FAILED_INVALID_DUMP", "1 values");
  wrong = lines;
  wrong.insert(wrong.begin() + 1, R"({"table":"nowhere","row":[]})");
  refuses(join(wrong), "LIBSQL_STORE_IMPORT_FAILED_INVALID_DUMP", "not in the header");
  wrong = lines;
  wrong.insert(wrong.begin() + 1, R"({"table":"custom_notes","row":["z",true,null]})");
  refuses(join(wrong), "LIBSQL_STORE_IMPORT_FAILED_INVALID_DUMP", "custom_notes.n");
  wrong = lines;
  wrong.insert(wrong.begin() + 1, R"({"table":"custom_notes","row":["z",{"$blob":"!!"},null]})");
  refuses(join(wrong), "LIBSQL_STORE_IMPORT_FAILED_INVALID_DUMP", "custom_notes.n");
  wrong = lines;
  wrong.push_back("{}");
  refuses(join(wrong), "LIBSQL_STORE_IMPORT_FAILED_INVALID_DUMP", "after the trailer");
  // DDL that is not one CREATE statement.
  auto ddl = lines;
  h = Json::parse(ddl[0]);
  for (auto& t : h["tables"]) {
    if (t["name"] == "custom_notes") t["sql"] = "CREATE TABLE custom_notes (id); DROP TABLE x";
  }
  ddl[0] = h.dump();
  expect_error<DataError>([&] { import_text(*target, join(ddl)); },
                          "LIBSQL_STORE_IMPORT_FAILED_INVALID_DUMP", "single CREATE");
  // The dump as it was still goes in.
  EXPECT_EQ(import_text(*target, dump).insertedRows, 14);
  std::istringstream in(dump);
  EXPECT_EQ(verify_dump(in).size(), 9U);
}

TEST_P(TransferTest, ATargetTableWithoutADumpColumnIsASchemaMismatch) {
  seed();
  const auto dump = dump_of(store(), {.tables = {"custom_notes"}});
  auto target = fresh_store();
  target->create_table("custom_notes", {{"id", {.type = ColumnType::Text, .primaryKey = true}}});
  expect_error<SchemaError>([&] { import_text(*target, dump); },
                            "LIBSQL_STORE_IMPORT_FAILED_SCHEMA_MISMATCH", "no column n");
}

TEST_P(TransferTest, CopyMovesRowsBetweenBackendsBothWays) {
  seed();
  // This backend -> a file -> this backend (emptied), without a dump file.
  const std::string file = "file:" + temp_path();
  LibSQLStore local(StoreOptions{.url = file});
  const auto out = copy_data(store(), local);
  EXPECT_EQ(out.insertedRows, 14);
  EXPECT_EQ(local.get_messages({.threadId = "t1"}).size(), 2U);
  const auto reference = dump_of(store());
  auto target = fresh_store();
  const auto back = copy_data(local, *target);
  EXPECT_EQ(back.insertedRows, 14);
  const auto a = lines_of(reference);
  const auto b = lines_of(dump_of(*target));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 1; i < a.size(); ++i) EXPECT_EQ(a[i], b[i]) << "line " << i;
  // Filters and dry runs pass through; a store cannot copy into itself.
  LibSQLStore other(StoreOptions{.url = "file:" + temp_path()});
  other.init();
  const auto dry = copy_data(local, other, {.from = {.threadId = "t2"}, .to = {.dryRun = true}});
  EXPECT_EQ(dry.insertedRows, 3);  // the thread, its message, its embedding
  EXPECT_FALSE(other.get_thread_by_id("t2"));
  expect_error<InvalidArgumentError>([&] { copy_data(local, local); }, "LIBSQL_STORE_COPY_FAILED",
                                     "itself");
}

LIBSQLSTORE_INSTANTIATE_CONFORMANCE(TransferTest);

// Storage classes the store's own methods never write, on a local file: text that is not
// UTF-8, blobs, infinities, integers where text is expected, all exported and imported exactly.
TEST(TransferFile, EveryStorageClassRoundTripsByteForByte) {
  const std::string path = temp_path();
  {
    SqlitePeek db(path);
    db.exec("CREATE TABLE odd (k INTEGER PRIMARY KEY, v)");
    db.exec(
        "INSERT INTO odd (v) VALUES (NULL), (0), (-9223372036854775808), (1.0), (1e300), "
        "(9e999), (-9e999), ('text'), (''), (CAST(x'ff00fe' AS TEXT)), (x''), (x'00ff'), "
        "('line\nbreak \"q\" \\ \x7f'), (5e-324)");
  }
  LibSQLStore source(StoreOptions{.url = "file:" + path});
  source.init();  // the import creates the seven tables: the source has them too
  std::ostringstream first;
  export_data(source, first);
  const auto lines = lines_of(first.str());
  std::vector<std::string> values;
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
    const auto row = Json::parse(lines[i])["row"];
    values.push_back(row[1].dump());
  }
  EXPECT_EQ(values, (std::vector<std::string>{"null", "0", "-9223372036854775808", "1.0", "1e+300",
                                              R"({"$real":"Infinity"})", R"({"$real":"-Infinity"})",
                                              R"("text")", R"("")", R"({"$text":"/wD+"})",
                                              R"({"$blob":""})", R"({"$blob":"AP8="})",
                                              R"("line\nbreak \"q\" \\ )"
                                              "\x7f\"",
                                              "5e-324"}));
  const std::string target_path = temp_path();
  LibSQLStore target(StoreOptions{.url = "file:" + target_path});
  std::istringstream in(first.str());
  import_data(target, in);
  std::ostringstream second;
  export_data(target, second);
  const auto again = lines_of(second.str());
  ASSERT_EQ(again.size(), lines.size());
  for (std::size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(again[i], lines[i]);
  SqlitePeek check(target_path);
  EXPECT_EQ(check.rows("SELECT typeof(v), hex(v) FROM odd WHERE k = 10"),
            (std::vector<std::vector<std::string>>{{"text", "FF00FE"}}));
  EXPECT_EQ(check.rows("SELECT typeof(v) FROM odd WHERE k IN (4, 6) ORDER BY k"),
            (std::vector<std::vector<std::string>>{{"real"}, {"real"}}));
}

// A copy whose import fails while the export still streams (more than the pipe holds) reports
// the import's error, not the export's broken pipe; the target keeps nothing of it.
TEST(TransferFile, ACopyThatFailsReportsTheImportsError) {
  LibSQLStore source(StoreOptions{.url = "file:" + temp_path()});
  source.init();
  source.save_thread({"t", "r", "big", nullptr, ts(0), ts(0)});
  std::vector<Message> batch;
  for (int i = 0; i < 3000; ++i) {
    batch.push_back(Message{.id = "m" + std::to_string(i),
                            .role = "user",
                            .content = v2(std::string(1000, 'x')),
                            .createdAt = ts(i),
                            .threadId = "t",
                            .resourceId = "r"});
  }
  source.save_messages(batch);
  LibSQLStore target(StoreOptions{.url = "file:" + temp_path()});
  target.init();
  target.save_thread({"t", "r", "already there", nullptr, ts(0), ts(0)});
  expect_error<ConstraintError>(
      [&] { copy_data(source, target, {.to = {.onConflict = OnConflict::Fail}}); },
      "LIBSQL_STORE_COPY_FAILED", "UNIQUE");
  EXPECT_EQ(target.get_thread_by_id("t")->title, "already there");
  EXPECT_TRUE(target.get_messages({.threadId = "t"}).empty());
}

// The dump's checksum is the SHA-256 of the row lines: `sed '1d;$d' dump | sha256sum`.
TEST(TransferFile, TheChecksumIsTheSha256OfTheRowLines) {
  LibSQLStore source(StoreOptions{.url = "file:" + temp_path()});
  source.init();
  source.save_thread({"t", "r", "x", nullptr, ts(0), ts(0)});
  const std::string dump_path = temp_path(".jsonl");
  {
    std::ofstream out(dump_path, std::ios::binary);
    export_data(source, out);
  }
  const std::string cmd = "sed '1d;$d' " + dump_path + " | sha256sum";
  std::string printed;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[128];
    while (fgets(buf, sizeof buf, p) != nullptr) printed += buf;
    pclose(p);
  }
  std::ifstream in(dump_path);
  std::string line;
  std::string last;
  while (std::getline(in, line)) last = line;
  ASSERT_GE(printed.size(), 64U);
  EXPECT_EQ(Json::parse(last)["sha256"], printed.substr(0, 64));
}

}  // namespace
}  // namespace libsqlstore::testing
