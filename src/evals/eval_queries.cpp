#include "evals/eval_queries.hpp"

#include "core/row_codec.hpp"

namespace libsqlstore::evals {

namespace {
constexpr const char* kTestPath =
    "json_extract(CASE WHEN json_valid(test_info) THEN test_info END, '$.testPath')";
}  // namespace

std::string type_condition(EvalType type) {
  if (type == EvalType::Test) {
    return std::string("(test_info IS NOT NULL AND ") + kTestPath + " IS NOT NULL)";
  }
  return std::string("(test_info IS NULL OR ") + kTestPath + " IS NULL)";
}

core::Statement by_agent(const std::string& agentName, std::optional<EvalType> type) {
  core::Statement stmt{
      std::string("SELECT ") + kEvalColumns + " FROM mastra_evals WHERE agent_name = ?",
      {agentName}};
  if (type) stmt.sql += " AND " + type_condition(*type);
  stmt.sql += " ORDER BY created_at DESC, rowid DESC";
  return stmt;
}

EvalListing listing(const EvalsQuery& query) {
  std::string where;
  std::vector<core::Value> args;
  auto clause = [&](const std::string& condition) {
    where += where.empty() ? " WHERE " : " AND ";
    where += condition;
  };
  if (query.agentName) {
    clause("agent_name = ?");
    args.emplace_back(*query.agentName);
  }
  if (query.type) clause(type_condition(*query.type));
  if (query.dateRange.start) {
    clause("created_at >= ?");
    args.push_back(core::encode_timestamp_bound(*query.dateRange.start));
  }
  if (query.dateRange.end) {
    clause("created_at <= ?");
    args.push_back(core::encode_timestamp_bound(*query.dateRange.end));
  }
  EvalListing out;
  out.count = {"SELECT COUNT(*) FROM mastra_evals" + where, args};
  out.select = {std::string("SELECT ") + kEvalColumns + " FROM mastra_evals" + where +
                    " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
                std::move(args)};
  out.select.args.emplace_back(query.perPage);
  out.select.args.emplace_back(query.page * query.perPage);
  return out;
}

}  // namespace libsqlstore::evals
