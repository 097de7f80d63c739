// Scores: results of Mastra scorers (docs/compatibility.md, "Scores").
#include <cmath>

#include "core/errors.hpp"
#include "core/listing.hpp"
#include "core/uuid.hpp"
#include "schema/tables.hpp"
#include "scores/score_queries.hpp"
#include "store/store_context.hpp"

namespace libsqlstore {

namespace {

const auto& spec() { return schema::scores(); }

const std::string& insert_sql() {
  static const std::string sql = spec().insert_sql();
  return sql;
}

const std::string& select_by_id() {
  static const std::string sql = spec().select_sql(" WHERE id = ?");
  return sql;
}

void validate(const Score& s) {
  core::require_non_empty(s.scorerId, "scorerId");
  core::require_non_empty(s.runId, "runId");
  core::require_non_empty(s.source, "source");
  if (s.scorer.is_null()) core::invalid_argument("scorer is required");
  if (s.input.is_null()) core::invalid_argument("input is required");
  if (s.output.is_null()) core::invalid_argument("output is required");
  if (!std::isfinite(s.score)) core::invalid_argument("score must be a finite number");
}

ScorePage read_scores(detail::StoreContext& context, const core::Listing& listing,
                      const PageRequest& p) {
  core::validate_paging(p.page, p.perPage);
  auto page = core::read_page(context.db(), listing, {.page = p.page, .perPage = p.perPage},
                              core::HasMore::FullPage,
                              [](core::ResultSet& rs) { return spec().decode_all(rs); });
  return ScorePage{std::move(page.rows), {page.total, p.page, p.perPage, page.hasMore}};
}

}  // namespace

Score ScoresStore::save_score(const ScoreInput& input) {
  const auto& s = input.score;
  return context_->call("LIBSQL_STORE_SAVE_SCORE_FAILED",
                        {{"scorerId", s.scorerId}, {"runId", s.runId}}, [&] {
                          validate(s);
                          Score row = s;
                          row.id = core::uuid_v4();
                          const auto stamp = now();
                          row.createdAt = input.createdAt.value_or(stamp);
                          row.updatedAt = input.updatedAt.value_or(stamp);
                          const core::Statement stmts[] = {
                              {insert_sql(), spec().values(row)},
                              {select_by_id(), {row.id}},
                          };
                          // Written and read back in one transaction: the result is the row as
                          // stored.
                          auto rs = context_->db().write(stmts);
                          return spec().decode_first(rs[1]).value();
                        });
}

std::optional<Score> ScoresStore::get_score_by_id(const std::string& id) {
  return context_->call("LIBSQL_STORE_GET_SCORE_BY_ID_FAILED", {{"id", id}}, [&] {
    core::require_non_empty(id, "id");
    auto rs = context_->db().read({select_by_id(), {id}});
    return spec().decode_first(rs);
  });
}

ScorePage ScoresStore::get_scores_by_scorer_id(const ScoresByScorerQuery& query) {
  return context_->call("LIBSQL_STORE_GET_SCORES_BY_SCORER_ID_FAILED",
                        {{"scorerId", query.scorerId}}, [&] {
                          core::require_non_empty(query.scorerId, "scorerId");
                          return read_scores(*context_, scores::by_scorer(query), query.pagination);
                        });
}

ScorePage ScoresStore::get_scores_by_run_id(const ScoresByRunQuery& query) {
  return context_->call("LIBSQL_STORE_GET_SCORES_BY_RUN_ID_FAILED", {{"runId", query.runId}}, [&] {
    core::require_non_empty(query.runId, "runId");
    return read_scores(*context_, scores::by_run(query), query.pagination);
  });
}

ScorePage ScoresStore::get_scores_by_entity_id(const ScoresByEntityQuery& query) {
  return context_->call("LIBSQL_STORE_GET_SCORES_BY_ENTITY_ID_FAILED",
                        {{"entityId", query.entityId}, {"entityType", query.entityType}}, [&] {
                          core::require_non_empty(query.entityId, "entityId");
                          core::require_non_empty(query.entityType, "entityType");
                          return read_scores(*context_, scores::by_entity(query), query.pagination);
                        });
}

}  // namespace libsqlstore
