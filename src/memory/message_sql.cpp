#include "memory/message_sql.hpp"

#include <array>

namespace libsqlstore::memory::sql {

std::size_t in_list_size(std::size_t n) {
  // Few distinct lengths keep few distinct statements in the prepared-statement cache.
  static constexpr std::array<std::size_t, 10> kSizes = {1,  2,  4,   8,   16,
                                                         32, 64, 128, 256, kMaxIdsPerStatement};
  for (const auto size : kSizes) {
    if (n <= size) return size;
  }
  return n;
}

std::string placeholders(std::size_t n) {
  std::string out;
  out.reserve(n * 3);
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

std::string touch_threads(std::size_t ids) {
  return "UPDATE mastra_threads SET updatedAt = ? WHERE id IN (" + placeholders(ids) + ")";
}

std::string touch_threads_of_messages(std::size_t ids) {
  return "UPDATE mastra_threads SET updatedAt = ? WHERE id IN (SELECT thread_id FROM "
         "mastra_messages WHERE id IN (" +
         placeholders(ids) + "))";
}

std::string delete_messages(std::size_t ids) {
  return "DELETE FROM mastra_messages WHERE id IN (" + placeholders(ids) + ")";
}

std::string select_by_ids(std::size_t ids) {
  return "SELECT " LIBSQLSTORE_MESSAGE_COLUMNS("") " FROM mastra_messages WHERE id IN (" +
         placeholders(ids) + ") ORDER BY id";
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
  std::string out =
      "SELECT " LIBSQLSTORE_MESSAGE_COLUMNS("") " FROM mastra_messages WHERE thread_id = ?" +
      range_clause(start, end);
  if (excluded > 0) out += " AND id NOT IN (" + placeholders(excluded) + ")";
  out += " ORDER BY createdAt DESC, rowid DESC LIMIT ? OFFSET ?";
  return out;
}

}  // namespace libsqlstore::memory::sql
