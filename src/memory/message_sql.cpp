#include "memory/message_sql.hpp"

#include <array>

#include "schema/tables.hpp"

namespace libsqlstore::memory::sql {

namespace {

/// "<p>id, <p>thread_id, ..., <p>rowid".
std::string columns_with(const char* prefix) {
  std::string out;
  for (const auto& f : schema::messages().fields()) {
    out += (out.empty() ? "" : ", ") + std::string(prefix) + f.column.name;
  }
  return out + ", " + prefix + "rowid";
}

const std::string& columns() {
  static const std::string list = columns_with("");
  return list;
}

std::string window(const char* cmp, const char* tie, const char* dir) {
  return "SELECT " + columns_with("m.") +
         " FROM (SELECT createdAt AS c, rowid AS r FROM mastra_messages WHERE id = ? AND "
         "thread_id = ?) AS t JOIN mastra_messages AS m ON m.thread_id = ? AND m.createdAt " +
         cmp + "= t.c AND (m.createdAt " + cmp + " t.c OR m.rowid " + tie +
         " t.r) ORDER BY m.createdAt " + dir + ", m.rowid " + dir + " LIMIT ?";
}

}  // namespace

const std::string& last_n() {
  static const std::string s = "SELECT " + columns() +
                               " FROM mastra_messages WHERE thread_id = ? ORDER BY createdAt "
                               "DESC, rowid DESC LIMIT ?";
  return s;
}

const std::string& include_target() {
  static const std::string s =
      "SELECT " + columns() + " FROM mastra_messages WHERE id = ? AND thread_id = ?";
  return s;
}

const std::string& include_before() {
  static const std::string s = window("<", "<", "DESC");
  return s;
}

const std::string& include_after() {
  static const std::string s = window(">", ">", "ASC");
  return s;
}

const std::string& upsert() {
  static const std::string s = [] {
    std::string set;
    for (const auto& f : schema::messages().fields()) {
      // An existing message keeps its id and its createdAt.
      if (f.column.name == "id" || f.column.name == "createdAt") continue;
      set += (set.empty() ? "" : ", ") + f.column.name + " = excluded." + f.column.name;
    }
    return schema::messages().insert_sql() + " ON CONFLICT(id) DO UPDATE SET " + set;
  }();
  return s;
}

std::size_t in_list_size(std::size_t n) {
  // Few distinct lengths keep few distinct statements in the prepared-statement cache.
  // Up to 16 ids the list is exact (padding repeats ids SQLite then looks up again); beyond,
  // powers of two.
  if (n <= 16) return n;
  static constexpr std::array<std::size_t, 5> kSizes = {32, 64, 128, 256, kMaxIdsPerStatement};
  for (const auto size : kSizes) {
    if (n <= size) return size;
  }
  return n;
}

std::string touch_threads(std::size_t ids) {
  return "UPDATE mastra_threads SET updatedAt = ? WHERE id IN (" + placeholders(ids) + ")";
}

std::string touch_threads_of_messages(std::size_t ids) {
  return "UPDATE mastra_threads SET updatedAt = ? WHERE id IN (SELECT thread_id FROM "
         "mastra_messages WHERE id IN (" +
         placeholders(ids) + "))";
}

const std::string& touch_thread_of_message() {
  static const std::string s =
      "UPDATE mastra_threads SET updatedAt = ? WHERE id = (SELECT thread_id FROM mastra_messages "
      "WHERE id = ?)";
  return s;
}

std::string delete_messages(std::size_t ids) {
  return "DELETE FROM mastra_messages WHERE id IN (" + placeholders(ids) + ")";
}

std::string select_by_ids(std::size_t ids) {
  return "SELECT " + columns() + " FROM mastra_messages WHERE id IN (" + placeholders(ids) +
         ") ORDER BY id";
}

namespace {

std::string range_clause(bool start, bool end) {
  std::string out;
  if (start) out += " AND createdAt >= ?";
  if (end) out += " AND createdAt <= ?";
  return out;
}

}  // namespace

std::string count_page(bool start, bool end) {
  return "SELECT COUNT(*) FROM mastra_messages WHERE thread_id = ?" + range_clause(start, end);
}

std::string select_page(bool start, bool end, std::size_t excluded) {
  std::string out = "SELECT " + columns() + " FROM mastra_messages WHERE thread_id = ?" +
                    range_clause(start, end);
  if (excluded > 0) out += " AND id NOT IN (" + placeholders(excluded) + ")";
  out += " ORDER BY createdAt DESC, rowid DESC LIMIT ? OFFSET ?";
  return out;
}

}  // namespace libsqlstore::memory::sql
