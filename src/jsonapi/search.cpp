// JSON interface: keyword search (docs/search.md, "JSON interface"). searchMessages and
// searchThreads answer {results, total, page, perPage, hasMore}; enableSearch, disableSearch,
// searchStatus, checkSearch and rebuildSearch manage the index.
#include <algorithm>
#include <climits>

#include "libsqlstore/message_format.hpp"

#include "core/guard.hpp"
#include "core/json_text.hpp"
#include "jsonapi/domains.hpp"
#include "memory/message_json.hpp"
#include "schema/tables.hpp"

namespace libsqlstore::json_api::detail {

namespace {

SearchMode parse_mode(Obj& a) {
  const Json* v = a.get("mode");
  if (!v) return SearchMode::Words;
  static constexpr std::string_view kNames[] = {"words", "phrase", "fts5"};
  static constexpr SearchMode kValues[] = {SearchMode::Words, SearchMode::Phrase, SearchMode::Fts5};
  return as_enum(*v, a.field("mode"), kNames, kValues);
}

SnippetOptions parse_snippet(Obj& a) {
  SnippetOptions out;
  auto s = a.opt_obj("snippet");
  if (!s) return out;
  if (auto v = s->opt_str("open")) out.open = *v;
  if (auto v = s->opt_str("close")) out.close = *v;
  if (auto v = s->opt_str("ellipsis")) out.ellipsis = *v;
  if (auto v = s->opt_int("tokens")) {
    // The store checks the range (and names the value); beyond int is out of it anyway.
    out.tokens = static_cast<int>(std::clamp<std::int64_t>(*v, INT_MIN, INT_MAX));
  }
  s->finish();
  return out;
}

template <class Query>
void parse_search_query(Obj& a, Query& q) {
  q.query = a.str("query");
  q.mode = parse_mode(a);
  q.resourceId = a.opt_str("resourceId");
  if (auto v = a.opt_int("page")) q.page = *v;
  if (auto v = a.opt_int("perPage")) q.perPage = *v;
  q.snippet = parse_snippet(a);
}

Json search_messages(LibSQLStore& store, Obj& a) {
  MessageSearchQuery q;
  parse_search_query(a, q);
  q.threadId = a.opt_str("threadId");
  if (a.has("roles")) q.roles = as_string_array(a.array("roles"), a.field("roles"));
  q.dateRange = a.opt_date_range("dateRange");
  if (auto sem = a.opt_obj("semantic")) {
    SemanticRecall r;
    r.indexName = sem->str("indexName");
    const Json& vector = sem->array("queryVector");
    for (std::size_t i = 0; i < vector.size(); ++i) {
      r.queryVector.push_back(
          static_cast<float>(as_number(vector[i], sem->field("queryVector").index(i))));
    }
    if (auto v = sem->opt_int("candidates")) r.candidates = *v;
    if (const Json* k = sem->get("rrfK")) r.rrfK = as_number(*k, sem->field("rrfK"));
    sem->finish();
    q.semantic = std::move(r);
  }
  MessageFormat format = MessageFormat::V2;
  if (const Json* v = a.get("format")) {
    static constexpr std::string_view kNames[] = {"v1", "v2"};
    static constexpr MessageFormat kValues[] = {MessageFormat::V1, MessageFormat::V2};
    format = as_enum(*v, a.field("format"), kNames, kValues);
  }
  a.finish();
  const auto page = store.search_messages(q);
  Json results = Json::array();
  for (const auto& hit : page.results) {
    Json item = Json::object();
    if (format == MessageFormat::V2) {
      item["message"] = memory::v2_json(hit.message, core::raw_json_node(hit.message.content));
    } else {
      item["message"] = core::guarded("LIBSQL_STORE_SEARCH_MESSAGES_FAILED", Json::object(),
                                      [&] { return to_v1({hit.message}).at(0); });
    }
    item["threadId"] = hit.threadId;
    item["score"] = hit.score;
    item["snippet"] = hit.snippet;
    if (q.semantic) {
      item["keywordScore"] = hit.keywordScore ? Json(*hit.keywordScore) : Json(nullptr);
      item["vectorScore"] = hit.vectorScore ? Json(*hit.vectorScore) : Json(nullptr);
    }
    results.push_back(std::move(item));
  }
  return page_answer("results", std::move(results), page);
}

Json search_threads(LibSQLStore& store, Obj& a) {
  ThreadSearchQuery q;
  parse_search_query(a, q);
  a.finish();
  const auto page = store.search_threads(q);
  static const std::vector<std::string_view> kKeys = {"id",        "resourceId", "title",
                                                      "createdAt", "updatedAt",  "metadata"};
  Json results = Json::array();
  for (const auto& hit : page.results) {
    Json item = Json::object();
    item["thread"] = schema::threads().to_json(hit.thread, kKeys);
    item["score"] = hit.score;
    item["snippet"] = hit.snippet;
    results.push_back(std::move(item));
  }
  return page_answer("results", std::move(results), page);
}

Json status_json(const SearchStatus& s) {
  Json out = Json::object();
  out["enabled"] = s.enabled;
  out["ready"] = s.ready;
  out["tokenizer"] = s.tokenizer == SearchTokenizer::Trigram ? "trigram" : "unicode61";
  out["messages"] = s.messages;
  out["threads"] = s.threads;
  return out;
}

Json enable_search(LibSQLStore& store, Obj& a) {
  SearchSetup setup;
  if (const Json* v = a.get("tokenizer")) {
    static constexpr std::string_view kNames[] = {"unicode61", "trigram"};
    static constexpr SearchTokenizer kValues[] = {SearchTokenizer::Unicode61,
                                                  SearchTokenizer::Trigram};
    setup.tokenizer = as_enum(*v, a.field("tokenizer"), kNames, kValues);
  }
  if (auto v = a.opt_int("batchSize")) setup.batchSize = *v;
  a.finish();
  return status_json(store.search().enable(setup));
}

Json disable_search(LibSQLStore& store, Obj& a) {
  a.finish();
  store.search().disable();
  return nullptr;
}

Json search_status(LibSQLStore& store, Obj& a) {
  a.finish();
  return status_json(store.search().status());
}

Json check_search(LibSQLStore& store, Obj& a) {
  a.finish();
  const auto c = store.search().check();
  Json out = Json::object();
  out["consistent"] = c.consistent();
  out["missing"] = c.missing;
  out["extra"] = c.extra;
  out["stale"] = c.stale;
  return out;
}

Json rebuild_search(LibSQLStore& store, Obj& a) {
  a.finish();
  store.search().rebuild();
  return nullptr;
}

}  // namespace

void add_search(Registry& r) {
  r.add("searchMessages", &search_messages,
        "({query, mode?: 'words'|'phrase'|'fts5', resourceId?, threadId?, roles?, "
        "dateRange?: {start?, end?}, page?, perPage?, format?, snippet?: {open?, close?, "
        "ellipsis?, tokens?}, semantic?: {indexName, queryVector, candidates?, rrfK?}})");
  r.add("searchThreads", &search_threads,
        "({query, mode?, resourceId?, page?, perPage?, snippet?})");
  r.add("enableSearch", &enable_search, "({tokenizer?: 'unicode61'|'trigram', batchSize?})",
        Argument::Optional);
  r.add("disableSearch", &disable_search, "()", Argument::Optional);
  r.add("searchStatus", &search_status, "()", Argument::Optional);
  r.add("checkSearch", &check_search, "()", Argument::Optional);
  r.add("rebuildSearch", &rebuild_search, "()", Argument::Optional);
}

}  // namespace libsqlstore::json_api::detail
