#include "search/search_index.hpp"

#include <algorithm>
#include <set>

#include "core/errors.hpp"
#include "core/fill.hpp"

namespace libsqlstore::search {

namespace {

using schema::kSearchMessagesTable;
using schema::kSearchStateTable;
using schema::kSearchThreadsTable;

core::Statement objects_statement() {
  std::string names = core::fill("'{}'", kSearchStateTable);
  for (const auto& t : schema::search_sync_names()) names += ", '" + t + "'";
  return {"SELECT name FROM sqlite_master WHERE name IN (" + names + ")"};
}

core::Statement state_rows_statement() {
  return {core::fill("SELECT key, value FROM {}", kSearchStateTable)};
}

std::int64_t int_of(const std::string& text) {
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    return 0;
  }
}

void decode_objects(const core::ResultSet& rs, IndexState& out) {
  std::set<std::string> names;
  for (const auto& row : rs.rows) {
    if (const auto* s = core::text_ptr(row[0])) names.insert(*s);
  }
  out.enabled = names.contains(std::string(kSearchStateTable));
  out.triggers = std::all_of(schema::search_sync_names().begin(), schema::search_sync_names().end(),
                             [&](const std::string& n) { return names.contains(n); });
}

void decode_state(const core::ResultSet& rs, IndexState& out) {
  for (const auto& row : rs.rows) {
    const auto key = core::to_text(row[0]).value_or("");
    const auto value = core::to_text(row[1]).value_or("");
    if (key == "status") out.ready = value == "ready";
    if (key == "version") out.version = static_cast<int>(int_of(value));
    if (key == "tokenizer") {
      out.tokenizer = value == schema::tokenizer_name(schema::SearchTokenizerKind::Trigram)
                          ? schema::SearchTokenizerKind::Trigram
                          : schema::SearchTokenizerKind::Unicode61;
    }
    if (key == "messages_cursor") out.messages_cursor = int_of(value);
    if (key == "messages_upto") out.messages_upto = int_of(value);
    if (key == "threads_cursor") out.threads_cursor = int_of(value);
    if (key == "threads_upto") out.threads_upto = int_of(value);
  }
}

core::Statement state_row(std::string_view key, std::string value) {
  return {schema::search_state_upsert_sql(), {std::string(key), std::move(value)}};
}

/// One build target: a core table and its FTS table.
struct Target {
  const char* table;       // "mastra_messages"
  const char* cursor_key;  // the state row of the build cursor
  std::int64_t IndexState::*cursor;
  std::int64_t IndexState::*upto;
  std::string (*backfill_sql)();
};

constexpr Target kTargets[] = {
    {"mastra_messages", "messages_cursor", &IndexState::messages_cursor, &IndexState::messages_upto,
     &schema::backfill_messages_sql},
    {"mastra_threads", "threads_cursor", &IndexState::threads_cursor, &IndexState::threads_upto,
     &schema::backfill_threads_sql},
};

std::int64_t count_rows(core::Db& db, const char* table) {
  const auto rs = db.read(core::Statement(core::fill("SELECT count(*) FROM {}", table)));
  return core::to_int(rs.rows.at(0).at(0)).value_or(0);
}

/// Indexes the target's rows up to its "upto" rowid, `batch` rows per transaction, from the
/// cursor the state holds (so an interrupted build resumes where it stopped).
void backfill(core::Db& db, const Target& target, const SearchSetup& setup) {
  const std::int64_t total = setup.onProgress ? count_rows(db, target.table) : 0;
  const std::string ids_sql = core::fill(
      "SELECT rowid FROM {} WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?", target.table);
  const std::string done_sql = core::fill("SELECT count(*) FROM {} WHERE rowid <= ?", target.table);
  while (true) {
    bool finished = false;
    std::int64_t reached = 0;
    db.transaction([&](core::Transaction& tx) {
      IndexState state = read_index_state(tx);
      if (!state.enabled) {
        throw SchemaError("LIBSQL_STORE_SEARCH_NOT_ENABLED", ErrorCategory::User,
                          "search was disabled while its index was being built");
      }
      const std::int64_t cursor = state.*target.cursor;
      const std::int64_t upto = state.*target.upto;
      if (cursor >= upto) {
        finished = true;
        return;
      }
      const auto ids = tx.query({ids_sql, {cursor, upto, setup.batchSize}});
      const std::int64_t end =
          ids.rows.size() < static_cast<std::size_t>(setup.batchSize) || ids.rows.empty()
              ? upto
              : core::to_int(ids.rows.back().at(0)).value_or(upto);
      tx.execute({target.backfill_sql(), {cursor, end}});
      tx.execute(state_row(target.cursor_key, std::to_string(end)));
      reached = end;
      finished = end >= upto;
    });
    if (setup.onProgress && reached > 0) {
      const auto rs = db.read(core::Statement{done_sql, {reached}});
      setup.onProgress({target.table, core::to_int(rs.rows.at(0).at(0)).value_or(0), total});
    }
    if (finished) return;
  }
}

/// Creates the search objects in `tx` (the tables, the triggers, the state with the build
/// cursors at 0 and the rowids to build up to: rows written later are indexed by the triggers).
void create_objects(core::Transaction& tx, schema::SearchTokenizerKind kind) {
  for (auto& sql : schema::search_table_ddl(kind)) tx.execute(core::Statement(std::move(sql)));
  tx.execute(core::Statement(schema::search_state_ddl()));
  for (auto& sql : schema::search_sync_ddl()) tx.execute(core::Statement(std::move(sql)));
  const auto max_rowids = tx.query(
      core::Statement("SELECT (SELECT coalesce(max(rowid), 0) FROM mastra_messages), (SELECT "
                      "coalesce(max(rowid), 0) FROM mastra_threads)"));
  const auto& row = max_rowids.rows.at(0);
  tx.execute(state_row("version", std::to_string(schema::kSearchLayoutVersion)));
  tx.execute(state_row("tokenizer", std::string(schema::tokenizer_name(kind))));
  tx.execute(state_row("status", "building"));
  tx.execute(state_row("messages_cursor", "0"));
  tx.execute(state_row("messages_upto", std::to_string(core::to_int(row.at(0)).value_or(0))));
  tx.execute(state_row("threads_cursor", "0"));
  tx.execute(state_row("threads_upto", std::to_string(core::to_int(row.at(1)).value_or(0))));
}

void drop_objects(core::Transaction& tx) {
  for (auto& sql : schema::search_drop_statements()) tx.execute(core::Statement(std::move(sql)));
}

/// Merges each FTS table's segments into one, kMergeStepPages leaf pages a step, each step its
/// own short transaction (writers wait for one step, not for the whole merge). A build in
/// batches leaves segments on several levels, and FTS5 then merges every later commit's new
/// segment against them: saves after enable() on a 1M-message file ran 2.3x slower than after
/// the merge (docs/search.md, "Segments").
constexpr int kMergeStepPages = 500;
void merge_search_index(core::Db& db) {
  // FTS5's own test for "this step merged something": total_changes() moved by 2 or more. The
  // cap only guards against a merge that never settles (writers adding segments as fast as it
  // merges them); each step is bounded work either way.
  constexpr std::int64_t kMaxSteps = 100'000;
  const core::Statement changes("SELECT total_changes()");
  for (const auto table : schema::kSearchFtsTables) {
    const core::Statement step(schema::search_merge_step_sql(table, kMergeStepPages));
    bool merged = true;
    for (std::int64_t n = 0; merged && n < kMaxSteps; ++n) {
      db.transaction([&](core::Transaction& tx) {
        const std::int64_t before = core::first_int(tx.query(changes));
        tx.execute(step);
        merged = core::first_int(tx.query(changes)) - before >= 2;
      });
    }
  }
}

}  // namespace

SearchTokenizer to_public(schema::SearchTokenizerKind kind) noexcept {
  return kind == schema::SearchTokenizerKind::Trigram ? SearchTokenizer::Trigram
                                                      : SearchTokenizer::Unicode61;
}

schema::SearchTokenizerKind to_schema(SearchTokenizer kind) noexcept {
  return kind == SearchTokenizer::Trigram ? schema::SearchTokenizerKind::Trigram
                                          : schema::SearchTokenizerKind::Unicode61;
}

IndexState read_index_state(core::Db& db) {
  IndexState out;
  decode_objects(db.read(objects_statement()), out);
  if (out.enabled) decode_state(db.read(state_rows_statement()), out);
  return out;
}

IndexState read_index_state(core::Transaction& tx) {
  IndexState out;
  decode_objects(tx.query(objects_statement()), out);
  if (out.enabled) decode_state(tx.query(state_rows_statement()), out);
  return out;
}

SearchStatus enable_search(core::Db& db, const SearchSetup& setup) {
  if (setup.batchSize <= 0) {
    core::invalid_argument("batchSize must be > 0 (got " + std::to_string(setup.batchSize) + ")");
  }
  if (!db.capabilities().fts5) {
    throw UnsupportedError(
        "LIBSQL_STORE_SEARCH_UNSUPPORTED", ErrorCategory::User,
        "keyword search needs SQLite's FTS5, which this database does not have (tursodb, for "
        "one, has no FTS5): use a local file or a libSQL server (sqld, Turso)");
  }
  const auto kind = to_schema(setup.tokenizer);
  bool was_ready = false;
  db.transaction([&](core::Transaction& tx) {
    const IndexState state = read_index_state(tx);
    const bool current = state.enabled && state.tokenizer == kind &&
                         state.version == schema::kSearchLayoutVersion && state.triggers;
    was_ready = current && state.ready;
    if (current) return;  // ready, or a build to finish below
    if (state.enabled) drop_objects(tx);
    create_objects(tx, kind);
  });
  for (const auto& target : kTargets) backfill(db, target, setup);
  db.write(state_row("status", "ready"));
  // A build leaves segments on several levels (see merge_search_index()); an index that was
  // ready already has nothing new from this call (init() enables on every open).
  if (!was_ready) merge_search_index(db);
  return search_status(db);
}

void disable_search(core::Db& db) {
  db.transaction([&](core::Transaction& tx) {
    if (read_index_state(tx).enabled) drop_objects(tx);
  });
}

SearchStatus search_status(core::Db& db) {
  const IndexState state = read_index_state(db);
  SearchStatus out;
  out.enabled = state.enabled;
  out.ready = state.enabled && state.ready;
  out.tokenizer = to_public(state.tokenizer);
  if (!state.enabled) return out;
  const core::Statement counts[] = {
      {core::fill("SELECT count(*) FROM {}", kSearchMessagesTable)},
      {core::fill("SELECT count(*) FROM {}", kSearchThreadsTable)},
  };
  const auto rs = db.read(counts);
  out.messages = core::first_int(rs[0]);
  out.threads = core::first_int(rs[1]);
  return out;
}

SearchCheck check_search(core::Db& db) {
  const auto m = kSearchMessagesTable;
  const auto t = kSearchThreadsTable;
  const core::Statement stmts[] = {
      {core::fill("SELECT count(*) FROM mastra_messages WHERE rowid NOT IN (SELECT rowid FROM "
                  "{})",
                  m)},
      {core::fill("SELECT count(*) FROM {} WHERE rowid NOT IN (SELECT rowid FROM "
                  "mastra_messages)",
                  m)},
      {core::fill("SELECT count(*) FROM mastra_messages AS x JOIN {0} AS f ON f.rowid = x.rowid "
                  "WHERE f.text IS NOT ({1}) OR f.scope IS NOT ({2})",
                  m, schema::message_text_sql("x.content"), schema::message_scope_sql("x"))},
      {core::fill("SELECT count(*) FROM mastra_threads WHERE rowid NOT IN (SELECT rowid FROM "
                  "{})",
                  t)},
      {core::fill("SELECT count(*) FROM {} WHERE rowid NOT IN (SELECT rowid FROM "
                  "mastra_threads)",
                  t)},
      {core::fill("SELECT count(*) FROM mastra_threads AS x JOIN {0} AS f ON f.rowid = x.rowid "
                  "WHERE f.text IS NOT coalesce(x.title, '') OR f.scope IS NOT ({1})",
                  t, schema::thread_scope_sql("x"))},
  };
  const auto rs = db.read(stmts);
  SearchCheck out;
  out.missing = core::first_int(rs[0]) + core::first_int(rs[3]);
  out.extra = core::first_int(rs[1]) + core::first_int(rs[4]);
  out.stale = core::first_int(rs[2]) + core::first_int(rs[5]);
  return out;
}

void rebuild_search(core::Db& db) {
  std::vector<core::Statement> stmts;
  for (auto& sql : schema::search_rebuild_statements()) stmts.emplace_back(std::move(sql));
  db.write(stmts);  // ends with 'optimize': one atomic transaction, merged
}

}  // namespace libsqlstore::search
