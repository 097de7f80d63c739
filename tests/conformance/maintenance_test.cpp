// database_stats(), prune() and compact() on every backend (docs/operations.md): the report's
// counts, a retention policy deleting exactly what it says in batches while derived data (the
// search index, Memory's embeddings) stays consistent, and compaction where it applies.
#include "matchers.hpp"
#include "sample_content.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

using namespace std::chrono_literals;

Json span(const std::string& id, std::int64_t created) {
  return {{"id", id},
          {"parentSpanId", nullptr},
          {"name", "n"},
          {"traceId", "tr"},
          {"scope", "s"},
          {"kind", 1},
          {"attributes", Json::object()},
          {"status", Json{{"code", 0}}},
          {"events", Json::array()},
          {"links", Json::array()},
          {"other", nullptr},
          {"startTime", created},
          {"endTime", created + 1},
          {"createdAt", to_iso8601(ts(created))}};
}

class MaintenanceTest : public StoreTest {
 protected:
  /// ts(0) is 2024-01-01. Now is ts(1000): ages are measured from there.
  static Timestamp at_now() { return ts(1000); }

  void seed() {
    for (int t = 0; t < 3; ++t) {
      const auto id = "t" + std::to_string(t);
      store().save_thread({id, "r", "Thread " + id, nullptr, ts(t), ts(t)});
      std::vector<Message> batch;
      for (int m = 0; m < 5; ++m) {
        batch.push_back(Message{.id = id + "m" + std::to_string(m),
                                .role = "user",
                                .content = v2("flight " + id + " " + std::to_string(m)),
                                .createdAt = ts(100 * m + t),
                                .threadId = id,
                                .resourceId = "r"});
      }
      store().save_messages(batch);
    }
    store().save_thread({"empty", "r", "Nothing said", nullptr, ts(0), ts(0)});
    store().batch_trace_insert({span("old1", 10), span("old2", 20), span("new", 990)});
    for (const auto& [run, status, updated] :
         std::vector<std::tuple<std::string, std::string, std::int64_t>>{
             {"done-old", "success", 10},
             {"failed-old", "failed", 10},
             {"running-old", "running", 10},
             {"done-new", "success", 995}}) {
      store().insert("mastra_workflow_snapshot", Json{{"workflow_name", "wf"},
                                                      {"run_id", run},
                                                      {"resourceId", nullptr},
                                                      {"snapshot", Json{{"status", status}}},
                                                      {"createdAt", to_iso8601(ts(updated))},
                                                      {"updatedAt", to_iso8601(ts(updated))}});
    }
    LibSQLVector vectors(store());
    vectors.create_index({.indexName = "memory_messages", .dimension = 2});
    vectors.upsert({.indexName = "memory_messages",
                    .vectors = {{1, 0}, {0, 1}},
                    .metadata = {Json{{"message_id", "t0m0"}, {"thread_id", "t0"}},
                                 Json{{"message_id", "t0m4"}, {"thread_id", "t0"}}},
                    .ids = {"old", "new"}});
  }

  std::int64_t rows_of(const DatabaseStats& s, const std::string& table) {
    for (const auto& t : s.tables) {
      if (t.name == table) return t.rows;
    }
    return -1;
  }

  static std::int64_t deleted(const PruneSummary& s, const std::string& table) {
    for (const auto& [t, n] : s.deleted) {
      if (t == table) return n;
    }
    return -1;
  }
};

TEST_P(MaintenanceTest, StatsCountEveryTableAndIndex) {
  seed();
  const auto s = database_stats(store());
  EXPECT_EQ(s.backend, store().backend());
  EXPECT_EQ(s.tables.at(0).name, "mastra_workflow_snapshot");  // the seven first
  EXPECT_EQ(rows_of(s, "mastra_messages"), 15);
  EXPECT_EQ(rows_of(s, "mastra_threads"), 4);
  EXPECT_EQ(rows_of(s, "mastra_traces"), 3);
  EXPECT_EQ(rows_of(s, "memory_messages"), 2);
  for (const auto& t : s.tables) {
    if (t.name == "memory_messages") {
      EXPECT_EQ(t.kind, "vector");
    }
    if (t.name == "mastra_threads") {
      EXPECT_EQ(t.kind, "store");
    }
  }
  EXPECT_TRUE(s.missingIndexes.empty());
  const bool has_index = std::any_of(s.indexes.begin(), s.indexes.end(), [](const auto& i) {
    return i.name == "libsqlstore_messages_thread_created" && i.table == "mastra_messages";
  });
  EXPECT_TRUE(has_index);
  EXPECT_GT(s.pageCount, 0);
  if (store().backend() != BackendKind::Remote) {
    ASSERT_TRUE(s.tables.at(0).bytes);
    EXPECT_GE(*s.tables.at(0).bytes, s.pageSize);
  }
  if (store().backend() == BackendKind::File) {
    EXPECT_EQ(s.journalMode, "wal");
    ASSERT_TRUE(s.fileBytes);
    EXPECT_GT(*s.fileBytes, 0);
    // A file the reference made has none of libsqlstore's indexes: stats names them.
    SqlitePeek(store().database_path()).exec("DROP INDEX libsqlstore_messages_thread_created");
    EXPECT_EQ(database_stats(store()).missingIndexes,
              std::vector<std::string>{"libsqlstore_messages_thread_created"});
  }
  if (store().capabilities().fullTextSearch) {
    store().search().enable();
    const auto with_search = database_stats(store());
    EXPECT_TRUE(with_search.searchEnabled);
    EXPECT_EQ(rows_of(with_search, "libsqlstore_search_messages"), 15);
  }
}

TEST_P(MaintenanceTest, PruneDeletesWhatThePolicyDoesNotKeep) {
  seed();
  const bool search = store().capabilities().fullTextSearch;
  if (search) store().search().enable();
  PruneOptions o;
  o.now = at_now();
  o.policy.tracesMaxAge = 500s;
  o.policy.workflowRunsMaxAge = 500s;
  o.policy.keepLastMessages = 2;
  o.policy.deleteEmptyThreads = true;
  o.dryRun = true;
  const auto dry = prune(store(), o);
  EXPECT_TRUE(dry.dryRun);
  EXPECT_EQ(deleted(dry, "mastra_traces"), 2);
  EXPECT_EQ(deleted(dry, "mastra_workflow_snapshot"), 2);  // finished and old only
  EXPECT_EQ(deleted(dry, "mastra_messages"), 9);           // 3 of each thread
  EXPECT_EQ(deleted(dry, "mastra_threads"), 1);
  EXPECT_EQ(store().get_traces_paginated({.perPage = 0}).total, 3);  // nothing went

  o.dryRun = false;
  o.batchSize = 2;
  std::vector<std::int64_t> progress;
  o.onProgress = [&](const std::string& table, std::int64_t n) {
    if (table == "mastra_traces") progress.push_back(n);
  };
  const auto done = prune(store(), o);
  EXPECT_EQ(done.total, 2 + 2 + 9 + 1);
  EXPECT_EQ(progress, (std::vector<std::int64_t>{2}));
  EXPECT_EQ(store().get_traces_paginated({.perPage = 0}).total, 1);
  EXPECT_TRUE(store().get_workflow_run_by_id("running-old"));
  EXPECT_TRUE(store().get_workflow_run_by_id("done-new"));
  EXPECT_FALSE(store().get_workflow_run_by_id("done-old"));
  const auto kept = store().get_messages({.threadId = "t0"});
  ASSERT_EQ(kept.size(), 2U);
  EXPECT_EQ(kept[0].id, "t0m3");
  EXPECT_EQ(kept[1].id, "t0m4");
  EXPECT_FALSE(store().get_thread_by_id("empty"));
  EXPECT_TRUE(store().get_thread_by_id("t0"));
  // The embedding of a pruned message went with it; the kept one stayed.
  LibSQLVector vectors(store());
  EXPECT_EQ(vectors.describe_index("memory_messages").count, 1);
  if (search) {
    EXPECT_TRUE(store().search().check().consistent());
    EXPECT_EQ(store().search_messages({.query = "flight"}).total, 6);
  }
  // Resumed or repeated, a prune finds nothing more.
  EXPECT_EQ(prune(store(), o).total, 0);
}

TEST_P(MaintenanceTest, PruneByAgeEmptiesThreadsOnlyWhenAsked) {
  seed();
  PruneOptions o;
  o.now = at_now();
  o.policy.messagesMaxAge = 500s;  // every message (the newest is ts(402))
  const auto s = prune(store(), o);
  EXPECT_EQ(deleted(s, "mastra_messages"), 15);
  EXPECT_TRUE(store().get_thread_by_id("t1"));  // threads stay by default
  // Empty threads go when asked, those last updated before the cut-off only: saving their
  // messages updated t0..t2 (now), "empty" was last updated at ts(0).
  o.policy.deleteEmptyThreads = true;
  EXPECT_EQ(deleted(prune(store(), o), "mastra_threads"), 1);
  EXPECT_FALSE(store().get_thread_by_id("empty"));
  o.policy.messagesMaxAge.reset();  // without an age: every empty thread
  EXPECT_EQ(deleted(prune(store(), o), "mastra_threads"), 3);
  EXPECT_FALSE(store().get_thread_by_id("t2"));
  // An empty policy deletes nothing; bad arguments are refused before anything runs.
  EXPECT_EQ(prune(store(), {}).total, 0);
  expect_error<InvalidArgumentError>([&] { prune(store(), {.batchSize = 0}); },
                                     "LIBSQL_STORE_PRUNE_FAILED", "batchSize");
  PruneOptions negative;
  negative.policy.keepLastMessages = -1;
  expect_error<InvalidArgumentError>([&] { prune(store(), negative); }, "LIBSQL_STORE_PRUNE_FAILED",
                                     "keepLastMessages");
}

TEST_P(MaintenanceTest, CompactGivesFreePagesBackOrSaysItCannot) {
  if (store().backend() == BackendKind::Remote || store().backend() == BackendKind::Replica) {
    expect_error<UnsupportedError>([&] { compact(store()); }, "LIBSQL_STORE_COMPACT_FAILED",
                                   "local databases");
    return;
  }
  store().save_thread({"t", "r", "big", nullptr, ts(0), ts(0)});
  std::vector<Message> batch;
  for (int m = 0; m < 400; ++m) {
    batch.push_back(Message{.id = "m" + std::to_string(m),
                            .role = "user",
                            .content = v2(std::string(2000, static_cast<char>('a' + m % 26))),
                            .createdAt = ts(m),
                            .threadId = "t",
                            .resourceId = "r"});
  }
  store().save_messages(batch);
  PruneOptions o;
  o.policy.keepLastMessages = 10;
  prune(store(), o);
  const auto s = compact(store());
  EXPECT_GT(s.freePagesBefore, 100);
  EXPECT_EQ(s.freePagesAfter, 0);
  EXPECT_LT(s.bytesAfter, s.bytesBefore);
  EXPECT_TRUE(s.walTruncated);
  EXPECT_EQ(store().get_messages({.threadId = "t", .last = 100}).size(), 10U);
  if (store().backend() == BackendKind::File) {
    SqlitePeek db(store().database_path());
    EXPECT_EQ(db.rows("PRAGMA integrity_check").at(0).at(0), "ok");
  }
}

static const DoctorFinding* finding(const DoctorReport& r, const std::string& check) {
  for (const auto& f : r.findings) {
    if (f.check == check) return &f;
  }
  return nullptr;
}

TEST_P(MaintenanceTest, DoctorFindsOrphansAndIsCleanOtherwise) {
  seed();
  const auto clean = doctor(store());
  EXPECT_TRUE(clean.clean());
  EXPECT_TRUE(clean.findings.empty() ||
              std::all_of(clean.findings.begin(), clean.findings.end(),
                          [](const DoctorFinding& f) { return !f.problem; }));
  for (const char* check : {"orphan_messages", "unreadable_rows", "missing_indexes"}) {
    EXPECT_NE(std::find(clean.checks.begin(), clean.checks.end(), check), clean.checks.end())
        << check;
  }
  // A message whose thread does not exist (the generic insert does not ask).
  store().insert("mastra_messages", Json{{"id", "lost"},
                                         {"thread_id", "gone"},
                                         {"content", "hello"},
                                         {"role", "user"},
                                         {"type", "v2"},
                                         {"createdAt", to_iso8601(ts(5))},
                                         {"resourceId", nullptr}});
  const auto r = doctor(store(), {.fix = true});
  EXPECT_FALSE(r.clean());
  const auto* orphans = finding(r, "orphan_messages");
  ASSERT_NE(orphans, nullptr);
  EXPECT_EQ(orphans->items, std::vector<std::string>{"lost (thread gone)"});
  EXPECT_FALSE(orphans->fixed);  // never deleted by --fix
  store().delete_messages({"lost"});
  EXPECT_TRUE(doctor(store()).clean());
}

TEST_P(MaintenanceTest, DoctorQuarantinesUnreadableRowsAndFixesWhatIsSafe) {
  if (store().backend() != BackendKind::File) GTEST_SKIP() << "damage needs the file";
  seed();
  const bool search = store().capabilities().fullTextSearch;
  if (search) store().search().enable();
  {
    SqlitePeek db(store().database_path());
    db.exec("UPDATE mastra_threads SET metadata = '{broken' WHERE id = 't1'");
    db.exec("UPDATE mastra_traces SET startTime = 'soon' WHERE id = 'old1'");
    db.exec("DROP INDEX libsqlstore_messages_thread_created");
    if (search)
      db.exec(
          "DELETE FROM libsqlstore_search_messages WHERE rowid IN (SELECT rowid FROM "
          "libsqlstore_search_messages LIMIT 2)");
  }
  const auto before = doctor(store());
  EXPECT_FALSE(before.clean());
  EXPECT_EQ(before.quarantinedRows, 2);
  ASSERT_EQ(before.quarantine.size(), 2U);
  EXPECT_EQ(before.quarantine[0].table, "mastra_threads");
  EXPECT_EQ(before.quarantine[0].rowId, "t1");
  EXPECT_EQ(before.quarantine[0].column, "metadata");
  EXPECT_EQ(before.quarantine[1].table, "mastra_traces");
  EXPECT_EQ(before.quarantine[1].column, "startTime");
  ASSERT_NE(finding(before, "missing_indexes"), nullptr);
  EXPECT_TRUE(finding(before, "missing_indexes")->fixable);
  if (search) {
    ASSERT_NE(finding(before, "search_index"), nullptr);
  }
  // Nothing was changed by looking.
  EXPECT_TRUE(doctor(store()).findings.size() == before.findings.size());

  const auto fixed = doctor(store(), {.fix = true});
  EXPECT_TRUE(finding(fixed, "missing_indexes")->fixed);
  if (search) {
    EXPECT_TRUE(finding(fixed, "search_index")->fixed);
    EXPECT_TRUE(store().search().check().consistent());
  }
  EXPECT_FALSE(fixed.clean());  // the unreadable rows are for a person to repair
  {
    SqlitePeek db(store().database_path());
    db.exec("UPDATE mastra_threads SET metadata = '{}' WHERE id = 't1'");
    db.exec("DELETE FROM mastra_traces WHERE id = 'old1'");
  }
  EXPECT_TRUE(doctor(store()).clean());
}

TEST_P(MaintenanceTest, ListThreadsPagesEveryThreadWithItsMessageCount) {
  seed();
  store().save_thread({"other", "r2", "Elsewhere", nullptr, ts(50), ts(50)});
  const auto all = list_threads(store());
  EXPECT_EQ(all.total, 5);
  ASSERT_EQ(all.threads.size(), 5U);
  // Most recently updated first: t0..t2 were updated when their messages were saved (now).
  EXPECT_EQ(all.threads[3].thread.id, "other");
  EXPECT_EQ(all.threads[4].thread.id, "empty");
  EXPECT_EQ(all.threads[4].messages, 0);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(all.threads[i].messages, 5);
  const auto page = list_threads(store(), {.resourceId = "r", .page = 1, .perPage = 3});
  EXPECT_EQ(page.total, 4);
  ASSERT_EQ(page.threads.size(), 1U);
  EXPECT_EQ(page.threads[0].thread.id, "empty");
  EXPECT_FALSE(page.hasMore);
  EXPECT_TRUE(list_threads(store(), {.page = 0, .perPage = 4}).hasMore);
  expect_error<InvalidArgumentError>([&] { list_threads(store(), {.perPage = 0}); },
                                     "LIBSQL_STORE_LIST_THREADS_FAILED", "perPage");
}

LIBSQLSTORE_INSTANTIATE_CONFORMANCE(MaintenanceTest);

}  // namespace
}  // namespace libsqlstore::testing
