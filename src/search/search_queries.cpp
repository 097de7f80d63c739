#include "search/search_queries.hpp"

#include "core/fill.hpp"
#include "core/row_codec.hpp"
#include "schema/search_tables.hpp"
#include "schema/tables.hpp"

namespace libsqlstore::search {

namespace {

core::Statement status_statement() {
  return {core::fill("SELECT value FROM {} WHERE key = 'status'", schema::kSearchStateTable)};
}

/// `list` ("a, b, c") with every name prefixed by `alias`.
std::string prefixed(const std::string& list, std::string_view alias) {
  std::string out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(", ", start);
    if (end == std::string::npos) end = list.size();
    if (!out.empty()) out += ", ";
    out += std::string(alias) + "." + list.substr(start, end - start);
    start = end + 2;
  }
  return out;
}

/// WHERE and its arguments shared by the COUNT and the page.
struct Filter {
  std::string where;
  std::vector<core::Value> args;
  void add(const std::string& condition, core::Value arg) {
    where += " AND " + condition;
    args.push_back(std::move(arg));
  }
};

std::vector<core::Statement> ranked(std::string_view fts, const std::string& columns,
                                    const std::string& from, const std::string& order,
                                    const Filter& filter, const SnippetOptions& snippet,
                                    std::int64_t page, std::int64_t perPage) {
  std::vector<core::Statement> out;
  out.push_back(status_statement());
  out.push_back({"SELECT count(*) FROM " + from + filter.where, filter.args});
  core::Statement rows{
      core::fill("SELECT {0}, -bm25({1}) AS score, snippet({1}, 0, ?, ?, ?, ?) AS "
                 "snippet FROM {2}{3} ORDER BY bm25({1}), {4} LIMIT ? OFFSET ?",
                 columns, fts, from, filter.where, order),
      {snippet.open, snippet.close, snippet.ellipsis, static_cast<std::int64_t>(snippet.tokens)}};
  rows.args.insert(rows.args.end(), filter.args.begin(), filter.args.end());
  rows.args.emplace_back(perPage);
  rows.args.emplace_back(page * perPage);
  out.push_back(std::move(rows));
  return out;
}

}  // namespace

std::vector<core::Statement> message_search_statements(const MessageSearchQuery& q,
                                                       const std::string& match) {
  Filter filter;
  filter.where = " WHERE " + std::string(schema::kSearchMessagesTable) + " MATCH ?";
  filter.args.emplace_back(match);
  if (q.threadId) filter.add("m.thread_id = ?", *q.threadId);
  if (q.resourceId) filter.add("m.resourceId = ?", *q.resourceId);
  if (!q.roles.empty()) {
    std::string marks;
    for (std::size_t i = 0; i < q.roles.size(); ++i) marks += i == 0 ? "?" : ", ?";
    filter.where += " AND m.role IN (" + marks + ")";
    for (const auto& role : q.roles) filter.args.emplace_back(role);
  }
  if (q.dateRange.start) {
    filter.add("m.createdAt >= ?", core::encode_timestamp_bound(*q.dateRange.start));
  }
  if (q.dateRange.end) {
    filter.add("m.createdAt <= ?", core::encode_timestamp_bound(*q.dateRange.end));
  }
  static const std::string columns = prefixed(schema::messages().select_list(), "m");
  static const std::string from = core::fill("{0} JOIN mastra_messages AS m ON m.rowid = {0}.rowid",
                                             schema::kSearchMessagesTable);
  return ranked(schema::kSearchMessagesTable, columns, from, "m.createdAt DESC, m.rowid DESC",
                filter, q.snippet, q.page, q.perPage);
}

std::vector<core::Statement> thread_search_statements(const ThreadSearchQuery& q,
                                                      const std::string& match) {
  Filter filter;
  filter.where = " WHERE " + std::string(schema::kSearchThreadsTable) + " MATCH ?";
  filter.args.emplace_back(match);
  if (q.resourceId) filter.add("t.resourceId = ?", *q.resourceId);
  static const std::string columns = prefixed(schema::threads().select_list(), "t");
  static const std::string from = core::fill("{0} JOIN mastra_threads AS t ON t.rowid = {0}.rowid",
                                             schema::kSearchThreadsTable);
  return ranked(schema::kSearchThreadsTable, columns, from, "t.updatedAt DESC, t.rowid DESC",
                filter, q.snippet, q.page, q.perPage);
}

}  // namespace libsqlstore::search
