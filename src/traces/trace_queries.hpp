// The SQL of the trace listing, exposed so tests can check its query plan.
#pragma once

#include <string>

#include "libsqlstore/traces.hpp"

#include "core/value.hpp"

namespace libsqlstore::traces {

/// The columns the listing selects, in the order decode_trace() expects.
inline constexpr const char* kTraceColumns =
    "id, parentSpanId, traceId, name, scope, kind, status, events, links, attributes, startTime, "
    "endTime, other, createdAt";

/// `prefix` with LIKE's wildcards (and the escape character) escaped for `LIKE ? ESCAPE '\'`.
std::string escape_like(const std::string& prefix);

/// The true COUNT and one page (by startTime, newest first) of the traces matching `query`.
/// Validates every attribute key ("attribute key") and filter key ("filter key": an identifier
/// naming a column of mastra_traces) and the paging (>= 0): InvalidArgumentError otherwise.
/// Attribute paths and values are bound parameters; no caller text reaches the SQL unchecked.
struct TraceListing {
  core::Statement count;
  core::Statement select;
  std::int64_t offset = 0;
};

TraceListing trace_listing(const TracesQuery& query);

}  // namespace libsqlstore::traces
