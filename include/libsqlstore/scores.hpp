// libsqlstore: the scores domain: results of Mastra scorers (`mastra_scorers`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/export.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/types.hpp"

namespace libsqlstore {

/// One scorer result. JSON fields are null when absent (SQL NULL).
struct Score {
  std::string id;
  std::string scorerId;
  std::optional<std::string> traceId;
  std::string runId;
  Json scorer;
  Json preprocessStepResult;
  Json extractStepResult;
  Json analyzeStepResult;
  double score = 0;
  std::optional<std::string> reason;
  Json metadata;
  std::optional<std::string> preprocessPrompt;
  std::optional<std::string> extractPrompt;
  std::optional<std::string> generateScorePrompt;
  std::optional<std::string> generateReasonPrompt;
  std::optional<std::string> analyzePrompt;
  std::optional<std::string> reasonPrompt;
  Json input;
  Json output;
  Json additionalContext;
  Json runtimeContext;
  std::optional<std::string> entityType;
  Json entity;
  std::optional<std::string> entityId;
  std::string source;
  std::optional<std::string> resourceId;
  std::optional<std::string> threadId;
  Timestamp createdAt{};
  Timestamp updatedAt{};

  friend bool operator==(const Score&, const Score&) = default;
};

/// What save_score() takes: a Score without its id; timestamps default to now.
struct ScoreInput {
  Score score;  ///< `score.id`, `createdAt`, `updatedAt` are ignored unless set below
  std::optional<Timestamp> createdAt;
  std::optional<Timestamp> updatedAt;
};

/// Paging of the score listings.
struct ScorePagination {
  std::int64_t total = 0;
  std::int64_t page = 0;
  std::int64_t perPage = 0;
  bool hasMore = false;
};

/// A page of scores, newest first.
struct ScorePage {
  std::vector<Score> scores;
  ScorePagination pagination;
};

struct ScoresByScorerQuery {
  std::string scorerId;
  std::optional<std::string> entityId;
  std::optional<std::string> entityType;
  std::optional<std::string> source;
  PageRequest pagination;
};

struct ScoresByRunQuery {
  std::string runId;
  PageRequest pagination;
};

struct ScoresByEntityQuery {
  std::string entityId;
  std::string entityType;
  PageRequest pagination;
};

/// Scorer results (`mastra_scorers`), as the reference's `stores.scores`. Obtained from
/// LibSQLStore::scores(); thread-safety and errors as the store's.
class LIBSQLSTORE_EXPORT ScoresStore {
 public:
  /// Internal: a store hands out its own instance (LibSQLStore::scores()).
  explicit ScoresStore(detail::StoreContext& context) noexcept : context_(&context) {}

  /// Saves a new score with a generated id; returns it as stored.
  Score save_score(const ScoreInput& input);
  std::optional<Score> get_score_by_id(const std::string& id);
  /// Pages newest first; `total` is the true count, `hasMore` (page + 1) * perPage < total.
  ScorePage get_scores_by_scorer_id(const ScoresByScorerQuery& query);
  ScorePage get_scores_by_run_id(const ScoresByRunQuery& query);
  ScorePage get_scores_by_entity_id(const ScoresByEntityQuery& query);

 private:
  detail::StoreContext* context_;
};

}  // namespace libsqlstore
