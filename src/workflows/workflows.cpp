// Workflows: snapshots of workflow runs (docs/compatibility.md, "Workflows").
#include "core/guard.hpp"
#include "core/row_codec.hpp"
#include "core/store_impl.hpp"
#include "schema/codec.hpp"
#include "workflows/run_queries.hpp"

namespace libsqlstore {

namespace {

constexpr const char* kTable = "mastra_workflow_snapshot";

void require_non_empty(const std::string& value, const char* what) {
  if (value.empty()) {
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                               std::string(what) + " must be a non-empty string");
  }
}

WorkflowRun decode_run(const core::Row& row) {
  WorkflowRun run;
  run.workflowName = core::decode_required_text(row[0], {kTable, "workflow_name", ""});
  run.runId = core::decode_required_text(row[1], {kTable, "run_id", ""});
  auto cell = [&](const char* column) { return core::CellRef{kTable, column, run.runId}; };
  run.resourceId = core::decode_text(row[2]);
  run.snapshot = schema::decode_snapshot(row[3], cell("snapshot"));
  run.createdAt = core::decode_timestamp(row[4], cell("createdAt"));
  run.updatedAt = core::decode_timestamp(row[5], cell("updatedAt"));
  return run;
}

}  // namespace

void LibSQLStore::persist_workflow_snapshot(const WorkflowSnapshotWrite& write) {
  core::guarded("LIBSQL_STORE_PERSIST_WORKFLOW_SNAPSHOT_FAILED",
                {{"workflowName", write.workflowName}, {"runId", write.runId}}, [&] {
                  require_non_empty(write.workflowName, "workflowName");
                  require_non_empty(write.runId, "runId");
                  const auto snapshot = schema::encode_snapshot(write.snapshot);
                  impl_->ensure_ready();
                  const auto stamp = core::encode_timestamp(now());
                  // An existing run keeps its createdAt and (unless a new one is given) its
                  // resourceId; the reference's INSERT OR REPLACE loses both.
                  impl_->db->write(
                      {"INSERT INTO mastra_workflow_snapshot (workflow_name, run_id, resourceId, "
                       "snapshot, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT(workflow_name, run_id) DO UPDATE SET "
                       "snapshot = excluded.snapshot, updatedAt = excluded.updatedAt, "
                       "resourceId = COALESCE(excluded.resourceId, "
                       "mastra_workflow_snapshot.resourceId)",
                       {write.workflowName, write.runId,
                        core::encode_optional_text(write.resourceId), snapshot, stamp, stamp}});
                });
}

std::optional<Json> LibSQLStore::load_workflow_snapshot(const std::string& workflowName,
                                                        const std::string& runId) {
  return core::guarded(
      "LIBSQL_STORE_LOAD_WORKFLOW_SNAPSHOT_FAILED",
      {{"workflowName", workflowName}, {"runId", runId}}, [&]() -> std::optional<Json> {
        require_non_empty(workflowName, "workflowName");
        require_non_empty(runId, "runId");
        impl_->ensure_ready();
        const auto rs = impl_->db->read(
            {"SELECT snapshot FROM mastra_workflow_snapshot WHERE workflow_name = ? AND run_id = ?",
             {workflowName, runId}});
        if (rs.rows.empty()) return std::nullopt;
        return schema::decode_snapshot(rs.rows.front()[0], {kTable, "snapshot", runId});
      });
}

std::optional<WorkflowRun> LibSQLStore::get_workflow_run_by_id(
    const std::string& runId, const std::optional<std::string>& workflowName) {
  Json details = {{"runId", runId}};
  if (workflowName) details["workflowName"] = *workflowName;
  return core::guarded("LIBSQL_STORE_GET_WORKFLOW_RUN_BY_ID_FAILED", details,
                       [&]() -> std::optional<WorkflowRun> {
                         require_non_empty(runId, "runId");
                         if (workflowName) require_non_empty(*workflowName, "workflowName");
                         impl_->ensure_ready();
                         const auto rs = impl_->db->read(workflows::run_by_id(runId, workflowName));
                         if (rs.rows.empty()) return std::nullopt;
                         return decode_run(rs.rows.front());
                       });
}

WorkflowRuns LibSQLStore::get_workflow_runs(const WorkflowRunsQuery& query) {
  Json details = Json::object();
  if (query.workflowName) details["workflowName"] = *query.workflowName;
  if (query.resourceId) details["resourceId"] = *query.resourceId;
  return core::guarded("LIBSQL_STORE_GET_WORKFLOW_RUNS_FAILED", details, [&] {
    if ((query.limit && *query.limit < 0) || (query.offset && *query.offset < 0)) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                 "limit and offset must be >= 0 (got limit " +
                                     std::to_string(query.limit.value_or(0)) + ", offset " +
                                     std::to_string(query.offset.value_or(0)) + ")");
    }
    impl_->ensure_ready();
    const auto listing = workflows::run_listing(query);
    const core::Statement stmts[] = {listing.count, listing.select};
    const auto rs = impl_->db->read(stmts);
    WorkflowRuns out;
    out.total = core::to_int(rs[0].rows.at(0).at(0)).value_or(0);
    out.runs.reserve(rs[1].rows.size());
    for (const auto& row : rs[1].rows) out.runs.push_back(decode_run(row));
    return out;
  });
}

}  // namespace libsqlstore
