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

Json eval_list(const std::vector<EvalRow>& rows) {
  Json out = Json::array();
  for (const auto& e : rows) out.push_back(eval_json(e));
  return out;
}

Json get_evals_by_agent_name(LibSQLStore& store, const Args& args) {
  args.at_most(2);
  const Json& name = args.required(0, "agentName", "a string");
  std::optional<EvalType> type;
  if (const Json* t = args.at(1)) type = parse_eval_type(*t, args.path("type"));
  return eval_list(store.get_evals_by_agent_name(as_string(name, args.path("agentName")), type));
}

Json get_evals(LibSQLStore& store, const Args& args) {
  args.at_most(1);
  auto a = args.opt_obj(0, "options");
  EvalsQuery q;
  q.agentName = a.opt_str("agentName");
  if (const Json* t = a.get("type")) q.type = parse_eval_type(*t, a.field("type"));
  q.page = a.opt_int("page").value_or(0);
  q.perPage = a.opt_int("perPage").value_or(100);
  if (auto range = a.opt_obj("dateRange")) {
    q.dateRange.start = range->opt_date("start");
    q.dateRange.end = range->opt_date("end");
    range->finish();
  }
  a.finish();
  const auto page = store.get_evals(q);
  return {{"evals", eval_list(page.evals)},
          {"total", page.total},
          {"page", page.page},
          {"perPage", page.perPage},
          {"hasMore", page.hasMore}};
}

}  // namespace

void add_evals(Registry& r) {
  r.add("getEvalsByAgentName", &get_evals_by_agent_name, "(agentName, type?: \"test\"|\"live\")");
  r.add("getEvals", &get_evals,
        "({agentName?, type?, page?, perPage?, dateRange?: {start?, end?}}?)");
}

}  // namespace libsqlstore::json_api::detail
