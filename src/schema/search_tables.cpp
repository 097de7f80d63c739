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

std::vector<std::string> search_table_ddl(SearchTokenizerKind kind) {
  const auto spec = tokenizer_spec(kind);
  return {
      core::fill("CREATE VIRTUAL TABLE {} USING fts5(text, tokenize = '{}')", kSearchMessagesTable,
                 spec),
      core::fill("CREATE VIRTUAL TABLE {} USING fts5(text, tokenize = '{}')", kSearchThreadsTable,
                 spec),
  };
}

std::string search_state_ddl() {
  return core::fill("CREATE TABLE IF NOT EXISTS {} (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                    kSearchStateTable);
}

std::vector<std::string> search_sync_ddl() {
  const auto m = kSearchMessagesTable;
  const auto t = kSearchThreadsTable;
  // BEFORE INSERT drops the entry of a row an INSERT OR REPLACE is about to replace (REPLACE
  // deletes without firing delete triggers, and the new row gets another rowid); AFTER UPDATE
  // re-indexes unconditionally because an upsert's BEFORE INSERT already dropped the entry.
  return {
      core::fill("CREATE TRIGGER IF NOT EXISTS {} BEFORE INSERT ON mastra_messages BEGIN "
                 "DELETE FROM {} WHERE rowid = (SELECT rowid FROM mastra_messages WHERE id = "
                 "NEW.id); END",
                 kMessagesTriggers[0], m),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} AFTER INSERT ON mastra_messages BEGIN "
                 "INSERT OR REPLACE INTO {} (rowid, text) VALUES (NEW.rowid, {}); END",
                 kMessagesTriggers[1], m, message_text_sql("NEW.content")),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} AFTER UPDATE OF content ON mastra_messages "
                 "BEGIN DELETE FROM {} WHERE rowid = OLD.rowid; INSERT OR REPLACE INTO {} "
                 "(rowid, text) VALUES (NEW.rowid, {}); END",
                 kMessagesTriggers[2], m, m, message_text_sql("NEW.content")),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} AFTER DELETE ON mastra_messages BEGIN "
                 "DELETE FROM {} WHERE rowid = OLD.rowid; END",
                 kMessagesTriggers[3], m),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} BEFORE INSERT ON mastra_threads BEGIN "
                 "DELETE FROM {} WHERE rowid = (SELECT rowid FROM mastra_threads WHERE id = "
                 "NEW.id); END",
                 kThreadsTriggers[0], t),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} AFTER INSERT ON mastra_threads BEGIN "
                 "INSERT OR REPLACE INTO {} (rowid, text) VALUES (NEW.rowid, "
                 "coalesce(NEW.title, '')); END",
                 kThreadsTriggers[1], t),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} AFTER UPDATE OF title ON mastra_threads "
                 "BEGIN DELETE FROM {} WHERE rowid = OLD.rowid; INSERT OR REPLACE INTO {} "
                 "(rowid, text) VALUES (NEW.rowid, coalesce(NEW.title, '')); END",
                 kThreadsTriggers[2], t, t),
      core::fill("CREATE TRIGGER IF NOT EXISTS {} AFTER DELETE ON mastra_threads BEGIN "
                 "DELETE FROM {} WHERE rowid = OLD.rowid; END",
                 kThreadsTriggers[3], t),
      // Resource-scoped searches list a resource's messages (mastra_messages has no index on
      // resourceId: only search needs one).
      core::fill("CREATE INDEX IF NOT EXISTS {} ON mastra_messages (resourceId, createdAt)",
                 kSearchResourceIndex),
  };
}

const std::vector<std::string>& search_sync_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (auto n : kMessagesTriggers) out.emplace_back(n);
    for (auto n : kThreadsTriggers) out.emplace_back(n);
    out.emplace_back(kSearchResourceIndex);
    return out;
  }();
  return names;
}

std::vector<std::string> search_drop_statements() {
  std::vector<std::string> out;
  for (const auto& name : search_sync_names()) {
    out.push_back(
        (name == kSearchResourceIndex ? "DROP INDEX IF EXISTS " : "DROP TRIGGER IF EXISTS ") +
        name);
  }
  for (auto table : {kSearchMessagesTable, kSearchThreadsTable, kSearchStateTable}) {
    out.push_back(core::fill("DROP TABLE IF EXISTS {}", table));
  }
  return out;
}

std::string backfill_messages_sql() {
  return core::fill(
      "INSERT INTO {0} (rowid, text) SELECT m.rowid, {1} FROM mastra_messages AS m WHERE "
      "m.rowid > ?1 AND m.rowid <= ?2 AND m.rowid NOT IN (SELECT rowid FROM {0} WHERE rowid > ?1 "
      "AND rowid <= ?2) ORDER BY m.rowid",
      kSearchMessagesTable, message_text_sql("m.content"));
}

std::string backfill_threads_sql() {
  return core::fill(
      "INSERT INTO {0} (rowid, text) SELECT t.rowid, coalesce(t.title, '') FROM mastra_threads "
      "AS t WHERE t.rowid > ?1 AND t.rowid <= ?2 AND t.rowid NOT IN (SELECT rowid FROM {0} WHERE "
      "rowid > ?1 AND rowid <= ?2) ORDER BY t.rowid",
      kSearchThreadsTable);
}

std::vector<std::string> search_rebuild_statements() {
  std::vector<std::string> out = search_sync_ddl();
  out.push_back(core::fill("DELETE FROM {}", kSearchMessagesTable));
  out.push_back(core::fill("DELETE FROM {}", kSearchThreadsTable));
  out.push_back(core::fill("INSERT INTO {} (rowid, text) SELECT rowid, {} FROM mastra_messages",
                           kSearchMessagesTable, message_text_sql("content")));
  out.push_back(
      core::fill("INSERT INTO {} (rowid, text) SELECT rowid, coalesce(title, '') FROM "
                 "mastra_threads",
                 kSearchThreadsTable));
  out.push_back(core::fill(
      "INSERT OR REPLACE INTO {} (key, value) VALUES ('status', 'ready'), ('version', '{}')",
      kSearchStateTable, std::to_string(kSearchLayoutVersion)));
  return out;
}

std::string search_state_upsert_sql() {
  return core::fill("INSERT OR REPLACE INTO {} (key, value) VALUES (?, ?)", kSearchStateTable);
}

}  // namespace libsqlstore::schema
