// SearchStore: keyword search over messages and thread titles (docs/search.md).
#include "libsqlstore/search.hpp"

#include "core/errors.hpp"
#include "core/paging.hpp"
#include "memory/message_list.hpp"
#include "schema/row_spec.hpp"
#include "schema/search_tables.hpp"
#include "schema/tables.hpp"
#include "search/query_syntax.hpp"
#include "search/search_index.hpp"
#include "search/search_queries.hpp"
#include "store/store_context.hpp"

namespace libsqlstore {

namespace {

[[noreturn]] void throw_not_enabled() {
  throw SchemaError("LIBSQL_STORE_SEARCH_NOT_ENABLED", ErrorCategory::User,
                    "keyword search is not enabled on this database: enable it first "
                    "(SearchStore::enable, `libsqlstore search --enable`, or "
                    "init({.search = SearchSetup{}}))");
}

/// Runs `body`; a read that met no search table means search is not enabled here.
template <class F>
decltype(auto) needing_index(F&& body) {
  try {
    return std::forward<F>(body)();
  } catch (const NotFoundError& e) {
    const auto it = e.details().find("tableName");
    if (it != e.details().end() && it->is_string() &&
        it->get<std::string>().rfind("libsqlstore_search", 0) == 0) {
      throw_not_enabled();
    }
    throw;
  }
}

void check_ready(const core::ResultSet& status) {
  const auto* value = status.rows.empty() ? nullptr : core::text_ptr(status.rows.front().at(0));
  if (value == nullptr || *value != "ready") {
    throw SchemaError("LIBSQL_STORE_SEARCH_INDEX_BUILDING", ErrorCategory::User,
                      "the search index of this database is still being built (or its build was "
                      "interrupted): run enable again to finish it");
  }
}

search::QueryMode mode_of(SearchMode mode) noexcept {
  switch (mode) {
    case SearchMode::Phrase:
      return search::QueryMode::Phrase;
    case SearchMode::Fts5:
      return search::QueryMode::Fts5;
    case SearchMode::Words:
      break;
  }
  return search::QueryMode::Words;
}

void validate(const std::string& query, std::int64_t page, std::int64_t perPage,
              const SnippetOptions& snippet) {
  core::validate_paging(page, perPage);
  if (query.empty()) core::invalid_argument("query must be a non-empty string");
  if (snippet.tokens < 1 || snippet.tokens > 64) {
    core::invalid_argument("snippet.tokens must be between 1 and 64 (got " +
                           std::to_string(snippet.tokens) + ")");
  }
}

/// A failure of FTS5 itself on an fts5-mode query that the syntax check let through (SQLite's
/// own wording, e.g. a NEAR distance out of range): the caller's query is at fault.
template <class F>
decltype(auto) reading_query(SearchMode mode, F&& body) {
  try {
    return std::forward<F>(body)();
  } catch (const Error& e) {
    if (mode != SearchMode::Fts5) throw;
    const std::string what = e.what();
    if (what.find("fts5:") != std::string::npos ||
        what.find("unterminated string") != std::string::npos ||
        what.find("no such column") != std::string::npos ||
        what.find("expected integer") != std::string::npos) {
      core::invalid_argument("fts5 query: " + what);
    }
    throw;
  }
}

struct Scored {
  double score = 0;
  std::string snippet;
};

/// The score and snippet columns of a page row.
Scored scored(const core::ResultSet& rs, core::Row& row) {
  static constexpr auto npos = static_cast<std::size_t>(-1);
  std::size_t score_at = npos;
  std::size_t snippet_at = npos;
  for (std::size_t i = 0; i < rs.columns.size(); ++i) {
    if (rs.columns[i] == "score") score_at = i;
    if (rs.columns[i] == "snippet") snippet_at = i;
  }
  Scored out;
  if (score_at != npos) out.score = core::to_double(row[score_at]).value_or(0);
  if (snippet_at != npos) out.snippet = core::to_text(row[snippet_at]).value_or("");
  return out;
}

std::int64_t count_of(const core::ResultSet& rs) {
  return rs.rows.empty() ? 0 : core::to_int(rs.rows.front().at(0)).value_or(0);
}

}  // namespace

SearchStatus SearchStore::enable(const SearchSetup& setup) {
  return context_->call("LIBSQL_STORE_ENABLE_SEARCH_FAILED", {},
                        [&] { return search::enable_search(context_->db(), setup); });
}

void SearchStore::disable() {
  context_->call("LIBSQL_STORE_DISABLE_SEARCH_FAILED", {},
                 [&] { search::disable_search(context_->db()); });
}

SearchStatus SearchStore::status() {
  return context_->call("LIBSQL_STORE_SEARCH_STATUS_FAILED", {},
                        [&] { return search::search_status(context_->db()); });
}

SearchCheck SearchStore::check() {
  return context_->call("LIBSQL_STORE_CHECK_SEARCH_FAILED", {}, [&] {
    return needing_index([&] { return search::check_search(context_->db()); });
  });
}

void SearchStore::rebuild() {
  context_->call("LIBSQL_STORE_REBUILD_SEARCH_FAILED", {}, [&] {
    auto& db = context_->db();
    if (!search::read_index_state(db).enabled) throw_not_enabled();
    search::rebuild_search(db);
  });
}

MessageSearchPage SearchStore::messages(const MessageSearchQuery& q) {
  return context_->call("LIBSQL_STORE_SEARCH_MESSAGES_FAILED", {{"query", q.query}}, [&] {
    validate(q.query, q.page, q.perPage, q.snippet);
    if (q.threadId) core::require_non_empty(*q.threadId, "threadId");
    if (q.resourceId) core::require_non_empty(*q.resourceId, "resourceId");
    const auto match = search::match_expression(q.query, mode_of(q.mode), "text");
    const auto stmts = search::message_search_statements(q, match);
    auto rs = needing_index(
        [&] { return reading_query(q.mode, [&] { return context_->db().read(stmts); }); });
    check_ready(rs[0]);
    MessageSearchPage out;
    out.total = count_of(rs[1]);
    out.page = q.page;
    out.perPage = q.perPage;
    auto& rows = rs[2];
    const schema::ColumnMap map(schema::messages().fields(), rows);
    out.results.reserve(rows.rows.size());
    for (auto& row : rows.rows) {
      MessageHit hit;
      const auto s = scored(rows, row);
      hit.score = s.score;
      hit.snippet = s.snippet;
      Message message;
      schema::messages().decode(map, row, message);
      if (message.type && (message.type->empty() || *message.type == "v2")) message.type.reset();
      hit.threadId = message.threadId.value_or("");
      // One message at a time: the read's V2 form, without a neighbour's context (a V1 tool
      // result takes no args from an earlier call; docs/search.md).
      memory::MessageList list(1);
      list.append_in_order(std::move(message));
      hit.message = std::move(std::move(list).take().front());
      out.results.push_back(std::move(hit));
    }
    out.hasMore = core::has_more(q.page * q.perPage, static_cast<std::int64_t>(out.results.size()),
                                 out.total, q.perPage);
    return out;
  });
}

ThreadSearchPage SearchStore::threads(const ThreadSearchQuery& q) {
  return context_->call("LIBSQL_STORE_SEARCH_THREADS_FAILED", {{"query", q.query}}, [&] {
    validate(q.query, q.page, q.perPage, q.snippet);
    if (q.resourceId) core::require_non_empty(*q.resourceId, "resourceId");
    const auto match = search::match_expression(q.query, mode_of(q.mode), "text");
    const auto stmts = search::thread_search_statements(q, match);
    auto rs = needing_index(
        [&] { return reading_query(q.mode, [&] { return context_->db().read(stmts); }); });
    check_ready(rs[0]);
    ThreadSearchPage out;
    out.total = count_of(rs[1]);
    out.page = q.page;
    out.perPage = q.perPage;
    auto& rows = rs[2];
    const schema::ColumnMap map(schema::threads().fields(), rows);
    for (auto& row : rows.rows) {
      ThreadHit hit;
      const auto s = scored(rows, row);
      hit.score = s.score;
      hit.snippet = s.snippet;
      schema::threads().decode(map, row, hit.thread);
      out.results.push_back(std::move(hit));
    }
    out.hasMore = core::has_more(q.page * q.perPage, static_cast<std::int64_t>(out.results.size()),
                                 out.total, q.perPage);
    return out;
  });
}

}  // namespace libsqlstore
