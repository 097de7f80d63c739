// The SQL of the legacy eval reads.
#pragma once

#include <optional>
#include <string>

#include "libsqlstore/evals.hpp"

#include "core/value.hpp"

namespace libsqlstore::evals {

/// The columns every eval query selects, in the order decode_eval() expects.
inline constexpr const char* kEvalColumns =
    "input, output, result, agent_name, metric_name, instructions, test_info, global_run_id, "
    "run_id, created_at";

/// The condition selecting "test" evals (test_info has a testPath) or "live" ones (no test_info
/// or no testPath). test_info that is not valid JSON counts as having no testPath.
std::string type_condition(EvalType type);

/// All evals of an agent, newest first.
core::Statement by_agent(const std::string& agentName, std::optional<EvalType> type);

/// The true COUNT and one page of the evals matching `query` (paging already validated).
struct EvalListing {
  core::Statement count;
  core::Statement select;
};
EvalListing listing(const EvalsQuery& query);

}  // namespace libsqlstore::evals
