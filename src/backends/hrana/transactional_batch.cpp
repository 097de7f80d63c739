#include "backends/hrana/transactional_batch.hpp"

namespace libsqlstore::hrana {

const core::Statement kBeginImmediate{"BEGIN IMMEDIATE"};
const core::Statement kBeginDeferred{"BEGIN"};
const core::Statement kRollback{"ROLLBACK"};

namespace {
const core::Statement kCommit{"COMMIT"};
}  // namespace

TransactionalBatch make_transactional_batch(std::span<const core::Statement> stmts,
                                            const core::Statement* begin, bool commit) {
  TransactionalBatch t;
  std::optional<std::size_t> prev;
  if (begin) prev = t.begin = t.builder.add(*begin, nullptr, false);
  t.first_stmt = t.builder.size();
  t.stmt_count = stmts.size();
  for (const auto& s : stmts) prev = t.builder.add(s, prev ? cond_ok(*prev) : Json(nullptr));
  if (commit) {
    t.commit = t.builder.add(kCommit, prev ? cond_ok(*prev) : Json(nullptr), false);
    t.rollback = t.builder.add(kRollback, cond_not(cond_ok(*t.commit)), false);
  }
  return t;
}

std::vector<core::ResultSet> transactional_batch_results(const StreamResult& result,
                                                         const TransactionalBatch& t, Effect effect,
                                                         long http_status,
                                                         const ErrorContext& ctx) {
  if (!result.ok) throw_server_error(result.error, http_status, ctx);
  BatchResult steps;
  try {
    const auto it = result.response.find("result");
    if (it == result.response.end()) throw ProtocolViolation("a batch response has no result");
    steps = decode_batch_result(*it, t.builder.size());
  } catch (const ProtocolViolation& v) {
    throw_protocol_error(v, http_status, effect, ctx);
  }
  for (std::size_t i = 0; i < t.builder.size(); ++i) {
    if (t.rollback && i == *t.rollback) continue;
    if (steps.errors[i]) throw_server_error(*steps.errors[i], http_status, ctx);
  }
  std::vector<core::ResultSet> out;
  out.reserve(t.stmt_count);
  for (std::size_t i = t.first_stmt; i < t.first_stmt + t.stmt_count; ++i) {
    if (!steps.results[i]) {
      throw_protocol_error(ProtocolViolation("a batch step was skipped without an error"),
                           http_status, effect, ctx);
    }
    out.push_back(std::move(*steps.results[i]));
  }
  if (t.commit && !steps.results[*t.commit])
    throw_protocol_error(ProtocolViolation("COMMIT did not run"), http_status, effect, ctx);
  return out;
}

}  // namespace libsqlstore::hrana
