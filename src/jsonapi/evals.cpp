// JSON interface: legacy evals.
#include "jsonapi/domains.hpp"
#include "schema/tables.hpp"

namespace libsqlstore::json_api::detail {

namespace {

EvalType parse_eval_type(const Json& v, const Path& at) {
  static constexpr std::string_view kNames[] = {"test", "live"};
  static constexpr EvalType kValues[] = {EvalType::Test, EvalType::Live};
  return as_enum(v, at, kNames, kValues);
}

/// transformEvalRow's shape: the table's order, testInfo omitted for SQL NULL (undefined in the
/// reference) and null for the stored text 'null'.
Json eval_json(const EvalRow& e) { return schema::evals().to_json(e); }

Json eval_list(const std::vector<EvalRow>& rows) { return json_list(rows, eval_json); }

Json get_evals_by_agent_name(LibSQLStore& store, const Args& args) {
  args.at_most(2);
  const Json& name = args.required(0, "agentName", "a string");
  std::optional<EvalType> type;
  if (const Json* t = args.at(1)) type = parse_eval_type(*t, args.path("type"));
  return eval_list(store.get_evals_by_agent_name(as_string(name, args.path("agentName")), type));
}

Json get_evals(LibSQLStore& store, Obj& a) {
  EvalsQuery q;
  q.agentName = a.opt_str("agentName");
  if (const Json* t = a.get("type")) q.type = parse_eval_type(*t, a.field("type"));
  q.page = a.opt_int("page").value_or(0);
  q.perPage = a.opt_int("perPage").value_or(100);
  q.dateRange = a.opt_date_range("dateRange");
  a.finish();
  const auto page = store.get_evals(q);
  return page_answer("evals", eval_list(page.evals), page);
}

}  // namespace

void add_evals(Registry& r) {
  r.add("getEvalsByAgentName", &get_evals_by_agent_name, "(agentName, type?: \"test\"|\"live\")");
  r.add("getEvals", &get_evals,
        "({agentName?, type?, page?, perPage?, dateRange?: {start?, end?}}?)", Argument::Optional,
        "options");
}

}  // namespace libsqlstore::json_api::detail
