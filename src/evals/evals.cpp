// Placeholder: implemented by the issue that owns this domain. Every method fails loudly.
#include "core/store_impl.hpp"

namespace libsqlstore {

namespace {
[[noreturn]] void not_yet(const char* id) {
  throw Error(id, ErrorCategory::System, "not implemented yet");
}
}  // namespace

std::vector<EvalRow> LibSQLStore::get_evals_by_agent_name(const std::string&,
                                                          std::optional<EvalType>) {
  not_yet("LIBSQL_STORE_GET_EVALS_BY_AGENT_NAME_FAILED");
}
EvalPage LibSQLStore::get_evals(const EvalsQuery&) { not_yet("LIBSQL_STORE_GET_EVALS_FAILED"); }

}  // namespace libsqlstore
