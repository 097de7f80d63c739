// libsqlstore: legacy evals (`mastra_evals`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/json.hpp"
#include "libsqlstore/types.hpp"

namespace libsqlstore {

/// One eval result. `createdAt` is the stored `created_at` text.
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
  std::string createdAt;

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

}  // namespace libsqlstore
