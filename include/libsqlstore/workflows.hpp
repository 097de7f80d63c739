// libsqlstore: the workflows domain: snapshots of workflow runs (`mastra_workflow_snapshot`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/export.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/lazy_json.hpp"
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
  /// The run state; reads hold the stored text (LazyJson: parsed when looked at).
  LazyJson snapshot;
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

/// Workflow snapshots (`mastra_workflow_snapshot`), as the reference's `stores.workflows`.
/// Obtained from LibSQLStore::workflows(); thread-safety and errors as the store's.
class LIBSQLSTORE_EXPORT WorkflowsStore {
 public:
  /// Internal: a store hands out its own instance (LibSQLStore::workflows()).
  explicit WorkflowsStore(detail::StoreContext& context) noexcept : context_(&context) {}

  /// Inserts or replaces the run's snapshot. Keeps the run's createdAt (and resourceId unless a
  /// new one is given); sets updatedAt to now.
  void persist_workflow_snapshot(const WorkflowSnapshotWrite& write);
  /// The snapshot, or nullopt if the run is unknown. Holds the stored text (LazyJson).
  std::optional<LazyJson> load_workflow_snapshot(const std::string& workflowName,
                                                 const std::string& runId);
  /// The run with this id (of this workflow, if given), or nullopt.
  std::optional<WorkflowRun> get_workflow_run_by_id(
      const std::string& runId, const std::optional<std::string>& workflowName = std::nullopt);
  /// Runs matching the filters, newest first, with the true total.
  WorkflowRuns get_workflow_runs(const WorkflowRunsQuery& query = {});

 private:
  detail::StoreContext* context_;
};

}  // namespace libsqlstore
