// Placeholder: implemented by the issue that owns this domain. Every method fails loudly.
#include "core/store_impl.hpp"

namespace libsqlstore {

namespace {
[[noreturn]] void not_yet(const char* id) {
  throw Error(id, ErrorCategory::System, "not implemented yet");
}
}  // namespace

void LibSQLStore::persist_workflow_snapshot(const WorkflowSnapshotWrite&) {
  not_yet("LIBSQL_STORE_PERSIST_WORKFLOW_SNAPSHOT_FAILED");
}
std::optional<Json> LibSQLStore::load_workflow_snapshot(const std::string&, const std::string&) {
  not_yet("LIBSQL_STORE_LOAD_WORKFLOW_SNAPSHOT_FAILED");
}
std::optional<WorkflowRun> LibSQLStore::get_workflow_run_by_id(const std::string&,
                                                               const std::optional<std::string>&) {
  not_yet("LIBSQL_STORE_GET_WORKFLOW_RUN_BY_ID_FAILED");
}
WorkflowRuns LibSQLStore::get_workflow_runs(const WorkflowRunsQuery&) {
  not_yet("LIBSQL_STORE_GET_WORKFLOW_RUNS_FAILED");
}

}  // namespace libsqlstore
