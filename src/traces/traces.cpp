// Traces: OpenTelemetry spans (differences from the reference: docs/compatibility.md, "Traces").
#include <algorithm>
#include <cmath>

#include "core/guard.hpp"
#include "core/json_text.hpp"
#include "core/paging.hpp"
#include "core/row_codec.hpp"
#include "core/store_impl.hpp"
#include "operations/record_sql.hpp"
#include "schema/tables.hpp"
#include "traces/trace_queries.hpp"

namespace libsqlstore {

namespace {

constexpr const char* kTable = "mastra_traces";

[[noreturn]] void corrupt(const char* column, const std::string& id, const char* problem) {
  throw DataError(
      "LIBSQL_STORE_CORRUPT_ROW", ErrorCategory::System,
      std::string("Stored value of mastra_traces.") + column + " for row \"" + id + "\" " + problem,
      {{"table", kTable}, {"column", column}, {"rowId", id}});
}

std::int64_t decode_int(const core::Value& v, const char* column, const std::string& id) {
  if (const auto* d = std::get_if<double>(&v)) {
    // A REAL outside [-2^63, 2^63) has no int64 value (the cast would be undefined behaviour).
    if (std::isfinite(*d) && *d >= -0x1p63 && *d < 0x1p63) return static_cast<std::int64_t>(*d);
    corrupt(column, id, "is out of the range of a 64-bit integer");
  }
  if (auto i = core::to_int(v)) return *i;
  corrupt(column, id, "is not a number");
}

// The reference's safelyParseJSON: text is parsed (unparseable text -> {}), SQL NULL and
// anything that is not text -> {}.
Json safely_parse(const core::Value& v) {
  if (const auto* s = core::text_ptr(v)) {
    if (auto parsed = core::try_parse_json(*s)) return std::move(*parsed);
  }
  return Json::object();
}

Trace decode_trace(const core::Row& row) {
  Trace t;
  t.id = core::decode_required_text(row[0], {kTable, "id", ""});
  auto cell = [&](const char* column) { return core::CellRef{kTable, column, t.id}; };
  t.parentSpanId = core::decode_text(row[1]);
  // The reference stores a JS null parentSpanId as the text 'null'.
  if (t.parentSpanId == "null") t.parentSpanId.reset();
  t.traceId = core::decode_required_text(row[2], cell("traceId"));
  t.name = core::decode_required_text(row[3], cell("name"));
  t.scope = core::decode_required_text(row[4], cell("scope"));
  t.kind = decode_int(row[5], "kind", t.id);
  t.status = safely_parse(row[6]);
  t.events = safely_parse(row[7]);
  t.links = safely_parse(row[8]);
  t.attributes = safely_parse(row[9]);
  t.startTime = decode_int(row[10], "startTime", t.id);
  t.endTime = decode_int(row[11], "endTime", t.id);
  t.other = safely_parse(row[12]);
  t.createdAt = core::decode_required_text(row[13], cell("createdAt"));
  return t;
}

}  // namespace

void LibSQLStore::batch_trace_insert(const std::vector<Json>& records) {
  core::guarded("LIBSQL_STORE_BATCH_INSERT_FAILED", {{"tableName", kTable}}, [&] {
    // Every record is checked against the columns' codecs (schema/codec.hpp) before anything is
    // written: a span that could not be listed again is refused.
    auto stmts = operations::insert_statements(kTable, records);
    if (stmts.empty()) return;
    impl_->ensure_ready();
    impl_->db->write(stmts);
  });
}

std::vector<Trace> LibSQLStore::get_traces(const TracesQuery& query) {
  return core::guarded("LIBSQL_STORE_GET_TRACES_FAILED", Json::object(),
                       [&] { return get_traces_paginated(query).traces; });
}

TracePage LibSQLStore::get_traces_paginated(const TracesQuery& query) {
  Json details = Json::object();
  if (query.name) details["name"] = *query.name;
  if (query.scope) details["scope"] = *query.scope;
  return core::guarded("LIBSQL_STORE_GET_TRACES_PAGINATED_FAILED", details, [&] {
    const auto listing = traces::trace_listing(query);
    impl_->ensure_ready();
    const core::Statement stmts[] = {listing.count, listing.select};
    const auto rs = impl_->db->read(stmts);
    TracePage page;
    page.total = core::to_int(rs[0].rows.at(0).at(0)).value_or(0);
    page.page = query.page;
    page.perPage = query.perPage;
    page.traces.reserve(rs[1].rows.size());
    for (const auto& row : rs[1].rows) page.traces.push_back(decode_trace(row));
    page.hasMore = core::has_more(listing.offset, static_cast<std::int64_t>(page.traces.size()),
                                  page.total, query.perPage);
    return page;
  });
}

}  // namespace libsqlstore
