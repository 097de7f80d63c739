#include "scores/score_queries.hpp"

#include "schema/tables.hpp"

namespace libsqlstore::scores {

namespace {

core::Listing scores_where(const char* condition, core::Value value) {
  const auto& spec = schema::scores();
  core::Listing listing(spec.name(), spec.select_list());
  listing.where(condition, std::move(value));
  listing.order_by(" ORDER BY createdAt DESC, rowid DESC");
  return listing;
}

}  // namespace

core::Listing by_scorer(const ScoresByScorerQuery& query) {
  auto listing = scores_where("scorerId = ?", query.scorerId);
  if (query.entityId) listing.where("entityId = ?", *query.entityId);
  if (query.entityType) listing.where("entityType = ?", *query.entityType);
  if (query.source) listing.where("source = ?", *query.source);
  return listing;
}

core::Listing by_run(const ScoresByRunQuery& query) {
  return scores_where("runId = ?", query.runId);
}

core::Listing by_entity(const ScoresByEntityQuery& query) {
  auto listing = scores_where("entityId = ?", query.entityId);
  listing.where("entityType = ?", query.entityType);
  return listing;
}

}  // namespace libsqlstore::scores
