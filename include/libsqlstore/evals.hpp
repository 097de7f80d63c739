// libsqlstore: legacy evals (`mastra_evals`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/export.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/types.hpp"

namespace libsqlstore {

/// One eval result. `createdAt` is the `created_at` column.
struct EvalRow {
  std::string input;
  std::string output;
  Json result;
  std::string agentName;
  std::string metricName;
  std::string instructions;
  /// The stored test_info: nullopt for SQL NULL (the reference leaves `testInfo` out), a JSON null
  /// for the text 'null' the reference writes for a JavaScript null.
  std::optional<Json> testInfo;
  std::string globalRunId;
  std::string runId;
  Timestamp createdAt{};

  friend bool operator==(const EvalRow&, const EvalRow&) = default;
};

/// "test" evals have test_info.testPath; "live" ones do not.
enum class EvalType { Test, Live };

struct EvalsQuery {
  std::optional<std::string> agentName;
  std::optional<EvalType> type;
  std::int64_t page = 0;
  std::int64_t perPage = 100;
  DateRange dateRange;
};

struct EvalPage {
  std::vector<EvalRow> evals;
  std::int64_t total = 0;
  std::int64_t page = 0;
  std::int64_t perPage = 0;
  bool hasMore = false;
};

/// Legacy evals (`mastra_evals`), as the reference's `stores.legacyEvals`. Rows are written with
/// the generic insert. Obtained from LibSQLStore::legacy_evals(); thread-safety and errors as the
/// store's.
class LIBSQLSTORE_EXPORT EvalsStore {
 public:
  /// Internal: a store hands out its own instance (LibSQLStore::legacy_evals()).
  explicit EvalsStore(detail::StoreContext& context) noexcept : context_(&context) {}

  std::vector<EvalRow> get_evals_by_agent_name(const std::string& agentName,
                                               std::optional<EvalType> type = std::nullopt);
  EvalPage get_evals(const EvalsQuery& query = {});

 private:
  detail::StoreContext* context_;
};

}  // namespace libsqlstore
