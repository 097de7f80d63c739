// The SQL of the message methods, in one place so tests can check the exact statements (their
// query plans, tests/unit/message_sql_plan_test.cpp).
//
// Hot-path rules:
//  - the text of a statement depends only on its shape, never on values, so the backend's
//    prepared-statement cache hits;
//  - lists of ids (`IN (?, ?, ...)`) are padded to a few fixed lengths (in_list_size()) by
//    repeating the last id, so a list of 3 or of 4 ids uses the same statement;
//  - a thread's messages are read through the index libsqlstore_messages_thread_created
//    (thread_id, createdAt); ties on createdAt are broken by rowid (save order), which is the
//    index's last column, so no ORDER BY needs a temporary B-tree;
//  - no recursive CTEs and no row-value comparisons, so the same SQL runs on tursodb.
#pragma once

#include <cstddef>
#include <string>

namespace libsqlstore::memory::sql {

/// The columns every message read selects, in the order decode_message_row() expects.
#define LIBSQLSTORE_MESSAGE_COLUMNS(p)                                                            \
  p "id, " p "thread_id, " p "content, " p "role, " p "type, " p "createdAt, " p "resourceId, " p \
    "rowid"

inline constexpr std::size_t kColumnCount = 8;

/// The newest N messages of a thread (args: threadId, N), newest first.
inline constexpr const char* kLastN =
    "SELECT " LIBSQLSTORE_MESSAGE_COLUMNS("") " FROM mastra_messages WHERE thread_id = ? "
    "ORDER BY createdAt DESC, rowid DESC LIMIT ?";

/// An include's target (args: id, threadId): nothing when the message is not in that thread.
inline constexpr const char* kIncludeTarget = "SELECT " LIBSQLSTORE_MESSAGE_COLUMNS(
    "") " FROM mastra_messages WHERE id = ? AND thread_id = ?";

/// Up to N messages before the target in its thread, nearest first
/// (args: targetId, threadId, threadId, N).
inline constexpr const char* kIncludeBefore =
    "SELECT " LIBSQLSTORE_MESSAGE_COLUMNS("m.") " FROM "
    "(SELECT createdAt AS c, rowid AS r FROM mastra_messages WHERE id = ? AND thread_id = ?) AS t "
    "JOIN mastra_messages AS m ON m.thread_id = ? AND m.createdAt <= t.c "
    "AND (m.createdAt < t.c OR m.rowid < t.r) "
    "ORDER BY m.createdAt DESC, m.rowid DESC LIMIT ?";

/// Up to N messages after the target in its thread, nearest first
/// (args: targetId, threadId, threadId, N).
inline constexpr const char* kIncludeAfter =
    "SELECT " LIBSQLSTORE_MESSAGE_COLUMNS("m.") " FROM "
    "(SELECT createdAt AS c, rowid AS r FROM mastra_messages WHERE id = ? AND thread_id = ?) AS t "
    "JOIN mastra_messages AS m ON m.thread_id = ? AND m.createdAt >= t.c "
    "AND (m.createdAt > t.c OR m.rowid > t.r) "
    "ORDER BY m.createdAt ASC, m.rowid ASC LIMIT ?";

/// save_messages' upsert: an existing message keeps its createdAt.
inline constexpr const char* kUpsert =
    "INSERT INTO mastra_messages (id, thread_id, content, role, type, createdAt, resourceId) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET thread_id = excluded.thread_id, "
    "content = excluded.content, role = excluded.role, type = excluded.type, "
    "resourceId = excluded.resourceId";

/// The most ids one statement lists (well under SQLite's 32766 bound parameters).
inline constexpr std::size_t kMaxIdsPerStatement = 500;

/// The length an id list of `n` (1..kMaxIdsPerStatement) ids is padded to.
std::size_t in_list_size(std::size_t n);

/// "?, ?, ..., ?" with `n` placeholders.
std::string placeholders(std::size_t n);

/// updatedAt of the threads with these ids (args: now, ids...).
std::string touch_threads(std::size_t ids);
/// updatedAt of the threads that hold these messages (args: now, messageIds...).
std::string touch_threads_of_messages(std::size_t ids);
/// Deletes messages (args: ids...).
std::string delete_messages(std::size_t ids);
/// Messages by id, ordered by id (args: ids...).
std::string select_by_ids(std::size_t ids);

/// The count of a thread's messages in an optional date range (args: threadId[, start][, end]).
std::string count_page(bool start, bool end);
/// One page of a thread's messages, newest first, skipping `excluded` ids
/// (args: threadId[, start][, end][, excluded ids...], limit, offset).
std::string select_page(bool start, bool end, std::size_t excluded);

}  // namespace libsqlstore::memory::sql
