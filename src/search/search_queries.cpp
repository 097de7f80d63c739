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

/// Conditions on a core table's columns, ANDed, with their arguments in order.
struct Filter {
  std::string sql;
  std::vector<core::Value> args;
  void add(const std::string& condition, core::Value arg) {
    sql += sql.empty() ? "" : " AND ";
    sql += condition;
    args.push_back(std::move(arg));
  }
};

/// How the hits of one query are found, as SQL pieces over the FTS table `fts`:
/// FROM `from` WHERE `fts` MATCH ? `rest`, with `args` after the MATCH argument.
///  - scoped (a thread or a resource): the FTS table's matches are tested against the scope's
///    rowids (`+rowid IN (SELECT rowid FROM <table> WHERE ...)`, found by an index): one pass
///    over the matches, no per-match lookup of the row, and no re-evaluation of the MATCH per
///    row of the scope (SQLite would otherwise probe the FTS table once per scope row, which
///    costs ~0.2 ms per probe for a prefix query);
///  - filtered without a scope (roles, dates): every match joined to its row (CROSS JOIN keeps
///    the FTS table outside);
///  - neither: the FTS table alone.
struct Plan {
  std::string from;
  std::string rest;
  std::vector<core::Value> args;
};

/// `filter_on(alias)` gives the conditions with columns qualified by `alias` ("" or "x.").
template <class FilterOn>
Plan plan(std::string_view fts, std::string_view table, bool scoped, FilterOn&& filter_on) {
  Plan p;
  p.from = std::string(fts);
  const Filter filter = filter_on(scoped ? "" : "x.");
  p.args = filter.args;
  if (filter.sql.empty()) return p;
  if (scoped) {
    p.rest =
        core::fill(" AND +{0}.rowid IN (SELECT rowid FROM {1} WHERE {2})", fts, table, filter.sql);
  } else {
    p.from = core::fill("{0} CROSS JOIN {1} AS x ON x.rowid = {0}.rowid", fts, table);
    p.rest = " AND " + filter.sql;
  }
  return p;
}

std::vector<core::Statement> ranked(std::string_view fts, std::string_view table,
                                    const std::string& columns, const std::string& match,
                                    const Plan& p, const SnippetOptions& snippet, std::int64_t page,
                                    std::int64_t perPage) {
  std::vector<core::Statement> out;
  out.push_back(status_statement());
  const std::string where = core::fill(" WHERE {0} MATCH ?{1}", fts, p.rest);
  core::Statement count{"SELECT count(*) FROM " + p.from + where, {match}};
  count.args.insert(count.args.end(), p.args.begin(), p.args.end());
  out.push_back(std::move(count));
  // The page: the best `perPage` hits' rowids, scores and snippets (small columns: the sort
  // holds no message), then their rows.
  core::Statement rows{
      core::fill("SELECT {0}, h.score, h.snippet FROM (SELECT {1}.rowid AS rid, -bm25({1}) AS "
                 "score, snippet({1}, 0, ?, ?, ?, ?) AS snippet FROM {2}{3} ORDER BY bm25({1}), "
                 "{1}.rowid DESC LIMIT ? OFFSET ?) AS h JOIN {4} AS m ON m.rowid = h.rid ORDER "
                 "BY h.score DESC, h.rid DESC",
                 columns, fts, p.from, where, table),
      {snippet.open, snippet.close, snippet.ellipsis, static_cast<std::int64_t>(snippet.tokens),
       match}};
  rows.args.insert(rows.args.end(), p.args.begin(), p.args.end());
  rows.args.emplace_back(perPage);
  rows.args.emplace_back(page * perPage);
  out.push_back(std::move(rows));
  return out;
}

}  // namespace

std::vector<core::Statement> message_search_statements(const MessageSearchQuery& q,
                                                       const std::string& match) {
  auto filter_on = [&](const std::string& x) {
    Filter filter;
    if (q.threadId) filter.add(x + "thread_id = ?", *q.threadId);
    if (q.resourceId) filter.add(x + "resourceId = ?", *q.resourceId);
    if (!q.roles.empty()) {
      std::string marks;
      for (std::size_t i = 0; i < q.roles.size(); ++i) marks += i == 0 ? "?" : ", ?";
      filter.sql += filter.sql.empty() ? "" : " AND ";
      filter.sql += x + "role IN (" + marks + ")";
      for (const auto& role : q.roles) filter.args.emplace_back(role);
    }
    if (q.dateRange.start) {
      filter.add(x + "createdAt >= ?", core::encode_timestamp_bound(*q.dateRange.start));
    }
    if (q.dateRange.end) {
      filter.add(x + "createdAt <= ?", core::encode_timestamp_bound(*q.dateRange.end));
    }
    return filter;
  };
  static const std::string columns = prefixed(schema::messages().select_list(), "m");
  const bool scoped = q.threadId || q.resourceId;
  return ranked(schema::kSearchMessagesTable, "mastra_messages", columns, match,
                plan(schema::kSearchMessagesTable, "mastra_messages", scoped, filter_on), q.snippet,
                q.page, q.perPage);
}

std::vector<core::Statement> thread_search_statements(const ThreadSearchQuery& q,
                                                      const std::string& match) {
  auto filter_on = [&](const std::string& x) {
    Filter filter;
    if (q.resourceId) filter.add(x + "resourceId = ?", *q.resourceId);
    return filter;
  };
  static const std::string columns = prefixed(schema::threads().select_list(), "m");
  return ranked(
      schema::kSearchThreadsTable, "mastra_threads", columns, match,
      plan(schema::kSearchThreadsTable, "mastra_threads", q.resourceId.has_value(), filter_on),
      q.snippet, q.page, q.perPage);
}

}  // namespace libsqlstore::search
