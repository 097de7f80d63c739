// The layout of a transactional Hrana batch and the reading of its outcome:
//   BEGIN ...;  s1 (if BEGIN ok);  s2 (if s1 ok);  ...;  COMMIT (if sn ok);  ROLLBACK (if not
//   COMMIT ok)
// Any part may be left out: a single read has no BEGIN/COMMIT, the first request of an
// interactive transaction has BEGIN but no COMMIT, its last request COMMIT but no BEGIN.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "backends/hrana/error_map.hpp"
#include "backends/hrana/protocol.hpp"
#include "core/value.hpp"

namespace libsqlstore::hrana {

extern const core::Statement kBeginImmediate;  ///< write transactions: take the lock up front
extern const core::Statement kBeginDeferred;   ///< read snapshots
extern const core::Statement kRollback;

struct TransactionalBatch {
  BatchBuilder builder;
  std::optional<std::size_t> begin;
  std::size_t first_stmt = 0;
  std::size_t stmt_count = 0;
  std::optional<std::size_t> commit;
  std::optional<std::size_t> rollback;
};

/// `stmts` chained on each other, after `begin` when given, followed by COMMIT and ROLLBACK
/// when `commit` is set.
TransactionalBatch make_transactional_batch(std::span<const core::Statement> stmts,
                                            const core::Statement* begin, bool commit);

/// The ResultSets of the batch's statements, or the typed error of its first failed step (the
/// later steps were skipped and ROLLBACK ran). `result` is the batch request's entry in the
/// pipeline response.
std::vector<core::ResultSet> transactional_batch_results(const StreamResult& result,
                                                         const TransactionalBatch& batch,
                                                         Effect effect, long http_status,
                                                         const ErrorContext& ctx);

}  // namespace libsqlstore::hrana
