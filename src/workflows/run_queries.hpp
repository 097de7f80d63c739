// The SQL of the workflow-run listings, exposed so tests can check their query plans.
#pragma once

#include "libsqlstore/workflows.hpp"

#include "core/value.hpp"

namespace libsqlstore::workflows {

/// The columns every run query selects, in the order decode_run() expects.
inline constexpr const char* kRunColumns =
    "workflow_name, run_id, resourceId, snapshot, createdAt, updatedAt";

/// COUNT of the runs matching `query`'s filters, and the page itself (newest first, ties in
/// reverse insertion order). Both use the same WHERE clause; run them in one read.
struct RunListing {
  core::Statement count;
  core::Statement select;
};

/// Paging must already be validated (limit/offset >= 0).
RunListing run_listing(const WorkflowRunsQuery& query);

}  // namespace libsqlstore::workflows
