#include "write_workload.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "fault_vfs.hpp"
#include "sample_content.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

// Text long enough that a few messages fill pages and a working memory overflows one.
std::string prose(const std::string& seed, std::size_t words) {
  static const char* const kWords[] = {"flight", "number", "booking", "Zürich", "window",
                                       "seat",   "meal",   "crème",   "brûlée", "gate"};
  std::string out = seed;
  for (std::size_t i = 0; i < words; ++i) {
    out += ' ';
    out += kWords[(i * 7 + seed.size()) % std::size(kWords)];
  }
  return out;
}

Message message(const std::string& id, const std::string& thread, std::int64_t at) {
  Message m;
  m.id = id;
  m.role = at % 2 == 0 ? "user" : "assistant";
  m.content = v2(prose(id, 60));
  m.createdAt = ts(at);
  m.threadId = thread;
  m.resourceId = "r1";
  return m;
}

Json span(const std::string& id, std::int64_t start) {
  return Json{{"id", id},
              {"parentSpanId", nullptr},
              {"name", "span " + id},
              {"traceId", "trace-" + id},
              {"scope", "scope-a"},
              {"kind", 1},
              {"attributes", Json{{"route", "/x"}}},
              {"status", Json{{"code", 0}}},
              {"events", Json::array()},
              {"links", Json::array()},
              {"other", nullptr},
              {"startTime", start},
              {"endTime", start + 10},
              {"createdAt", to_iso8601(ts(start))}};
}

Json eval_row(const std::string& run, std::int64_t at) {
  return Json{{"input", "in-" + run},
              {"output", "out-" + run},
              {"result", Json{{"score", 0.5}}},
              {"agent_name", "agent"},
              {"metric_name", "accuracy"},
              {"instructions", "be right"},
              {"test_info", nullptr},
              {"global_run_id", "g-" + run},
              {"run_id", run},
              {"created_at", to_iso8601(ts(at))}};
}

// A dump of another store: a thread of its own with two messages, for import_data.
const std::string& small_dump() {
  static const std::string dump = [] {
    LibSQLStore source(StoreOptions{.url = ":memory:"});
    source.init();
    Thread t;
    t.id = "t9";
    t.resourceId = "r9";
    t.title = "Imported";
    t.createdAt = ts(50);
    t.updatedAt = ts(50);
    source.save_thread(t);
    source.save_messages({message("i1", "t9", 51), message("i2", "t9", 52)});
    std::ostringstream out;
    export_data(source, out);
    return out.str();
  }();
  return dump;
}

std::vector<WriteStep> make_steps() {
  std::vector<WriteStep> steps;
  auto add = [&](std::string name, std::function<void(LibSQLStore&, LibSQLVector&)> run) {
    steps.push_back({std::move(name), std::move(run)});
  };
  add("save_thread", [](LibSQLStore& s, LibSQLVector&) {
    Thread t;
    t.id = "t1";
    t.resourceId = "r1";
    t.title = "Trip to Zürich";
    t.metadata = Json{{"topic", "travel"}};
    t.createdAt = ts(1);
    t.updatedAt = ts(1);
    s.save_thread(t);
  });
  add("save_thread_again", [](LibSQLStore& s, LibSQLVector&) {
    Thread t;
    t.id = "t2";
    t.resourceId = "r1";
    t.title = "Second thread";
    t.createdAt = ts(2);
    t.updatedAt = ts(2);
    s.save_thread(t);
  });
  add("save_messages", [](LibSQLStore& s, LibSQLVector&) {
    std::vector<Message> batch;
    for (int i = 0; i < 12; ++i) batch.push_back(message("m" + std::to_string(i), "t1", 10 + i));
    s.save_messages(batch);
  });
  add("update_messages", [](LibSQLStore& s, LibSQLVector&) {
    s.update_messages({{.id = "m1", .content = Json{{"parts", v2("edited gate")["parts"]}}},
                       {.id = "m2", .threadId = "t2"}});
  });
  add("delete_messages", [](LibSQLStore& s, LibSQLVector&) { s.delete_messages({"m3", "m4"}); });
  add("update_thread", [](LibSQLStore& s, LibSQLVector&) {
    s.update_thread({.id = "t1", .title = "Trip to Zürich and Bern", .metadata = {{"stage", 2}}});
  });
  add("save_resource", [](LibSQLStore& s, LibSQLVector&) {
    Resource r;
    r.id = "r1";
    r.workingMemory = prose("memory", 1500);  // overflows a page
    r.metadata = Json{{"tier", "gold"}};
    r.createdAt = ts(5);
    r.updatedAt = ts(5);
    s.save_resource(r);
  });
  add("update_resource", [](LibSQLStore& s, LibSQLVector&) {
    s.update_resource({.resourceId = "r1",
                       .workingMemory = prose("memory v2", 1200),
                       .metadata = Json{{"seen", true}}});
  });
  add("persist_workflow_snapshot", [](LibSQLStore& s, LibSQLVector&) {
    s.persist_workflow_snapshot(
        {.workflowName = "wf", .runId = "run1", .snapshot = Json{{"status", "running"}}});
  });
  add("persist_workflow_snapshot_again", [](LibSQLStore& s, LibSQLVector&) {
    s.persist_workflow_snapshot({.workflowName = "wf",
                                 .runId = "run1",
                                 .snapshot = Json{{"status", "done"}, {"log", prose("x", 300)}},
                                 .resourceId = "r1"});
  });
  add("save_score", [](LibSQLStore& s, LibSQLVector&) {
    Score sc;
    sc.scorerId = "s1";
    sc.runId = "run1";
    sc.scorer = Json{{"name", "s1"}};
    sc.input = Json{{"q", "2+2?"}};
    sc.output = Json{{"a", "4"}};
    sc.score = 0.75;
    sc.source = "LIVE";
    s.save_score({.score = sc, .createdAt = ts(30), .updatedAt = ts(30)});
  });
  add("batch_trace_insert", [](LibSQLStore& s, LibSQLVector&) {
    std::vector<Json> spans;
    for (int i = 0; i < 20; ++i) spans.push_back(span("s" + std::to_string(i), 100 + i));
    s.batch_trace_insert(spans);
  });
  add("insert",
      [](LibSQLStore& s, LibSQLVector&) { s.insert("mastra_evals", eval_row("e1", 40)); });
  add("batch_insert", [](LibSQLStore& s, LibSQLVector&) {
    s.batch_insert("mastra_evals", {eval_row("e2", 41), eval_row("e3", 42), eval_row("e4", 43)});
  });
  add("clear_table", [](LibSQLStore& s, LibSQLVector&) { s.clear_table("mastra_traces"); });
  add("create_index", [](LibSQLStore&, LibSQLVector& v) {
    v.create_index({.indexName = "memories", .dimension = 4});
  });
  add("upsert", [](LibSQLStore&, LibSQLVector& v) {
    v.upsert({.indexName = "memories",
              .vectors = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0.5F, 0.5F, 0, 0}},
              .metadata = {Json{{"k", 1}}, Json{{"k", 2}}, Json{{"k", 3}}},
              .ids = {"v1", "v2", "v3"}});
  });
  add("update_vector", [](LibSQLStore&, LibSQLVector& v) {
    v.update_vector({.indexName = "memories", .id = "v1", .metadata = Json{{"k", 10}}});
  });
  add("delete_vector", [](LibSQLStore&, LibSQLVector& v) { v.delete_vector("memories", "v2"); });
  add("truncate_index", [](LibSQLStore&, LibSQLVector& v) { v.truncate_index("memories"); });
  add("delete_index", [](LibSQLStore&, LibSQLVector& v) { v.delete_index("memories"); });
  add("create_table", [](LibSQLStore& s, LibSQLVector&) {
    s.create_table("custom_notes",
                   {{"id", {.type = ColumnType::Text, .nullable = false, .primaryKey = true}},
                    {"body", {.type = ColumnType::Text, .nullable = true}}});
  });
  add("insert_custom", [](LibSQLStore& s, LibSQLVector&) {
    s.insert("custom_notes", Json{{"id", "n1"}, {"body", prose("note", 200)}});
  });
  add("alter_table", [](LibSQLStore& s, LibSQLVector&) {
    s.alter_table("custom_notes",
                  {{"id", {.type = ColumnType::Text, .nullable = false, .primaryKey = true}},
                   {"body", {.type = ColumnType::Text, .nullable = true}},
                   {"score", {.type = ColumnType::Integer, .nullable = true}}},
                  {"score"});
  });
  add("drop_table", [](LibSQLStore& s, LibSQLVector&) { s.drop_table("custom_notes"); });
  add("import_data", [](LibSQLStore& s, LibSQLVector&) {
    std::istringstream in(small_dump());
    import_data(s, in);
  });
  add("rebuild_search", [](LibSQLStore& s, LibSQLVector&) { s.search().rebuild(); });
  add("delete_thread", [](LibSQLStore& s, LibSQLVector&) { s.delete_thread("t1"); });
  steps.push_back({"compact", [](LibSQLStore& s, LibSQLVector&) { (void)compact(s); }, false});
  return steps;
}

}  // namespace

const std::vector<WriteStep>& write_steps() {
  static const std::vector<WriteStep> steps = make_steps();
  return steps;
}

StoreOptions workload_options(const std::string& path, bool group_commit) {
  return StoreOptions{.url = "file:" + path, .maxRetries = 0, .groupCommit = group_commit};
}

void workload_init(LibSQLStore& store, bool search) {
  if (search) {
    store.init(InitOptions{.search = SearchSetup{}});
  } else {
    store.init();
  }
}

std::string fingerprint(const std::string& path) {
  SqlitePeek peek(path);
  std::string out;
  const auto tables = peek.rows(
      "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name");
  for (const auto& table : tables) {
    const std::string& name = table[0];
    out += "== " + name + "\n" + table[1] + "\n";
    std::string select;
    for (const auto& column : peek.rows("SELECT name FROM pragma_table_info('" + name + "')")) {
      const std::string& c = column[0];
      const bool clock_or_random = c == "updatedAt" ||
                                   (name == "mastra_workflow_snapshot" && c == "createdAt") ||
                                   (name == "mastra_scorers" && c == "id");
      if (!select.empty()) select += " || '|' || ";
      select += clock_or_random ? std::string("'*'") : "quote(\"" + c + "\")";
    }
    if (select.empty()) continue;
    std::vector<std::string> rows;
    for (const auto& row : peek.rows("SELECT " + select + " FROM \"" + name + "\"")) {
      rows.push_back(row[0]);
    }
    std::sort(rows.begin(), rows.end());
    for (const auto& row : rows) out += row + "\n";
  }
  return out;
}

std::string integrity(const std::string& path) {
  SqlitePeek peek(path);
  return peek.value("PRAGMA integrity_check");
}

void copy_database(const std::string& from, const std::string& to) {
  for (const char* suffix : {"", "-wal", "-journal", "-shm"}) {
    std::filesystem::remove(to + suffix);
  }
  std::filesystem::copy_file(from, to);
  for (const char* suffix : {"-wal", "-journal"}) {
    if (std::filesystem::exists(from + suffix))
      std::filesystem::copy_file(from + suffix, to + suffix);
  }
}

const Stages& stages(const WorkloadConfig& config) {
  static std::map<std::string, Stages> made;
  auto [it, inserted] = made.try_emplace(config.name);
  if (!inserted) return it->second;
  auto& vfs = FaultVfs::install();
  vfs.set_wal_supported(config.wal);
  Stages& out = it->second;
  auto stage_file = [&](std::size_t i) {
    return temp_path("-" + config.name + "-stage" + std::to_string(i) + ".db");
  };
  out.files.push_back(stage_file(0));
  {
    LibSQLStore store(workload_options(out.files[0]));
    workload_init(store, config.search);
  }
  const auto& steps = write_steps();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    out.files.push_back(stage_file(i + 1));
    copy_database(out.files[i], out.files[i + 1]);
    LibSQLStore store(workload_options(out.files[i + 1]));
    store.init();
    LibSQLVector vector(store);
    steps[i].run(store, vector);
  }
  for (const auto& file : out.files) out.fingerprints.push_back(fingerprint(file));
  return out;
}

}  // namespace libsqlstore::testing
