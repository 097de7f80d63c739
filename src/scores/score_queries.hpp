// The SQL of the score reads, exposed so tests can check their query plans.
#pragma once

#include "libsqlstore/scores.hpp"

#include "core/value.hpp"

namespace libsqlstore::scores {

/// Every column of mastra_scorers in table order, as decode_score() expects them.
inline constexpr const char* kScoreColumns =
    "id, scorerId, traceId, runId, scorer, preprocessStepResult, extractStepResult, "
    "analyzeStepResult, score, reason, metadata, preprocessPrompt, extractPrompt, "
    "generateScorePrompt, generateReasonPrompt, analyzePrompt, reasonPrompt, input, output, "
    "additionalContext, runtimeContext, entityType, entity, entityId, source, resourceId, "
    "threadId, createdAt, updatedAt";

/// The true COUNT and one page (newest first, ties newest-inserted first) of the scores
/// matching a filter. Run both in one read.
struct ScoreListing {
  core::Statement count;
  core::Statement select;
};

ScoreListing by_scorer(const ScoresByScorerQuery& query);
ScoreListing by_run(const ScoresByRunQuery& query);
ScoreListing by_entity(const ScoresByEntityQuery& query);

}  // namespace libsqlstore::scores
