// Traces: OpenTelemetry spans (differences from the reference: docs/compatibility.md, "Traces").
#include "core/listing.hpp"
#include "schema/tables.hpp"
#include "store/store_context.hpp"
#include "traces/trace_queries.hpp"

namespace libsqlstore {

void TracesStore::batch_trace_insert(const std::vector<Json>& records) {
  // As the reference: the generic batch insert (same id, LIBSQL_STORE_BATCH_INSERT_FAILED, and
  // details {tableName}), whose column codecs refuse a span that could not be listed again.
  operations_->batch_insert(schema::traces().name(), records);
}

std::vector<Trace> TracesStore::get_traces(const TracesQuery& query) {
  return context_->call("LIBSQL_STORE_GET_TRACES_FAILED", Json::object(),
                        [&] { return get_traces_paginated(query).traces; });
}

TracePage TracesStore::get_traces_paginated(const TracesQuery& query) {
  Json details = Json::object();
  if (query.name) details["name"] = *query.name;
  if (query.scope) details["scope"] = *query.scope;
  return context_->call("LIBSQL_STORE_GET_TRACES_PAGINATED_FAILED", details, [&] {
    core::validate_paging(query.page, query.perPage);
    const auto listing = traces::trace_listing(query);
    auto page =
        core::read_page(context_->db(), listing, {.page = query.page, .perPage = query.perPage},
                        core::HasMore::RowsShown,
                        [](core::ResultSet& rs) { return schema::traces().decode_all(rs); });
    return TracePage{std::move(page.rows), page.total, query.page, query.perPage, page.hasMore};
  });
}

}  // namespace libsqlstore
