// JSON interface: OpenTelemetry traces.
#include "jsonapi/domains.hpp"
#include "schema/tables.hpp"

namespace libsqlstore::json_api::detail {

namespace {

/// The getTracesPaginated row shape (the reference's key order, not the table's).
Json trace_json(const Trace& t) {
  static const std::vector<std::string_view> kKeys = {
      "id",     "parentSpanId", "traceId",    "name",      "scope",   "kind",  "status",
      "events", "links",        "attributes", "startTime", "endTime", "other", "createdAt"};
  return schema::traces().to_json(t, kKeys);
}

Json trace_list(const std::vector<Trace>& traces) { return json_list(traces, trace_json); }

std::vector<std::pair<std::string, Json>> parse_pairs(Obj& a, std::string_view key) {
  std::vector<std::pair<std::string, Json>> out;
  if (auto o = a.opt_obj(key)) {
    for (const auto& [k, v] : o->json().items()) out.emplace_back(k, v);
  }
  return out;
}

/// The filters both trace readers share.
TracesQuery parse_traces_query(Obj& a) {
  TracesQuery q;
  q.name = a.opt_str("name");
  q.scope = a.opt_str("scope");
  q.page = a.opt_int("page").value_or(0);
  q.perPage = a.opt_int("perPage").value_or(100);
  q.attributes = parse_pairs(a, "attributes");
  q.filters = parse_pairs(a, "filters");
  return q;
}

Json batch_trace_insert(LibSQLStore& store, Obj& a) {
  const auto rows = a.objects("records");
  a.finish();
  store.batch_trace_insert(rows);
  return nullptr;
}

Json get_traces(LibSQLStore& store, Obj& a) {
  auto q = parse_traces_query(a);
  q.dateRange.start = a.opt_date("fromDate");
  q.dateRange.end = a.opt_date("toDate");
  a.finish();
  return trace_list(store.get_traces(q));
}

Json get_traces_paginated(LibSQLStore& store, Obj& a) {
  auto q = parse_traces_query(a);
  q.dateRange = a.opt_date_range("dateRange");
  a.finish();
  const auto page = store.get_traces_paginated(q);
  return page_answer("traces", trace_list(page.traces), page);
}

}  // namespace

void add_traces(Registry& r) {
  r.add("batchTraceInsert", &batch_trace_insert, "({records})");
  r.add("getTraces", &get_traces,
        "({name?, scope?, page?, perPage?, attributes?, filters?, fromDate?, toDate?}?)",
        Argument::Optional);
  r.add("getTracesPaginated", &get_traces_paginated,
        "({name?, scope?, page?, perPage?, attributes?, filters?, dateRange?}?)",
        Argument::Optional);
}

}  // namespace libsqlstore::json_api::detail
