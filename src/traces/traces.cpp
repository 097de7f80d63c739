// Placeholder: implemented by the issue that owns this domain. Every method fails loudly.
#include "core/store_impl.hpp"

namespace libsqlstore {

namespace {
[[noreturn]] void not_yet(const char* id) {
  throw Error(id, ErrorCategory::System, "not implemented yet");
}
}  // namespace

void LibSQLStore::batch_trace_insert(const std::vector<Json>&) {
  not_yet("LIBSQL_STORE_BATCH_INSERT_FAILED");
}
std::vector<Trace> LibSQLStore::get_traces(const TracesQuery&) {
  not_yet("LIBSQL_STORE_GET_TRACES_FAILED");
}
TracePage LibSQLStore::get_traces_paginated(const TracesQuery&) {
  not_yet("LIBSQL_STORE_GET_TRACES_PAGINATED_FAILED");
}

}  // namespace libsqlstore
