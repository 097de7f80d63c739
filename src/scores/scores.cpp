// Scores: results of Mastra scorers (docs/compatibility.md, "Scores").
#include <cmath>
#include <limits>

#include "core/guard.hpp"
#include "core/paging.hpp"
#include "core/row_codec.hpp"
#include "core/store_impl.hpp"
#include "core/uuid.hpp"
#include "scores/score_queries.hpp"

namespace libsqlstore {

namespace {

constexpr const char* kTable = "mastra_scorers";

[[noreturn]] void invalid(const std::string& message) {
  throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User, message);
}

void require_non_empty(const std::string& value, const char* what) {
  if (value.empty()) invalid(std::string(what) + " must be a non-empty string");
}

void require_paging(const PageRequest& p) { core::validate_paging(p.page, p.perPage); }

// The reference writes scores through its generic insert, which stores a JavaScript string raw in
// a JSON column; such text reads back as that string (the reference itself turns it into {}).
Json decode_json_column(const core::Value& v, const core::CellRef& where) {
  return core::decode_json_or_text(v, where);
}

// scorer, input and output are NOT NULL; should one hold NULL anyway it reads as {}, as the
// reference's safelyParseJSON(row.x ?? "{}").
Json decode_required_json(const core::Value& v, const core::CellRef& where) {
  if (core::is_null(v)) return Json::object();
  return decode_json_column(v, where);
}

Score decode_score(const core::Row& row) {
  Score s;
  s.id = core::decode_required_text(row[0], {kTable, "id", ""});
  auto cell = [&](const char* column) { return core::CellRef{kTable, column, s.id}; };
  s.scorerId = core::decode_required_text(row[1], cell("scorerId"));
  s.traceId = core::decode_text(row[2]);
  s.runId = core::decode_required_text(row[3], cell("runId"));
  s.scorer = decode_required_json(row[4], cell("scorer"));
  s.preprocessStepResult = decode_json_column(row[5], cell("preprocessStepResult"));
  s.extractStepResult = decode_json_column(row[6], cell("extractStepResult"));
  s.analyzeStepResult = decode_json_column(row[7], cell("analyzeStepResult"));
  if (auto score = core::to_double(row[8])) {
    s.score = *score;
  } else {
    throw DataError("LIBSQL_STORE_CORRUPT_ROW", ErrorCategory::System,
                    "Stored value of mastra_scorers.score for row \"" + s.id + "\" is not a number",
                    {{"table", kTable}, {"column", "score"}, {"rowId", s.id}});
  }
  s.reason = core::decode_text(row[9]);
  s.metadata = decode_json_column(row[10], cell("metadata"));
  s.preprocessPrompt = core::decode_text(row[11]);
  s.extractPrompt = core::decode_text(row[12]);
  s.generateScorePrompt = core::decode_text(row[13]);
  s.generateReasonPrompt = core::decode_text(row[14]);
  s.analyzePrompt = core::decode_text(row[15]);
  s.reasonPrompt = core::decode_text(row[16]);
  s.input = decode_required_json(row[17], cell("input"));
  s.output = decode_required_json(row[18], cell("output"));
  s.additionalContext = decode_json_column(row[19], cell("additionalContext"));
  s.runtimeContext = decode_json_column(row[20], cell("runtimeContext"));
  s.entityType = core::decode_text(row[21]);
  s.entity = decode_json_column(row[22], cell("entity"));
  s.entityId = core::decode_text(row[23]);
  s.source = core::decode_required_text(row[24], cell("source"));
  s.resourceId = core::decode_text(row[25]);
  s.threadId = core::decode_text(row[26]);
  s.createdAt = core::decode_timestamp(row[27], cell("createdAt"));
  s.updatedAt = core::decode_timestamp(row[28], cell("updatedAt"));
  return s;
}

void validate(const Score& s) {
  require_non_empty(s.scorerId, "scorerId");
  require_non_empty(s.runId, "runId");
  require_non_empty(s.source, "source");
  if (s.scorer.is_null()) invalid("scorer is required");
  if (s.input.is_null()) invalid("input is required");
  if (s.output.is_null()) invalid("output is required");
  if (!std::isfinite(s.score)) invalid("score must be a finite number");
}

core::Statement insert_score(const std::string& id, const Score& s, Timestamp createdAt,
                             Timestamp updatedAt) {
  return {
      std::string("INSERT INTO mastra_scorers (") + scores::kScoreColumns +
          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?)",
      {id,
       s.scorerId,
       core::encode_optional_text(s.traceId),
       s.runId,
       core::encode_json(s.scorer),
       core::encode_json(s.preprocessStepResult),
       core::encode_json(s.extractStepResult),
       core::encode_json(s.analyzeStepResult),
       s.score,
       core::encode_optional_text(s.reason),
       core::encode_json(s.metadata),
       core::encode_optional_text(s.preprocessPrompt),
       core::encode_optional_text(s.extractPrompt),
       core::encode_optional_text(s.generateScorePrompt),
       core::encode_optional_text(s.generateReasonPrompt),
       core::encode_optional_text(s.analyzePrompt),
       core::encode_optional_text(s.reasonPrompt),
       core::encode_json(s.input),
       core::encode_json(s.output),
       core::encode_json(s.additionalContext),
       core::encode_json(s.runtimeContext),
       core::encode_optional_text(s.entityType),
       core::encode_json(s.entity),
       core::encode_optional_text(s.entityId),
       s.source,
       core::encode_optional_text(s.resourceId),
       core::encode_optional_text(s.threadId),
       core::encode_timestamp(createdAt),
       core::encode_timestamp(updatedAt)}};
}

ScorePage run_listing(core::Db& db, const scores::ScoreListing& listing, const PageRequest& p) {
  const core::Statement stmts[] = {listing.count, listing.select};
  const auto rs = db.read(stmts);
  ScorePage page;
  page.pagination.total = core::to_int(rs[0].rows.at(0).at(0)).value_or(0);
  page.pagination.page = p.page;
  page.pagination.perPage = p.perPage;
  // (page + 1) * perPage < total: a full page is assumed (docs/compatibility.md, "Scores").
  page.pagination.hasMore =
      core::has_more(p.page * p.perPage, p.perPage, page.pagination.total, p.perPage);
  page.scores.reserve(rs[1].rows.size());
  for (const auto& row : rs[1].rows) page.scores.push_back(decode_score(row));
  return page;
}

}  // namespace

Score LibSQLStore::save_score(const ScoreInput& input) {
  const auto& s = input.score;
  return core::guarded(
      "LIBSQL_STORE_SAVE_SCORE_FAILED", {{"scorerId", s.scorerId}, {"runId", s.runId}}, [&] {
        validate(s);
        impl_->ensure_ready();
        const auto id = core::uuid_v4();
        const auto stamp = now();
        const core::Statement stmts[] = {
            insert_score(id, s, input.createdAt.value_or(stamp), input.updatedAt.value_or(stamp)),
            {std::string("SELECT ") + scores::kScoreColumns + " FROM mastra_scorers WHERE id = ?",
             {id}},
        };
        // Written and read back in one transaction: the result is the row as
        // stored.
        const auto rs = impl_->db->write(stmts);
        return decode_score(rs[1].rows.at(0));
      });
}

std::optional<Score> LibSQLStore::get_score_by_id(const std::string& id) {
  return core::guarded(
      "LIBSQL_STORE_GET_SCORE_BY_ID_FAILED", {{"id", id}}, [&]() -> std::optional<Score> {
        require_non_empty(id, "id");
        impl_->ensure_ready();
        const auto rs = impl_->db->read(
            {std::string("SELECT ") + scores::kScoreColumns + " FROM mastra_scorers WHERE id = ?",
             {id}});
        if (rs.rows.empty()) return std::nullopt;
        return decode_score(rs.rows.front());
      });
}

ScorePage LibSQLStore::get_scores_by_scorer_id(const ScoresByScorerQuery& query) {
  return core::guarded("LIBSQL_STORE_GET_SCORES_BY_SCORER_ID_FAILED",
                       {{"scorerId", query.scorerId}}, [&] {
                         require_non_empty(query.scorerId, "scorerId");
                         require_paging(query.pagination);
                         impl_->ensure_ready();
                         return run_listing(*impl_->db, scores::by_scorer(query), query.pagination);
                       });
}

ScorePage LibSQLStore::get_scores_by_run_id(const ScoresByRunQuery& query) {
  return core::guarded("LIBSQL_STORE_GET_SCORES_BY_RUN_ID_FAILED", {{"runId", query.runId}}, [&] {
    require_non_empty(query.runId, "runId");
    require_paging(query.pagination);
    impl_->ensure_ready();
    return run_listing(*impl_->db, scores::by_run(query), query.pagination);
  });
}

ScorePage LibSQLStore::get_scores_by_entity_id(const ScoresByEntityQuery& query) {
  return core::guarded("LIBSQL_STORE_GET_SCORES_BY_ENTITY_ID_FAILED",
                       {{"entityId", query.entityId}, {"entityType", query.entityType}}, [&] {
                         require_non_empty(query.entityId, "entityId");
                         require_non_empty(query.entityType, "entityType");
                         require_paging(query.pagination);
                         impl_->ensure_ready();
                         return run_listing(*impl_->db, scores::by_entity(query), query.pagination);
                       });
}

}  // namespace libsqlstore
