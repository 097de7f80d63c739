// Legacy evals (docs/compatibility.md, "Evals"). Rows are written with the generic
// insert/batch_insert.
#include <limits>

#include "core/guard.hpp"
#include "core/paging.hpp"
#include "core/row_codec.hpp"
#include "core/store_impl.hpp"
#include "evals/eval_queries.hpp"

namespace libsqlstore {

namespace {

constexpr const char* kTable = "mastra_evals";

EvalRow decode_eval(const core::Row& row) {
  EvalRow e;
  e.runId = core::decode_required_text(row[8], {kTable, "run_id", ""});
  auto cell = [&](const char* column) { return core::CellRef{kTable, column, e.runId}; };
  e.input = core::decode_required_text(row[0], cell("input"));
  e.output = core::decode_required_text(row[1], cell("output"));
  e.result = core::decode_json(row[2], cell("result"));
  if (!e.result.is_object() || !e.result.contains("score")) {
    throw DataError("LIBSQL_STORE_CORRUPT_ROW", ErrorCategory::System,
                    "Invalid MetricResult format: " + e.result.dump() +
                        " (mastra_evals.result of run \"" + e.runId +
                        "\" must be an object with a score)",
                    {{"table", kTable}, {"column", "result"}, {"rowId", e.runId}});
  }
  e.agentName = core::decode_required_text(row[3], cell("agent_name"));
  e.metricName = core::decode_required_text(row[4], cell("metric_name"));
  e.instructions = core::decode_required_text(row[5], cell("instructions"));
  if (!core::is_null(row[6])) e.testInfo = core::decode_json(row[6], cell("test_info"));
  e.globalRunId = core::decode_required_text(row[7], cell("global_run_id"));
  e.createdAt = core::decode_required_text(row[9], cell("created_at"));
  return e;
}

}  // namespace

std::vector<EvalRow> LibSQLStore::get_evals_by_agent_name(const std::string& agentName,
                                                          std::optional<EvalType> type) {
  return core::guarded(
      "LIBSQL_STORE_GET_EVALS_BY_AGENT_NAME_FAILED", {{"agentName", agentName}}, [&] {
        if (agentName.empty()) {
          throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                     "agentName must be a non-empty string");
        }
        impl_->ensure_ready();
        const auto rs = impl_->db->read(evals::by_agent(agentName, type));
        std::vector<EvalRow> out;
        out.reserve(rs.rows.size());
        for (const auto& row : rs.rows) out.push_back(decode_eval(row));
        return out;
      });
}

EvalPage LibSQLStore::get_evals(const EvalsQuery& query) {
  Json details = Json::object();
  if (query.agentName) details["agentName"] = *query.agentName;
  return core::guarded("LIBSQL_STORE_GET_EVALS_FAILED", details, [&] {
    core::validate_paging(query.page, query.perPage);
    impl_->ensure_ready();
    const auto listing = evals::listing(query);
    const core::Statement stmts[] = {listing.count, listing.select};
    const auto rs = impl_->db->read(stmts);
    EvalPage page;
    page.total = core::to_int(rs[0].rows.at(0).at(0)).value_or(0);
    page.page = query.page;
    page.perPage = query.perPage;
    page.evals.reserve(rs[1].rows.size());
    for (const auto& row : rs[1].rows) page.evals.push_back(decode_eval(row));
    page.hasMore =
        core::has_more(query.page * query.perPage, static_cast<std::int64_t>(page.evals.size()),
                       page.total, query.perPage);
    return page;
  });
}

}  // namespace libsqlstore
