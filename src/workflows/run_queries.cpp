#include "workflows/run_queries.hpp"

#include "core/row_codec.hpp"
#include "schema/tables.hpp"

namespace libsqlstore::workflows {

core::Listing run_listing(const WorkflowRunsQuery& query) {
  const auto& spec = schema::workflow_runs();
  core::Listing listing(spec.name(), spec.select_list());
  if (query.workflowName) listing.where("workflow_name = ?", *query.workflowName);
  if (query.resourceId) listing.where("resourceId = ?", *query.resourceId);
  // Both bounds inclusive; ISO-8601 text orders as time.
  if (query.fromDate)
    listing.where("createdAt >= ?", core::encode_timestamp_bound(*query.fromDate));
  if (query.toDate) listing.where("createdAt <= ?", core::encode_timestamp_bound(*query.toDate));
  listing.order_by(" ORDER BY createdAt DESC, rowid DESC");
  return listing;
}

core::Statement run_by_id(const std::string& runId,
                          const std::optional<std::string>& workflowName) {
  core::Statement stmt{schema::workflow_runs().select_sql(" WHERE run_id = ?"), {runId}};
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
