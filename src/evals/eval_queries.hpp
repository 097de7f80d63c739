// The SQL of the legacy eval reads.
#pragma once

#include <optional>
#include <string>

#include "libsqlstore/evals.hpp"

#include "core/listing.hpp"

namespace libsqlstore::evals {

/// The condition selecting "test" evals (test_info has a testPath) or "live" ones (no test_info
/// or no testPath). test_info that is not valid JSON counts as having no testPath.
std::string type_condition(EvalType type);

/// The evals matching `query` (newest first); by_agent: an agent's, optionally of one type.
core::Listing listing(const EvalsQuery& query);

}  // namespace libsqlstore::evals
