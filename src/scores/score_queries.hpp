// The SQL of the score reads, exposed so tests can check their query plans.
#pragma once

#include "libsqlstore/scores.hpp"

#include "core/listing.hpp"

namespace libsqlstore::scores {

/// The scores matching a filter, newest first (ties newest-inserted first).
core::Listing by_scorer(const ScoresByScorerQuery& query);
core::Listing by_run(const ScoresByRunQuery& query);
core::Listing by_entity(const ScoresByEntityQuery& query);

}  // namespace libsqlstore::scores
