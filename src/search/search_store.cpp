// SearchStore: keyword search over messages and thread titles (docs/search.md).
#include <unordered_map>

#include "libsqlstore/search.hpp"
#include "libsqlstore/vector.hpp"

#include "core/errors.hpp"
#include "core/paging.hpp"
#include "memory/message_list.hpp"
#include "schema/row_spec.hpp"
#include "schema/search_tables.hpp"
#include "schema/tables.hpp"
#include "search/query_syntax.hpp"
#include "search/rank_fusion.hpp"
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

/// A page's rows as hits: `decode(row, hit)` fills the row's own part; the score and snippet
/// columns (found once per result) fill the rest.
template <class Hit, class Decode>
std::vector<Hit> hits_of(core::ResultSet& rs, Decode&& decode) {
  const int score_at = schema::ColumnMap::find(rs.columns, "score");
  const int snippet_at = schema::ColumnMap::find(rs.columns, "snippet");
  std::vector<Hit> out(rs.rows.size());
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    auto& row = rs.rows[i];
    if (score_at >= 0) {
      out[i].score = core::to_double(row[static_cast<std::size_t>(score_at)]).value_or(0);
    }
    if (snippet_at >= 0) {
      out[i].snippet = core::to_text(row[static_cast<std::size_t>(snippet_at)]).value_or("");
    }
    decode(row, out[i]);
  }
  return out;
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

namespace {

/// One stored row as a read returns it: V2, one message at a time (a V1 tool result takes no
/// args from an earlier call in the thread; docs/search.md).
Message read_message(const schema::ColumnMap& map, core::Row& row) {
  Message message;
  schema::messages().decode(map, row, message);
  if (message.type && (message.type->empty() || *message.type == "v2")) message.type.reset();
  memory::MessageList list(1);
  list.append_in_order(std::move(message));
  return std::move(std::move(list).take().front());
}

MessageSearchPage keyword_page(core::Db& db, const MessageSearchQuery& q) {
  const auto match = search::match_expression(q.query, mode_of(q.mode), "text");
  const auto stmts = search::message_search_statements(q, match);
  auto rs = needing_index([&] { return reading_query(q.mode, [&] { return db.read(stmts); }); });
  check_ready(rs[0]);
  MessageSearchPage out;
  out.total = core::first_int(rs[1]);
  out.page = q.page;
  out.perPage = q.perPage;
  const schema::ColumnMap map(schema::messages().fields(), rs[2]);
  out.results = hits_of<MessageHit>(rs[2], [&](core::Row& row, MessageHit& hit) {
    hit.message = read_message(map, row);
    hit.threadId = hit.message.threadId.value_or("");
  });
  out.hasMore = core::has_more(q.page * q.perPage, static_cast<std::int64_t>(out.results.size()),
                               out.total, q.perPage);
  return out;
}

/// The messages named by `ids` that pass the query's filters, by id.
std::unordered_map<std::string, Message> messages_by_id(core::Db& db,
                                                        const std::vector<std::string>& ids,
                                                        const MessageSearchQuery& q) {
  std::unordered_map<std::string, Message> out;
  if (ids.empty()) return out;
  auto rs = db.read(search::messages_by_id_statement(ids, q));
  const schema::ColumnMap map(schema::messages().fields(), rs);
  for (auto& row : rs.rows) {
    Message m = read_message(map, row);
    auto id = m.id;
    out.emplace(std::move(id), std::move(m));
  }
  return out;
}

void validate_semantic(const SemanticRecall& s) {
  core::require_non_empty(s.indexName, "semantic.indexName");
  if (s.queryVector.empty()) core::invalid_argument("semantic.queryVector must not be empty");
  if (s.candidates <= 0) {
    core::invalid_argument("semantic.candidates must be > 0 (got " + std::to_string(s.candidates) +
                           ")");
  }
  if (!(s.rrfK >= 0)) core::invalid_argument("semantic.rrfK must be >= 0");
}

}  // namespace

MessageSearchPage SearchStore::messages(const MessageSearchQuery& q) {
  return context_->call("LIBSQL_STORE_SEARCH_MESSAGES_FAILED", {{"query", q.query}}, [&] {
    validate(q.query, q.page, q.perPage, q.snippet);
    if (q.threadId) core::require_non_empty(*q.threadId, "threadId");
    if (q.resourceId) core::require_non_empty(*q.resourceId, "resourceId");
    if (!q.semantic) return keyword_page(context_->db(), q);
    return hybrid(q);
  });
}

MessageSearchPage SearchStore::hybrid(const MessageSearchQuery& q) {
  const auto& s = *q.semantic;
  validate_semantic(s);
  auto& db = context_->db();
  // The keyword list: the best `candidates` hits, with the query's scope and filters.
  MessageSearchQuery kq = q;
  kq.semantic.reset();
  kq.page = 0;
  kq.perPage = s.candidates;
  auto keyword = keyword_page(db, kq);
  // The vector list: Memory's metadata carries the message, its thread and its resource.
  QueryParams vq{.indexName = s.indexName, .queryVector = s.queryVector, .topK = s.candidates};
  if (q.threadId) {
    vq.filter = Json{{"thread_id", *q.threadId}};
  } else if (q.resourceId) {
    vq.filter = Json{{"resource_id", *q.resourceId}};
  }
  const auto near = LibSQLVector(*context_).query(vq);
  std::vector<std::string> keyword_ids;
  for (const auto& hit : keyword.results) keyword_ids.push_back(hit.message.id);
  std::vector<std::string> vector_ids;
  std::unordered_map<std::string, double> similarity;
  for (const auto& r : near) {
    const auto it = r.metadata.is_object() ? r.metadata.find("message_id") : r.metadata.end();
    if (it == r.metadata.end() || !it->is_string()) continue;  // not one of Memory's vectors
    const auto& id = it->get_ref<const std::string&>();
    vector_ids.push_back(id);
    similarity.emplace(id, r.score);  // the first (best) chunk of a message
  }
  // Messages found by meaning only: read them (and apply roles / dates / scope to them).
  std::unordered_map<std::string, MessageHit*> by_keyword;
  for (auto& hit : keyword.results) by_keyword.emplace(hit.message.id, &hit);
  std::vector<std::string> missing;
  for (const auto& id : vector_ids) {
    if (!by_keyword.contains(id)) missing.push_back(id);
  }
  auto semantic_only = messages_by_id(db, missing, q);
  // Fuse, dropping vector hits whose message is gone or filtered out.
  std::vector<std::string> kept_vector_ids;
  for (const auto& id : vector_ids) {
    if (by_keyword.contains(id) || semantic_only.contains(id)) kept_vector_ids.push_back(id);
  }
  const auto fused = search::fuse_ranks(keyword_ids, kept_vector_ids, s.rrfK);
  MessageSearchPage out;
  out.total = static_cast<std::int64_t>(fused.size());
  out.page = q.page;
  out.perPage = q.perPage;
  const auto first =
      static_cast<std::size_t>(std::min<std::int64_t>(q.page * q.perPage, out.total));
  const auto last =
      static_cast<std::size_t>(std::min<std::int64_t>(out.total, q.page * q.perPage + q.perPage));
  for (std::size_t i = first; i < last; ++i) {
    const auto& f = fused[i];
    MessageHit hit;
    if (const auto it = by_keyword.find(f.id); it != by_keyword.end()) {
      hit = std::move(*it->second);
      hit.keywordScore = hit.score;
    } else {
      hit.message = std::move(semantic_only.at(f.id));
      hit.threadId = hit.message.threadId.value_or("");
    }
    if (const auto it = similarity.find(f.id); it != similarity.end() && f.second_rank) {
      hit.vectorScore = it->second;
    }
    hit.score = f.score;
    out.results.push_back(std::move(hit));
  }
  out.hasMore = core::has_more(q.page * q.perPage, static_cast<std::int64_t>(out.results.size()),
                               out.total, q.perPage);
  return out;
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
    out.total = core::first_int(rs[1]);
    out.page = q.page;
    out.perPage = q.perPage;
    const schema::ColumnMap map(schema::threads().fields(), rs[2]);
    out.results = hits_of<ThreadHit>(rs[2], [&](core::Row& row, ThreadHit& hit) {
      schema::threads().decode(map, row, hit.thread);
    });
    out.hasMore = core::has_more(q.page * q.perPage, static_cast<std::int64_t>(out.results.size()),
                                 out.total, q.perPage);
    return out;
  });
}

}  // namespace libsqlstore
