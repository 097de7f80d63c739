// The on-disk shape of keyword search (docs/search.md, "Storage"): two FTS5 tables, the
// triggers that keep them equal to mastra_messages and mastra_threads, and a state table. All of
// it is plain SQL that any SQLite with FTS5 and JSON1 runs (the reference's libSQL included), so
// writes made by the reference land in the index too. None of it is named mastra_*, and the seven
// tables' DDL is untouched.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace libsqlstore::schema {

/// The FTS5 tables: one row per message (rowid = the message's rowid, column `text`) and per
/// thread (rowid = the thread's rowid, column `text`: its title). Their second column, `scope`,
/// holds one term per id the row belongs to (scope_term()): a search scoped to a thread or a
/// resource ANDs its term, so FTS5 intersects two doclists instead of testing every match.
inline constexpr std::string_view kSearchMessagesTable = "libsqlstore_search_messages";
inline constexpr std::string_view kSearchThreadsTable = "libsqlstore_search_threads";
/// key/value rows: "version", "tokenizer", "status" ("building" or "ready") and the build
/// cursors "messages_cursor", "threads_cursor" (the highest rowid indexed by the backfill).
inline constexpr std::string_view kSearchStateTable = "libsqlstore_search_state";

/// The layout version of the search objects (the text extraction and the triggers). A database
/// whose "version" differs is rebuilt by init() and enable.
inline constexpr int kSearchLayoutVersion = 1;

/// The tokenizers a database may use. `unicode61`: words, case and diacritics folded
/// (`remove_diacritics 2`); `trigram`: every substring of three or more characters (also for
/// text without spaces between words), case folded.
enum class SearchTokenizerKind { Unicode61, Trigram };
std::string_view tokenizer_name(SearchTokenizerKind kind) noexcept;
/// The FTS5 `tokenize` argument of a kind.
std::string_view tokenizer_spec(SearchTokenizerKind kind) noexcept;

/// The text a person reads in a stored message content (`column` names the content, e.g.
/// "NEW.content"), as an SQL expression: V2 text parts, reasoning and tool names (not their args
/// or results), V1 array parts the same way, a plain-text content as it is. Never fails: any
/// text, JSON or not, gives a value.
std::string message_text_sql(std::string_view column);

/// The `scope` column's value for a row (`row` names it, e.g. "NEW"): the thread's and the
/// resource's terms for a message, the resource's for a thread.
std::string message_scope_sql(std::string_view row);
std::string thread_scope_sql(std::string_view row);
/// The term for an id: `kind` ('t' thread, 'r' resource), the id's UTF-8 bytes in upper-case hex
/// (SQLite's hex()), then 'x'. One token for unicode61 (letters and digits); for trigram, a
/// phrase that cannot match inside another id's term ('t', 'r' and 'x' are not hex digits).
std::string scope_term(char kind, std::string_view id);

/// CREATE VIRTUAL TABLE statements for both FTS5 tables.
std::vector<std::string> search_table_ddl(SearchTokenizerKind kind);
/// CREATE TABLE IF NOT EXISTS of the state table.
std::string search_state_ddl();
/// What keeps the index in step with the data: the triggers on mastra_messages and
/// mastra_threads (CREATE TRIGGER IF NOT EXISTS). They go when their table is dropped; init()
/// re-creates them.
std::vector<std::string> search_sync_ddl();
/// Their names, as sqlite_master holds them.
const std::vector<std::string>& search_sync_names();
/// DROP statements for every search object (triggers first).
std::vector<std::string> search_drop_statements();

/// INSERT INTO the messages' FTS table the rows of mastra_messages with `rowid > ?1` and
/// `rowid <= ?2` that it does not hold yet (a trigger indexed those written since the build
/// began). The threads' twin below.
std::string backfill_messages_sql();
std::string backfill_threads_sql();

/// Rebuilds both indexes from the data in one transaction's statements: re-creates missing
/// triggers, empties the FTS tables, indexes every row, marks the state ready and merges each
/// FTS table into one segment (FTS5's 'optimize'; see search_merge_step_sql()) (for
/// SearchStore::rebuild() and for init() after a core table was dropped and created again: its
/// triggers went with it).
std::vector<std::string> search_rebuild_statements();

/// INSERT OR REPLACE of one state row (arguments: key, value).
std::string search_state_upsert_sql();

/// The FTS tables, for what is done to each (merging).
inline constexpr std::string_view kSearchFtsTables[] = {kSearchMessagesTable, kSearchThreadsTable};

/// One step of FTS5's incremental merge on `table`: about `pages` leaf pages of merging, with
/// the segments of every level taken as one level (a negative 'merge'), so that repeated steps
/// end with one segment, as 'optimize' does in a single transaction.
std::string search_merge_step_sql(std::string_view table, int pages);

}  // namespace libsqlstore::schema
