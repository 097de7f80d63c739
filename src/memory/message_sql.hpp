// The SQL of the message methods, in one place so tests can check the exact statements and their
// query plans (tests/integration/messages_file_test.cpp). The column lists come from the table's
// declaration (schema::messages()).
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

#include "core/fill.hpp"

namespace libsqlstore::memory::sql {

/// Every message read selects the mapped columns and `rowid` (the tie-breaker).
/// The newest N messages of a thread (args: threadId, N), newest first.
const std::string& last_n();
/// An include's target (args: id, threadId): nothing when the message is not in that thread.
const std::string& include_target();
/// Up to N messages before the target in its thread, nearest first
/// (args: targetId, threadId, threadId, N).
const std::string& include_before();
/// Up to N messages after the target in its thread, nearest first
/// (args: targetId, threadId, threadId, N).
const std::string& include_after();
/// save_messages' upsert: an existing message keeps its createdAt (args: the columns in table
/// order).
const std::string& upsert();

/// The most ids one statement lists (well under SQLite's 32766 bound parameters).
inline constexpr std::size_t kMaxIdsPerStatement = 500;

/// The length an id list of `n` (1..kMaxIdsPerStatement) ids is padded to.
std::size_t in_list_size(std::size_t n);

/// "?, ?, ..., ?" with `n` placeholders.
using core::placeholders;

/// updatedAt of the threads with these ids (args: now, ids...).
std::string touch_threads(std::size_t ids);
/// updatedAt of the threads that hold these messages (args: now, messageIds...).
std::string touch_threads_of_messages(std::size_t ids);
/// "UPDATE mastra_threads SET updatedAt = ? WHERE id = (the thread of message ?)": one message's
/// thread, without the temporary table an IN list costs (save_messages runs one per message).
const std::string& touch_thread_of_message();
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
