// The SQL of the workflow-run reads, exposed so tests can check their query plans.
#pragma once

#include <optional>
#include <string>

#include "libsqlstore/workflows.hpp"

#include "core/listing.hpp"

namespace libsqlstore::workflows {

/// The runs matching `query`'s filters, newest first (ties newest-inserted first). Paging is
/// the caller's: count(), then all() or page(limit, offset).
core::Listing run_listing(const WorkflowRunsQuery& query);

/// The newest run with `runId` (of `workflowName`, if given): at most one row.
core::Statement run_by_id(const std::string& runId, const std::optional<std::string>& workflowName);

}  // namespace libsqlstore::workflows
