// Legacy evals (docs/compatibility.md, "Evals"). Rows are written with the generic
// insert/batch_insert.
#include "core/errors.hpp"
#include "core/listing.hpp"
#include "evals/eval_queries.hpp"
#include "schema/tables.hpp"
#include "store/store_context.hpp"

namespace libsqlstore {

std::vector<EvalRow> EvalsStore::get_evals_by_agent_name(const std::string& agentName,
                                                         std::optional<EvalType> type) {
  return context_->call(
      "LIBSQL_STORE_GET_EVALS_BY_AGENT_NAME_FAILED", {{"agentName", agentName}}, [&] {
        core::require_non_empty(agentName, "agentName");
        auto rs = context_->db().read(evals::listing({.agentName = agentName, .type = type}).all());
        return schema::evals().decode_all(rs);
      });
}

EvalPage EvalsStore::get_evals(const EvalsQuery& query) {
  Json details = Json::object();
  if (query.agentName) details["agentName"] = *query.agentName;
  return context_->call("LIBSQL_STORE_GET_EVALS_FAILED", details, [&] {
    core::validate_paging(query.page, query.perPage);
    auto page =
        core::read_page(context_->db(), evals::listing(query),
                        {.page = query.page, .perPage = query.perPage}, core::HasMore::RowsShown,
                        [](core::ResultSet& rs) { return schema::evals().decode_all(rs); });
    return EvalPage{std::move(page.rows), page.total, query.page, query.perPage, page.hasMore};
  });
}

}  // namespace libsqlstore
