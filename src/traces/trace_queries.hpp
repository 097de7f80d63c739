// The SQL of the trace listing, exposed so tests can check its query plan.
#pragma once

#include <string>

#include "libsqlstore/traces.hpp"

#include "core/listing.hpp"

namespace libsqlstore::traces {

/// `prefix` with LIKE's wildcards (and the escape character) escaped for `LIKE ? ESCAPE '\'`.
std::string escape_like(const std::string& prefix);

/// The traces matching `query`, by startTime, newest first. Validates every attribute key
/// ("attribute key") and filter key ("filter key": an identifier naming a column of
/// mastra_traces): InvalidArgumentError otherwise. Attribute paths and values are bound
/// parameters; no caller text reaches the SQL unchecked.
core::Listing trace_listing(const TracesQuery& query);

}  // namespace libsqlstore::traces
