// JSON interface: workflow snapshots.
#include "core/json_text.hpp"
#include "jsonapi/domains.hpp"
#include "schema/tables.hpp"

namespace libsqlstore::json_api::detail {

namespace {

/// parseWorkflowRun's shape.
Json run_json(const WorkflowRun& r) {
  static const std::vector<std::string_view> kKeys = {"workflowName", "runId",     "snapshot",
                                                      "resourceId",   "createdAt", "updatedAt"};
  return schema::workflow_runs().to_json(r, kKeys);
}

Json persist_workflow_snapshot(LibSQLStore& store, Obj& a) {
  WorkflowSnapshotWrite w;
  w.workflowName = a.str("workflowName");
  w.runId = a.str("runId");
  w.snapshot = a.any("snapshot");
  w.resourceId = a.opt_str("resourceId");
  a.finish();
  store.persist_workflow_snapshot(w);
  return nullptr;
}

Json load_workflow_snapshot(LibSQLStore& store, Obj& a) {
  const auto name = a.str("workflowName");
  const auto run = a.str("runId");
  a.finish();
  auto snapshot = store.load_workflow_snapshot(name, run);
  return snapshot ? core::raw_json_node(std::move(*snapshot)) : Json(nullptr);
}

Json get_workflow_run_by_id(LibSQLStore& store, Obj& a) {
  const auto run = a.str("runId");
  const auto name = a.opt_str("workflowName");
  a.finish();
  const auto r = store.get_workflow_run_by_id(run, name);
  return r ? run_json(*r) : Json(nullptr);
}

Json get_workflow_runs(LibSQLStore& store, Obj& a) {
  WorkflowRunsQuery q;
  q.workflowName = a.opt_str("workflowName");
  q.fromDate = a.opt_date("fromDate");
  q.toDate = a.opt_date("toDate");
  q.limit = a.opt_int("limit");
  q.offset = a.opt_int("offset");
  q.resourceId = a.opt_str("resourceId");
  a.finish();
  const auto runs = store.get_workflow_runs(q);
  Json list = Json::array();
  for (const auto& r : runs.runs) list.push_back(run_json(r));
  return {{"runs", std::move(list)}, {"total", runs.total}};
}

}  // namespace

void add_workflows(Registry& r) {
  r.add("persistWorkflowSnapshot", &persist_workflow_snapshot,
        "({workflowName, runId, snapshot, resourceId?})");
  r.add("loadWorkflowSnapshot", &load_workflow_snapshot, "({workflowName, runId})");
  r.add("getWorkflowRunById", &get_workflow_run_by_id, "({runId, workflowName?})");
  r.add("getWorkflowRuns", &get_workflow_runs,
        "({workflowName?, fromDate?, toDate?, limit?, offset?, resourceId?}?)", Argument::Optional);
}

}  // namespace libsqlstore::json_api::detail
