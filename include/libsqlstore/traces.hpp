// libsqlstore: the traces domain: OpenTelemetry spans (`mastra_traces`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "libsqlstore/json.hpp"
#include "libsqlstore/types.hpp"

namespace libsqlstore {

/// One span as read back. JSON columns that are NULL or unreadable read as {} (as the reference).
struct Trace {
  std::string id;
  std::optional<std::string> parentSpanId;
  std::string traceId;
  std::string name;
  std::string scope;
  std::int64_t kind = 0;
  Json status;
  Json events;
  Json links;
  Json attributes;
  std::int64_t startTime = 0;
  std::int64_t endTime = 0;
  Json other;
  /// Stored text of createdAt (the reference returns it as a string).
  std::string createdAt;

  friend bool operator==(const Trace&, const Trace&) = default;
};

/// Filters of get_traces_paginated(). `attributes` match JSON attribute values for equality,
/// `filters` match columns for equality.
struct TracesQuery {
  std::optional<std::string> name;  ///< prefix match
  std::optional<std::string> scope;
  std::int64_t page = 0;
  std::int64_t perPage = 100;
  std::vector<std::pair<std::string, Json>> attributes;
  std::vector<std::pair<std::string, Json>> filters;
  DateRange dateRange;
};

struct TracePage {
  std::vector<Trace> traces;
  std::int64_t total = 0;
  std::int64_t page = 0;
  std::int64_t perPage = 0;
  bool hasMore = false;
};

}  // namespace libsqlstore
