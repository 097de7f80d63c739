#include "scores/score_queries.hpp"

#include <utility>

namespace libsqlstore::scores {

namespace {

class Filter {
 public:
  void add(const char* condition, core::Value value) {
    where_ += where_.empty() ? " WHERE " : " AND ";
    where_ += condition;
    args_.push_back(std::move(value));
  }

  ScoreListing listing(const PageRequest& page) && {
    ScoreListing out;
    out.count = {"SELECT COUNT(*) FROM mastra_scorers" + where_, args_};
    out.select = {std::string("SELECT ") + kScoreColumns + " FROM mastra_scorers" + where_ +
                      " ORDER BY createdAt DESC, rowid DESC LIMIT ? OFFSET ?",
                  std::move(args_)};
    out.select.args.emplace_back(page.perPage);
    out.select.args.emplace_back(page.page * page.perPage);
    return out;
  }

 private:
  std::string where_;
  std::vector<core::Value> args_;
};

}  // namespace

ScoreListing by_scorer(const ScoresByScorerQuery& query) {
  Filter f;
  f.add("scorerId = ?", query.scorerId);
  if (query.entityId) f.add("entityId = ?", *query.entityId);
  if (query.entityType) f.add("entityType = ?", *query.entityType);
  if (query.source) f.add("source = ?", *query.source);
  return std::move(f).listing(query.pagination);
}

ScoreListing by_run(const ScoresByRunQuery& query) {
  Filter f;
  f.add("runId = ?", query.runId);
  return std::move(f).listing(query.pagination);
}

ScoreListing by_entity(const ScoresByEntityQuery& query) {
  Filter f;
  f.add("entityId = ?", query.entityId);
  f.add("entityType = ?", query.entityType);
  return std::move(f).listing(query.pagination);
}

}  // namespace libsqlstore::scores
