#include "workflows/run_queries.hpp"

#include "core/row_codec.hpp"

namespace libsqlstore::workflows {

RunListing run_listing(const WorkflowRunsQuery& query) {
  std::string where;
  std::vector<core::Value> args;
  auto add = [&](const char* condition, core::Value value) {
    where += where.empty() ? " WHERE " : " AND ";
    where += condition;
    args.push_back(std::move(value));
  };
  if (query.workflowName) add("workflow_name = ?", *query.workflowName);
  if (query.resourceId) add("resourceId = ?", *query.resourceId);
  // Both bounds inclusive; ISO-8601 text orders as time.
  if (query.fromDate) add("createdAt >= ?", core::encode_timestamp_bound(*query.fromDate));
  if (query.toDate) add("createdAt <= ?", core::encode_timestamp_bound(*query.toDate));

  RunListing out;
  out.count = {"SELECT COUNT(*) FROM mastra_workflow_snapshot" + where, args};
  out.select = {std::string("SELECT ") + kRunColumns + " FROM mastra_workflow_snapshot" + where +
                    " ORDER BY createdAt DESC, rowid DESC",
                std::move(args)};
  if (query.limit || query.offset) {
    // LIMIT -1 is SQLite's "no limit", for an offset without a limit.
    out.select.sql += " LIMIT ? OFFSET ?";
    out.select.args.emplace_back(query.limit.value_or(-1));
    out.select.args.emplace_back(query.offset.value_or(0));
  }
  return out;
}

core::Statement run_by_id(const std::string& runId,
                          const std::optional<std::string>& workflowName) {
  core::Statement stmt{
      std::string("SELECT ") + kRunColumns + " FROM mastra_workflow_snapshot WHERE run_id = ?",
      {runId}};
  if (workflowName) {
    stmt.sql += " AND workflow_name = ?";
    stmt.args.emplace_back(*workflowName);
  }
  // One run id under several workflows: the newest wins (the reference takes whichever row
  // SQLite returns first).
  stmt.sql += " ORDER BY createdAt DESC, rowid DESC LIMIT 1";
  return stmt;
}

}  // namespace libsqlstore::workflows
