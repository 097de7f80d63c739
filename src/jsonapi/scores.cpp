// JSON interface: scores.
#include "jsonapi/domains.hpp"
#include "schema/tables.hpp"

namespace libsqlstore::json_api::detail {

namespace {

/// transformScoreRow's shape (extractStepResult, extractPrompt and reasonPrompt are stored but,
/// as in the reference, not returned).
Json score_json(const Score& s) {
  static const std::vector<std::string_view> kKeys = {"id",
                                                      "traceId",
                                                      "runId",
                                                      "scorer",
                                                      "score",
                                                      "reason",
                                                      "preprocessStepResult",
                                                      "analyzeStepResult",
                                                      "analyzePrompt",
                                                      "preprocessPrompt",
                                                      "generateScorePrompt",
                                                      "generateReasonPrompt",
                                                      "metadata",
                                                      "input",
                                                      "output",
                                                      "additionalContext",
                                                      "runtimeContext",
                                                      "entityType",
                                                      "entity",
                                                      "entityId",
                                                      "scorerId",
                                                      "source",
                                                      "resourceId",
                                                      "threadId",
                                                      "createdAt",
                                                      "updatedAt"};
  return schema::scores().to_json(s, kKeys);
}

Json page_json(const ScorePage& page) {
  Json scores = Json::array();
  for (const auto& s : page.scores) scores.push_back(score_json(s));
  return {{"scores", std::move(scores)},
          {"pagination",
           {{"total", page.pagination.total},
            {"page", page.pagination.page},
            {"perPage", page.pagination.perPage},
            {"hasMore", page.pagination.hasMore}}}};
}

PageRequest parse_pagination(Obj& a) {
  auto p = a.obj("pagination");
  PageRequest out;
  out.page = p.integer("page");
  out.perPage = p.integer("perPage");
  p.finish();
  return out;
}

Json save_score(LibSQLStore& store, Obj& in) {
  ScoreInput input;
  Score& s = input.score;
  s.scorerId = in.str("scorerId");
  s.traceId = in.opt_str("traceId");
  s.runId = in.str("runId");
  s.scorer = in.any("scorer");
  s.preprocessStepResult = in.opt_any("preprocessStepResult");
  s.extractStepResult = in.opt_any("extractStepResult");
  s.analyzeStepResult = in.opt_any("analyzeStepResult");
  const Json& score = in.any("score");
  s.score = as_number(score, in.field("score"));
  s.reason = in.opt_str("reason");
  s.metadata = in.opt_any("metadata");
  s.preprocessPrompt = in.opt_str("preprocessPrompt");
  s.extractPrompt = in.opt_str("extractPrompt");
  s.generateScorePrompt = in.opt_str("generateScorePrompt");
  s.generateReasonPrompt = in.opt_str("generateReasonPrompt");
  s.analyzePrompt = in.opt_str("analyzePrompt");
  s.reasonPrompt = in.opt_str("reasonPrompt");
  s.input = in.any("input");
  s.output = in.any("output");
  s.additionalContext = in.opt_any("additionalContext");
  s.runtimeContext = in.opt_any("runtimeContext");
  s.entityType = in.opt_str("entityType");
  s.entity = in.opt_any("entity");
  s.entityId = in.opt_str("entityId");
  s.source = in.str("source");
  s.resourceId = in.opt_str("resourceId");
  s.threadId = in.opt_str("threadId");
  input.createdAt = in.opt_date("createdAt");
  input.updatedAt = in.opt_date("updatedAt");
  in.finish();
  return {{"score", score_json(store.save_score(input))}};
}

Json get_score_by_id(LibSQLStore& store, Obj& a) {
  const auto id = a.str("id");
  a.finish();
  const auto s = store.get_score_by_id(id);
  return s ? score_json(*s) : Json(nullptr);
}

Json get_scores_by_scorer_id(LibSQLStore& store, Obj& a) {
  ScoresByScorerQuery q;
  q.scorerId = a.str("scorerId");
  q.entityId = a.opt_str("entityId");
  q.entityType = a.opt_str("entityType");
  q.source = a.opt_str("source");
  q.pagination = parse_pagination(a);
  a.finish();
  return page_json(store.get_scores_by_scorer_id(q));
}

Json get_scores_by_run_id(LibSQLStore& store, Obj& a) {
  ScoresByRunQuery q;
  q.runId = a.str("runId");
  q.pagination = parse_pagination(a);
  a.finish();
  return page_json(store.get_scores_by_run_id(q));
}

Json get_scores_by_entity_id(LibSQLStore& store, Obj& a) {
  ScoresByEntityQuery q;
  q.entityId = a.str("entityId");
  q.entityType = a.str("entityType");
  q.pagination = parse_pagination(a);
  a.finish();
  return page_json(store.get_scores_by_entity_id(q));
}

}  // namespace

void add_scores(Registry& r) {
  r.add("saveScore", &save_score, "(score)", Argument::Required, "score");
  r.add("getScoreById", &get_score_by_id, "({id})");
  r.add("getScoresByScorerId", &get_scores_by_scorer_id,
        "({scorerId, entityId?, entityType?, source?, pagination: {page, perPage}})");
  r.add("getScoresByRunId", &get_scores_by_run_id, "({runId, pagination: {page, perPage}})");
  r.add("getScoresByEntityId", &get_scores_by_entity_id,
        "({entityId, entityType, pagination: {page, perPage}})");
}

}  // namespace libsqlstore::json_api::detail
