// Workflows: snapshots of workflow runs (docs/compatibility.md, "Workflows").
#include "core/errors.hpp"
#include "core/row_codec.hpp"
#include "schema/codec.hpp"
#include "schema/tables.hpp"
#include "store/store_context.hpp"
#include "workflows/run_queries.hpp"

namespace libsqlstore {

namespace {

const auto& spec() { return schema::workflow_runs(); }

// An existing run keeps its createdAt and (unless a new one is given) its resourceId; the
// reference's INSERT OR REPLACE loses both.
const std::string& persist_sql() {
  static const std::string sql = spec().insert_sql() +
                                 " ON CONFLICT(workflow_name, run_id) DO UPDATE SET "
                                 "snapshot = excluded.snapshot, updatedAt = excluded.updatedAt, "
                                 "resourceId = COALESCE(excluded.resourceId, "
                                 "mastra_workflow_snapshot.resourceId)";
  return sql;
}

}  // namespace

void WorkflowsStore::persist_workflow_snapshot(const WorkflowSnapshotWrite& write) {
  context_->call("LIBSQL_STORE_PERSIST_WORKFLOW_SNAPSHOT_FAILED",
                 {{"workflowName", write.workflowName}, {"runId", write.runId}}, [&] {
                   core::require_non_empty(write.workflowName, "workflowName");
                   core::require_non_empty(write.runId, "runId");
                   const auto stamp = core::encode_timestamp(now());
                   auto args = spec().values_named(
                       {{"workflow_name", write.workflowName},
                        {"run_id", write.runId},
                        {"resourceId", core::encode_optional_text(write.resourceId)},
                        {"snapshot", schema::encode_snapshot(write.snapshot)},
                        {"createdAt", stamp},
                        {"updatedAt", stamp}});
                   context_->db().write({persist_sql(), std::move(args)});
                 });
}

std::optional<LazyJson> WorkflowsStore::load_workflow_snapshot(const std::string& workflowName,
                                                               const std::string& runId) {
  return context_->call(
      "LIBSQL_STORE_LOAD_WORKFLOW_SNAPSHOT_FAILED",
      {{"workflowName", workflowName}, {"runId", runId}}, [&]() -> std::optional<LazyJson> {
        core::require_non_empty(workflowName, "workflowName");
        core::require_non_empty(runId, "runId");
        auto rs = context_->db().read(
            {"SELECT snapshot FROM mastra_workflow_snapshot WHERE workflow_name = ? AND run_id = ?",
             {workflowName, runId}});
        if (rs.rows.empty()) return std::nullopt;
        static const schema::Column kSnapshot{"snapshot", ColumnType::Text, false, false,
                                              schema::Codec::Snapshot};
        LazyJson out;
        schema::decode_into(out, rs.rows.front()[0], kSnapshot, {spec().name(), "snapshot", runId});
        return out;
      });
}

std::optional<WorkflowRun> WorkflowsStore::get_workflow_run_by_id(
    const std::string& runId, const std::optional<std::string>& workflowName) {
  Json details = {{"runId", runId}};
  if (workflowName) details["workflowName"] = *workflowName;
  return context_->call("LIBSQL_STORE_GET_WORKFLOW_RUN_BY_ID_FAILED", details, [&] {
    core::require_non_empty(runId, "runId");
    if (workflowName) core::require_non_empty(*workflowName, "workflowName");
    auto rs = context_->db().read(workflows::run_by_id(runId, workflowName));
    return spec().decode_first(rs);
  });
}

WorkflowRuns WorkflowsStore::get_workflow_runs(const WorkflowRunsQuery& query) {
  Json details = Json::object();
  if (query.workflowName) details["workflowName"] = *query.workflowName;
  if (query.resourceId) details["resourceId"] = *query.resourceId;
  return context_->call("LIBSQL_STORE_GET_WORKFLOW_RUNS_FAILED", details, [&] {
    if ((query.limit && *query.limit < 0) || (query.offset && *query.offset < 0)) {
      core::invalid_argument("limit and offset must be >= 0 (got limit " +
                             std::to_string(query.limit.value_or(0)) + ", offset " +
                             std::to_string(query.offset.value_or(0)) + ")");
    }
    const auto listing = workflows::run_listing(query);
    const core::Statement stmts[] = {listing.count(),
                                     query.limit || query.offset
                                         ? listing.page(query.limit, query.offset.value_or(0))
                                         : listing.all()};
    auto rs = context_->db().read(stmts);
    WorkflowRuns out;
    out.total = core::to_int(rs[0].rows.at(0).at(0)).value_or(0);
    out.runs = spec().decode_all(rs[1]);
    return out;
  });
}

}  // namespace libsqlstore
