// libsqlstore: the traces domain: OpenTelemetry spans (`mastra_traces`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "libsqlstore/export.hpp"
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
  Timestamp createdAt{};

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

class OperationsStore;

/// OpenTelemetry spans (`mastra_traces`), as the reference's `stores.traces`. Obtained from
/// LibSQLStore::traces(); thread-safety and errors as the store's.
class LIBSQLSTORE_EXPORT TracesStore {
 public:
  /// Internal: a store hands out its own instance (LibSQLStore::traces()). Spans are written
  /// with the generic batch insert, as the reference writes them.
  TracesStore(detail::StoreContext& context, OperationsStore& operations) noexcept
      : context_(&context), operations_(&operations) {}

  /// Inserts span rows (JSON objects keyed by column) in one transaction: all or nothing. Every
  /// value must read back (schema/codec rules, docs/compatibility.md): InvalidArgumentError
  /// naming the record and column otherwise, before anything is written.
  void batch_trace_insert(const std::vector<Json>& records);
  /// The traces of one page (deprecated in the reference; kept for parity).
  std::vector<Trace> get_traces(const TracesQuery& query);
  TracePage get_traces_paginated(const TracesQuery& query);

 private:
  detail::StoreContext* context_;
  OperationsStore* operations_;
};

}  // namespace libsqlstore
