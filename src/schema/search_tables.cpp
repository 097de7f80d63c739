#include "schema/search_tables.hpp"

#include "core/fill.hpp"

namespace libsqlstore::schema {

namespace {

constexpr std::string_view kMessagesTriggers[] = {
    "libsqlstore_search_messages_before_insert",
    "libsqlstore_search_messages_after_insert",
    "libsqlstore_search_messages_after_update",
    "libsqlstore_search_messages_after_delete",
};
constexpr std::string_view kThreadsTriggers[] = {
    "libsqlstore_search_threads_before_insert",
    "libsqlstore_search_threads_after_insert",
    "libsqlstore_search_threads_after_update",
    "libsqlstore_search_threads_after_delete",
};

/// The text of the parts of a V2 content or of a V1 array (`parts` is a json_each() source),
/// one part per line; NULL when no part has text. json_each's `type` filter keeps strings and
/// numbers away from json_extract (which would fail on them: they are not JSON text).
std::string parts_text(std::string_view parts, std::string_view cases) {
  return core::fill(
      "(SELECT group_concat(t, char(10)) FROM (SELECT CASE json_extract(p.value, '$.type'){} END "
      "AS t FROM {} AS p WHERE p.type = 'object'))",
      cases, parts);
}

}  // namespace

std::string_view tokenizer_name(SearchTokenizerKind kind) noexcept {
  return kind == SearchTokenizerKind::Trigram ? "trigram" : "unicode61";
}

std::string_view tokenizer_spec(SearchTokenizerKind kind) noexcept {
  return kind == SearchTokenizerKind::Trigram ? "trigram" : "unicode61 remove_diacritics 2";
}

std::string message_text_sql(std::string_view c) {
  const std::string v2 =
      parts_text(core::fill("json_each({}, '$.parts')", c),
                 " WHEN 'text' THEN json_extract(p.value, '$.text')"
                 " WHEN 'reasoning' THEN json_extract(p.value, '$.reasoning')"
                 " WHEN 'tool-invocation' THEN json_extract(p.value, '$.toolInvocation.toolName')");
  const std::string v1 = parts_text(core::fill("json_each({})", c),
                                    " WHEN 'text' THEN json_extract(p.value, '$.text')"
                                    " WHEN 'reasoning' THEN json_extract(p.value, '$.text')"
                                    " WHEN 'tool-call' THEN json_extract(p.value, '$.toolName')"
                                    " WHEN 'tool-result' THEN json_extract(p.value, '$.toolName')");
  // Nested CASEs, not AND: SQLite evaluates a CASE's branches only when taken, so json_type()
  // never sees text that json_valid() refused.
  return core::fill(
      "CASE WHEN json_valid({0}) THEN CASE json_type({0})"
      " WHEN 'object' THEN CASE WHEN json_extract({0}, '$.format') = 2 THEN coalesce({1},"
      " CASE WHEN json_type({0}, '$.content') = 'text' THEN json_extract({0}, '$.content') END,"
      " '') ELSE {0} END"
      " WHEN 'array' THEN coalesce({2}, '')"
      " ELSE {0} END ELSE {0} END",
      c, v2, v1);
}

std::string message_scope_sql(std::string_view row) {
  return core::fill(
      "'t' || hex({0}.thread_id) || 'x r' || hex(coalesce({0}.resourceId, '')) || 'x'", row);
}

std::string thread_scope_sql(std::string_view row) {
  return core::fill("'r' || hex(coalesce({0}.resourceId, '')) || 'x'", row);
}

std::string scope_term(char kind, std::string_view id) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out(1, kind);
  for (const char c : id) {
    const auto b = static_cast<unsigned char>(c);
    out += kHex[b >> 4];
    out += kHex[b & 0x0F];
  }
  out += 'x';
  return out;
}

std::vector<std::string> search_table_ddl(SearchTokenizerKind kind) {
  const auto spec = tokenizer_spec(kind);
  return {
      core::fill("CREATE VIRTUAL TABLE {} USING fts5(text, scope, tokenize = '{}')",
                 kSearchMessagesTable, spec),
      core::fill("CREATE VIRTUAL TABLE {} USING fts5(text, scope, tokenize = '{}')",
                 kSearchThreadsTable, spec),
  };
}

std::string search_state_ddl() {
  return core::fill("CREATE TABLE IF NOT EXISTS {} (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                    kSearchStateTable);
}

std::vector<std::string> search_sync_ddl() {
  const auto m = kSearchMessagesTable;
  const auto t = kSearchThreadsTable;
  const std::string message_row =
      core::fill("(rowid, text, scope) VALUES (NEW.rowid, {}, {})", message_text_sql("NEW.content"),
                 message_scope_sql("NEW"));
  const std::string thread_row =
      core::fill("(rowid, text, scope) VALUES (NEW.rowid, coalesce(NEW.title, ''), {})",
                 thread_scope_sql("NEW"));
  // BEFORE INSERT drops the entry of a row an INSERT OR REPLACE is about to replace (REPLACE
  // deletes without firing delete triggers, and the new row gets another rowid); AFTER UPDATE
  // re-indexes unconditionally because an upsert's BEFORE INSERT already dropped the entry. A
  // thread move re-indexes too: the scope column names the thread and the resource.
  return {
      core::fill("CREATE TRIGGER IF NOT EXISTS {} BEFORE INSERT ON mastra_messages BEGIN "
                 "DELETE FROM {} WHERE rowid = (SELECT rowid FROM mastra_messages WHERE id = "
                 "NEW.id); END",
                 kMessagesTriggers[0], m),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} AFTER INSERT ON mastra_messages BEGIN "
                 "INSERT OR REPLACE INTO {} {}; END",
                 kMessagesTriggers[1], m, message_row),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} AFTER UPDATE OF content, thread_id, resourceId "
                 "ON mastra_messages BEGIN DELETE FROM {} WHERE rowid = OLD.rowid; INSERT OR "
                 "REPLACE INTO {} {}; END",
                 kMessagesTriggers[2], m, m, message_row),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} AFTER DELETE ON mastra_messages BEGIN "
                 "DELETE FROM {} WHERE rowid = OLD.rowid; END",
                 kMessagesTriggers[3], m),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} BEFORE INSERT ON mastra_threads BEGIN "
                 "DELETE FROM {} WHERE rowid = (SELECT rowid FROM mastra_threads WHERE id = "
                 "NEW.id); END",
                 kThreadsTriggers[0], t),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} AFTER INSERT ON mastra_threads BEGIN "
                 "INSERT OR REPLACE INTO {} {}; END",
                 kThreadsTriggers[1], t, thread_row),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} AFTER UPDATE OF title, resourceId ON "
                 "mastra_threads BEGIN DELETE FROM {} WHERE rowid = OLD.rowid; INSERT OR REPLACE "
                 "INTO {} {}; END",
                 kThreadsTriggers[2], t, t, thread_row),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} AFTER DELETE ON mastra_threads BEGIN "
                 "DELETE FROM {} WHERE rowid = OLD.rowid; END",
                 kThreadsTriggers[3], t),
  };
}

const std::vector<std::string>& search_sync_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (auto n : kMessagesTriggers) out.emplace_back(n);
    for (auto n : kThreadsTriggers) out.emplace_back(n);
    return out;
  }();
  return names;
}

std::vector<std::string> search_drop_statements() {
  std::vector<std::string> out;
  for (const auto& name : search_sync_names()) out.push_back("DROP TRIGGER IF EXISTS " + name);
  for (auto table : {kSearchMessagesTable, kSearchThreadsTable, kSearchStateTable}) {
    out.push_back(core::fill("DROP TABLE IF EXISTS {}", table));
  }
  return out;
}

std::string backfill_messages_sql() {
  return core::fill(
      "INSERT INTO {0} (rowid, text, scope) SELECT m.rowid, {1}, {2} FROM mastra_messages AS m "
      "WHERE m.rowid > ?1 AND m.rowid <= ?2 AND m.rowid NOT IN (SELECT rowid FROM {0} WHERE "
      "rowid > ?1 AND rowid <= ?2) ORDER BY m.rowid",
      kSearchMessagesTable, message_text_sql("m.content"), message_scope_sql("m"));
}

std::string backfill_threads_sql() {
  return core::fill(
      "INSERT INTO {0} (rowid, text, scope) SELECT t.rowid, coalesce(t.title, ''), {1} FROM "
      "mastra_threads AS t WHERE t.rowid > ?1 AND t.rowid <= ?2 AND t.rowid NOT IN (SELECT "
      "rowid FROM {0} WHERE rowid > ?1 AND rowid <= ?2) ORDER BY t.rowid",
      kSearchThreadsTable, thread_scope_sql("t"));
}

std::vector<std::string> search_rebuild_statements() {
  std::vector<std::string> out = search_sync_ddl();
  out.push_back(core::fill("DELETE FROM {}", kSearchMessagesTable));
  out.push_back(core::fill("DELETE FROM {}", kSearchThreadsTable));
  out.push_back(core::fill(
      "INSERT INTO {} (rowid, text, scope) SELECT m.rowid, {}, {} FROM mastra_messages AS m",
      kSearchMessagesTable, message_text_sql("m.content"), message_scope_sql("m")));
  out.push_back(core::fill(
      "INSERT INTO {} (rowid, text, scope) SELECT t.rowid, coalesce(t.title, ''), {} FROM "
      "mastra_threads AS t",
      kSearchThreadsTable, thread_scope_sql("t")));
  out.push_back(core::fill(
      "INSERT OR REPLACE INTO {} (key, value) VALUES ('status', 'ready'), ('version', '{}')",
      kSearchStateTable, std::to_string(kSearchLayoutVersion)));
  // One transaction's build flushes its pending terms into many segments: merged in the same
  // transaction, so that the rebuild stays all or nothing (enable() merges in steps instead).
  for (const auto table : kSearchFtsTables) {
    out.push_back(core::fill("INSERT INTO {0} ({0}) VALUES ('optimize')", table));
  }
  return out;
}

std::string search_state_upsert_sql() {
  return core::fill("INSERT OR REPLACE INTO {} (key, value) VALUES (?, ?)", kSearchStateTable);
}

std::string search_merge_step_sql(std::string_view table, int pages) {
  return core::fill("INSERT INTO {0} ({0}, rank) VALUES ('merge', -{1})", table,
                    std::to_string(pages));
}

}  // namespace libsqlstore::schema
