#include "search/search_queries.hpp"

#include "core/fill.hpp"
#include "core/row_codec.hpp"
#include "schema/search_tables.hpp"
#include "schema/tables.hpp"
#include "search/query_syntax.hpp"

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
/// FROM `from` WHERE `fts` MATCH ? `rest`, with `args` after the MATCH argument. The scope (a
/// thread, a resource) is in the MATCH itself (the rows' scope terms), so FTS5 intersects the
/// query's doclists with the scope's; the other filters (roles, dates) are checked on the
/// matches' rows (CROSS JOIN keeps the FTS table outside: SQLite would otherwise probe it once
/// per row of the core table, re-running the MATCH each time).
struct Plan {
  std::string from;
  std::string rest;
  std::vector<core::Value> args;
};

Plan plan(std::string_view fts, std::string_view table, const Filter& filter) {
  Plan p;
  p.from = std::string(fts);
  p.args = filter.args;
  if (filter.sql.empty()) return p;
  p.from = core::fill("{0} CROSS JOIN {1} AS x ON x.rowid = {0}.rowid", fts, table);
  p.rest = " AND " + filter.sql;
  return p;
}

/// The user's expression confined to the text column, ANDed with the scope's terms.
std::string scoped_match(const std::string& match, const std::optional<std::string>& thread,
                         const std::optional<std::string>& resource) {
  std::string out = "text : (" + match + ")";
  if (thread) out += " AND scope : " + fts5_string(schema::scope_term('t', *thread));
  if (resource) out += " AND scope : " + fts5_string(schema::scope_term('r', *resource));
  return out;
}

std::vector<core::Statement> ranked(std::string_view fts, std::string_view table,
                                    const std::string& columns, const std::string& match,
                                    const Plan& p, const SnippetOptions& snippet, bool wide,
                                    std::int64_t page, std::int64_t perPage) {
  std::vector<core::Statement> out;
  out.push_back(status_statement());
  const std::string where = core::fill(" WHERE {0} MATCH ?{1}", fts, p.rest);
  core::Statement count{"SELECT count(*) FROM " + p.from + where, {match}};
  count.args.insert(count.args.end(), p.args.begin(), p.args.end());
  out.push_back(std::move(count));
  // The page: the best `perPage` hits' rowids, scores and snippets (small columns: the sort
  // holds no message), then their rows. snippet() re-reads and re-tokenizes a row's text (about
  // 5 us), and in the ranking query SQLite computes it for every match before sorting. When
  // the matches can be many (`wide`: no thread or resource scope; 8 000 at 1 000 000 messages,
  // three quarters of the query's time), the snippets come from a second MATCH pass that keeps
  // only the page's rowids ("+" so that SQLite does not hand them to FTS5, which would re-run
  // the MATCH once per rowid); that pass costs about one count (1 ms at that size), more than
  // the snippets of a scope's few matches do.
  const std::string ranking = core::fill(
      "SELECT {0}.rowid AS rid, -bm25({0}, 1.0, 0.0) AS score{1} FROM {2}{3} ORDER BY "
      "bm25({0}, 1.0, 0.0), {0}.rowid DESC LIMIT ? OFFSET ?",
      fts, wide ? "" : ", snippet(" + std::string(fts) + ", 0, ?, ?, ?, ?) AS snippet", p.from,
      where);
  const std::vector<core::Value> snippet_args{snippet.open, snippet.close, snippet.ellipsis,
                                              static_cast<std::int64_t>(snippet.tokens)};
  // The ranking query's arguments, in the order of its placeholders.
  auto add_ranking_args = [&](std::vector<core::Value>& args) {
    args.emplace_back(match);
    args.insert(args.end(), p.args.begin(), p.args.end());
    args.emplace_back(perPage);
    args.emplace_back(page * perPage);
  };
  core::Statement rows;
  if (wide) {
    rows.sql = core::fill(
        "WITH h AS ({0}) SELECT {1}, h.score, s.snippet FROM h JOIN (SELECT {2}.rowid AS sid, "
        "snippet({2}, 0, ?, ?, ?, ?) AS snippet FROM {2} WHERE {2} MATCH ? AND +{2}.rowid IN "
        "(SELECT rid FROM h)) AS s ON s.sid = h.rid JOIN {3} AS m ON m.rowid = h.rid ORDER BY "
        "h.score DESC, h.rid DESC",
        ranking, columns, fts, table);
    add_ranking_args(rows.args);
    rows.args.insert(rows.args.end(), snippet_args.begin(), snippet_args.end());
    rows.args.emplace_back(match);
  } else {
    rows.sql = core::fill(
        "SELECT {0}, h.score, h.snippet FROM ({1}) AS h JOIN {2} AS m ON m.rowid = h.rid ORDER BY "
        "h.score DESC, h.rid DESC",
        columns, ranking, table);
    rows.args = snippet_args;
    add_ranking_args(rows.args);
  }
  out.push_back(std::move(rows));
  return out;
}

}  // namespace

namespace {

/// The query's conditions on a message row, columns prefixed by `x` ("x." or ""): roles, dates
/// and, `with_scope`, the thread and the resource (a search has those in its MATCH instead).
Filter message_filter(const MessageSearchQuery& q, const std::string& x, bool with_scope) {
  Filter filter;
  if (with_scope && q.threadId) filter.add(x + "thread_id = ?", *q.threadId);
  if (with_scope && q.resourceId) filter.add(x + "resourceId = ?", *q.resourceId);
  if (!q.roles.empty()) {
    filter.sql += filter.sql.empty() ? "" : " AND ";
    filter.sql += x + "role IN (" + core::placeholders(q.roles.size()) + ")";
    for (const auto& role : q.roles) filter.args.emplace_back(role);
  }
  if (q.dateRange.start) {
    filter.add(x + "createdAt >= ?", core::encode_timestamp_bound(*q.dateRange.start));
  }
  if (q.dateRange.end) {
    filter.add(x + "createdAt <= ?", core::encode_timestamp_bound(*q.dateRange.end));
  }
  return filter;
}

}  // namespace

std::vector<core::Statement> message_search_statements(const MessageSearchQuery& q,
                                                       const std::string& match) {
  static const std::string columns = prefixed(schema::messages().select_list(), "m");
  return ranked(schema::kSearchMessagesTable, "mastra_messages", columns,
                scoped_match(match, q.threadId, q.resourceId),
                plan(schema::kSearchMessagesTable, "mastra_messages",
                     message_filter(q, "x.", /*with_scope=*/false)),
                q.snippet, /*wide=*/!q.threadId && !q.resourceId, q.page, q.perPage);
}

core::Statement messages_by_id_statement(const std::vector<std::string>& ids,
                                         const MessageSearchQuery& q) {
  const Filter filter = message_filter(q, "", /*with_scope=*/true);
  core::Statement s{
      schema::messages().select_sql(" WHERE id IN (" + core::placeholders(ids.size()) + ")" +
                                    (filter.sql.empty() ? "" : " AND ") + filter.sql),
      {}};
  for (const auto& id : ids) s.args.emplace_back(id);
  s.args.insert(s.args.end(), filter.args.begin(), filter.args.end());
  return s;
}

std::vector<core::Statement> thread_search_statements(const ThreadSearchQuery& q,
                                                      const std::string& match) {
  static const std::string columns = prefixed(schema::threads().select_list(), "m");
  return ranked(schema::kSearchThreadsTable, "mastra_threads", columns,
                scoped_match(match, std::nullopt, q.resourceId),
                plan(schema::kSearchThreadsTable, "mastra_threads", Filter{}), q.snippet,
                /*wide=*/!q.resourceId, q.page, q.perPage);
}

}  // namespace libsqlstore::search
