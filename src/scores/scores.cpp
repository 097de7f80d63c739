// Placeholder: implemented by the issue that owns this domain. Every method fails loudly.
#include "core/store_impl.hpp"

namespace libsqlstore {

namespace {
[[noreturn]] void not_yet(const char* id) {
  throw Error(id, ErrorCategory::System, "not implemented yet");
}
}  // namespace

Score LibSQLStore::save_score(const ScoreInput&) { not_yet("LIBSQL_STORE_SAVE_SCORE_FAILED"); }
std::optional<Score> LibSQLStore::get_score_by_id(const std::string&) {
  not_yet("LIBSQL_STORE_GET_SCORE_BY_ID_FAILED");
}
ScorePage LibSQLStore::get_scores_by_scorer_id(const ScoresByScorerQuery&) {
  not_yet("LIBSQL_STORE_GET_SCORES_BY_SCORER_ID_FAILED");
}
ScorePage LibSQLStore::get_scores_by_run_id(const ScoresByRunQuery&) {
  not_yet("LIBSQL_STORE_GET_SCORES_BY_RUN_ID_FAILED");
}
ScorePage LibSQLStore::get_scores_by_entity_id(const ScoresByEntityQuery&) {
  not_yet("LIBSQL_STORE_GET_SCORES_BY_ENTITY_ID_FAILED");
}

}  // namespace libsqlstore
