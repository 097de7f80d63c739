// libsqlstore: the workflows domain: snapshots of workflow runs (`mastra_workflow_snapshot`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/json.hpp"
#include "libsqlstore/types.hpp"

namespace libsqlstore {

/// Arguments of persist_workflow_snapshot().
struct WorkflowSnapshotWrite {
  std::string workflowName;
  std::string runId;
  /// The run state. A JSON string is stored raw (and reads back as a string), anything else as
  /// compact JSON text.
  Json snapshot;
  /// Owner of the run. nullopt keeps the resourceId the run already has.
  std::optional<std::string> resourceId;
};

/// One stored workflow run.
struct WorkflowRun {
  std::string workflowName;
  std::string runId;
  Json snapshot;
  Timestamp createdAt{};
  Timestamp updatedAt{};
  std::optional<std::string> resourceId;

  friend bool operator==(const WorkflowRun&, const WorkflowRun&) = default;
};

/// Filters of get_workflow_runs(); every filter is optional. Date bounds are inclusive.
struct WorkflowRunsQuery {
  std::optional<std::string> workflowName;
  std::optional<Timestamp> fromDate;
  std::optional<Timestamp> toDate;
  std::optional<std::int64_t> limit;
  std::optional<std::int64_t> offset;
  std::optional<std::string> resourceId;
};

/// Runs newest first; `total` counts every run matching the filters (not just this page).
struct WorkflowRuns {
  std::vector<WorkflowRun> runs;
  std::int64_t total = 0;
};

}  // namespace libsqlstore
