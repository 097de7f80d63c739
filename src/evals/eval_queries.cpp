#include "evals/eval_queries.hpp"

#include "core/row_codec.hpp"
#include "schema/tables.hpp"

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

core::Listing listing(const EvalsQuery& query) {
  const auto& spec = schema::evals();
  core::Listing out(spec.name(), spec.select_list());
  if (query.agentName) out.where("agent_name = ?", *query.agentName);
  if (query.type) out.where(type_condition(*query.type));
  if (query.dateRange.start) {
    out.where("created_at >= ?", core::encode_timestamp_bound(*query.dateRange.start));
  }
  if (query.dateRange.end) {
    out.where("created_at <= ?", core::encode_timestamp_bound(*query.dateRange.end));
  }
  out.order_by(" ORDER BY created_at DESC, rowid DESC");
  return out;
}

}  // namespace libsqlstore::evals
