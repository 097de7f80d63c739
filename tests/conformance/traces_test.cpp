// Traces on every backend (docs/compatibility.md, "Traces").
#include "matchers.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

class TracesTest : public StoreTest {
 protected:
  static Json span(const std::string& id, const std::string& name, std::int64_t start,
                   std::int64_t created = 0) {
    return Json{{"id", id},
                {"parentSpanId", nullptr},
                {"name", name},
                {"traceId", "trace-" + id},
                {"scope", "scope-a"},
                {"kind", 1},
                {"attributes", Json{{"http_status", 200}, {"route", "/x"}, {"ok", true}}},
                {"status", Json{{"code", 0}}},
                {"events", Json::array()},
                {"links", Json::array()},
                {"other", nullptr},
                {"startTime", start},
                {"endTime", start + 10},
                {"createdAt", to_iso8601(ts(created))}};
  }

  std::int64_t count() { return store().get_traces_paginated({.perPage = 0}).total; }

  static std::string ids(const TracePage& page) {
    std::string out;
    for (const auto& t : page.traces) out += t.id;
    return out;
  }
};

TEST_P(TracesTest, StartTimeBeyondInt64IsADataErrorNotGarbage) {
  // 1e19 has no INTEGER form. Written by another program it is a REAL, and converting it to int64
  // is undefined behaviour (read back as INT64_MIN on x86): a DataError. The store itself
  // refuses to write it (issue #9.8).
  Json s = span("big", "agent.run", 0);
  s["startTime"] = 1e19;
  expect_error<InvalidArgumentError>([&] { store().batch_trace_insert({s}); },
                                     "LIBSQL_STORE_BATCH_INSERT_FAILED", "startTime");
  if (GetParam().name != "file") return;
  SqlitePeek(store().database_path())
      .exec(
          "INSERT INTO mastra_traces (id, name, traceId, scope, kind, startTime, endTime, "
          "createdAt) VALUES ('big', 'n', 't', 's', 1, 1e19, 0, '2024-01-01T00:00:00.000Z')");
  EXPECT_THROW(store().get_traces_paginated({}), DataError);
}

// Issue #9.8: a span the listing could not read back is refused before anything is written.
TEST_P(TracesTest, SpansThatCouldNotBeListedAreRefused) {
  const std::vector<std::pair<const char*, Json>> bad = {
      {"kind", "internal"},
      {"kind", 1.5},
      {"startTime", "x"},
      {"startTime", 1e300},
      {"startTime", Json::array()},
      {"endTime", true},
      {"id", 42},
      {"name", Json{{"a", 1}}},
      {"traceId", 7},
      {"scope", Json::array()},
      {"createdAt", "yesterday"},
      {"createdAt", 1700000000000},
      {"createdAt", "+010000-01-01T00:00:00.000Z"},
      {"attributes", "not json"},
      {"parentSpanId", 5},
  };
  for (const auto& [column, value] : bad) {
    SCOPED_TRACE(std::string(column) + " = " + value.dump());
    Json s = span("x", "n", 1);
    s[column] = value;
    expect_error<InvalidArgumentError>(
        [&] {
          store().batch_trace_insert({span("ok", "n", 0), s});
        },
        "LIBSQL_STORE_BATCH_INSERT_FAILED", std::string("mastra_traces.") + column);
  }
  EXPECT_EQ(count(), 0);
  // The JSON columns take an object or an array, or a string holding the JSON text of one (parsed
  // on read). A number would read back as {} (the reference's reading rule).
  for (const Json& scalar : {Json(17), Json(true), Json("17")}) {
    Json s = span("x", "n", 1);
    s["links"] = scalar;
    expect_error<InvalidArgumentError>([&] { store().batch_trace_insert({s}); },
                                       "LIBSQL_STORE_BATCH_INSERT_FAILED", "mastra_traces.links");
  }
  Json s = span("ok", "n", 0);
  s["attributes"] = R"({"a":1})";
  s["links"] = "null";
  s["createdAt"] = "2025-01-01";  // any ISO form; stored as the canonical text
  store().batch_trace_insert({s});
  const Trace t = store().get_traces_paginated({}).traces.at(0);
  EXPECT_EQ(t.attributes, (Json{{"a", 1}}));
  EXPECT_TRUE(t.links.is_null());
  EXPECT_EQ(to_iso8601(t.createdAt), "2025-01-01T00:00:00.000Z");
}

TEST_P(TracesTest, InsertThenReadMapsEveryColumn) {
  Json s = span("a", "agent.run", 1000, 3);
  s["parentSpanId"] = "p";
  s["other"] = Json{{"k", "v"}};
  store().batch_trace_insert({s});
  auto page = store().get_traces_paginated({});
  ASSERT_EQ(page.traces.size(), 1u);
  const Trace& t = page.traces[0];
  EXPECT_EQ(t.id, "a");
  EXPECT_EQ(t.parentSpanId, "p");
  EXPECT_EQ(t.traceId, "trace-a");
  EXPECT_EQ(t.name, "agent.run");
  EXPECT_EQ(t.scope, "scope-a");
  EXPECT_EQ(t.kind, 1);
  EXPECT_EQ(t.attributes.dump(), R"({"http_status":200,"route":"/x","ok":true})");
  EXPECT_EQ(t.status, (Json{{"code", 0}}));
  EXPECT_EQ(t.events, Json::array());
  EXPECT_EQ(t.startTime, 1000);
  EXPECT_EQ(t.endTime, 1010);
  EXPECT_EQ(t.other, (Json{{"k", "v"}}));
  EXPECT_EQ(t.createdAt, ts(3));
  EXPECT_EQ(page.total, 1);
  EXPECT_EQ(page.perPage, 100);
  EXPECT_FALSE(page.hasMore);
}

TEST_P(TracesTest, NullParentAndNullJsonColumnsReadAsTheReferenceDoes) {
  store().batch_trace_insert({span("a", "n", 1)});
  const Trace t = store().get_traces({}).at(0);
  EXPECT_FALSE(t.parentSpanId);
  EXPECT_EQ(t.other, Json::object());  // SQL NULL -> {}
  auto row = store().load("mastra_traces", Json{{"id", "a"}});
  EXPECT_TRUE((*row)["parentSpanId"].is_null());  // SQL NULL, not the text 'null'
}

TEST_P(TracesTest, ReadsRowsWrittenByTheReference) {
  if (GetParam().name != "file") GTEST_SKIP() << "needs direct access to the database file";
  // The reference stores a JS null as the text 'null', every JSON column as text, and whatever
  // else it was given as it is (a plain string, a number).
  SqlitePeek(store().database_path())
      .exec(
          "INSERT INTO mastra_traces (id, parentSpanId, name, traceId, scope, kind, "
          "attributes, status, events, links, other, startTime, endTime, createdAt) VALUES "
          "('r', 'null', 'ref', 'trace-r', 'scope-a', 1, '{\"a\":1}', 'not json', "
          "'[{\"name\":\"e\"}]', 17, 'null', 5, 15, '2024-01-01T00:00:00.000Z')");
  const Trace t = store().get_traces_paginated({}).traces.at(0);
  EXPECT_FALSE(t.parentSpanId);
  EXPECT_TRUE(t.other.is_null());  // 'null' text parses to null, as in the reference
  EXPECT_EQ(t.status, Json::object());
  EXPECT_EQ(t.events, Json::parse(R"([{"name":"e"}])"));
  EXPECT_EQ(t.attributes, (Json{{"a", 1}}));
  EXPECT_EQ(t.links, Json::object());
}

TEST_P(TracesTest, ReadsStartTimesTheReferenceBoundAsReal) {
  if (GetParam().name != "file") GTEST_SKIP() << "needs direct access to the database file";
  SqlitePeek peek(store().database_path());
  peek.exec(
      "INSERT INTO mastra_traces (id, parentSpanId, name, traceId, scope, kind, startTime, "
      "endTime, createdAt) VALUES ('x', 'null', 'n', 't', 's', 2.0, 1700000000000.0, "
      "1700000000005.0, '2024-01-01T00:00:00.000Z')");
  const Trace t = store().get_traces({}).at(0);
  EXPECT_EQ(t.kind, 2);
  EXPECT_EQ(t.startTime, 1700000000000);
  EXPECT_EQ(t.endTime, 1700000000005);
  EXPECT_FALSE(t.parentSpanId);
  EXPECT_EQ(t.status, Json::object());
}

TEST_P(TracesTest, OrdersByStartTimeWithTruePaging) {
  std::vector<Json> spans;
  for (int i = 0; i < 5; ++i) spans.push_back(span(std::to_string(i), "n", 100 + i));
  store().batch_trace_insert(spans);
  auto p0 = store().get_traces_paginated({.page = 0, .perPage = 2});
  EXPECT_EQ(ids(p0), "43");
  EXPECT_EQ(p0.total, 5);
  EXPECT_TRUE(p0.hasMore);
  auto last = store().get_traces_paginated({.page = 2, .perPage = 2});
  EXPECT_EQ(ids(last), "0");
  EXPECT_FALSE(last.hasMore);
  auto beyond = store().get_traces_paginated({.page = 5, .perPage = 2});
  EXPECT_TRUE(beyond.traces.empty());
  EXPECT_EQ(beyond.total, 5);
  EXPECT_FALSE(beyond.hasMore);
  auto big = store().get_traces_paginated({.page = 0, .perPage = 10});
  EXPECT_EQ(ids(big), "43210");
  EXPECT_FALSE(big.hasMore);
  EXPECT_EQ(store().get_traces({.page = 1, .perPage = 3}).size(), 2u);
}

TEST_P(TracesTest, ZeroPerPageHasNoMoreAndFarDatesClamp) {
  store().batch_trace_insert({span("a", "n", 1, 1), span("b", "n", 2, 2)});
  const auto zero = store().get_traces_paginated({.perPage = 0});
  EXPECT_EQ(zero.total, 2);
  EXPECT_FALSE(zero.hasMore);  // issue #9.16
  // Issue #9.1: JavaScript's largest date as "no upper bound".
  const auto js_max = parse_iso8601("+275760-09-13T00:00:00.000Z");
  EXPECT_EQ(store().get_traces_paginated({.dateRange = {.start = ts(0), .end = js_max}}).total, 2);
}

TEST_P(TracesTest, EmptyTableListsNothing) {
  auto page = store().get_traces_paginated({});
  EXPECT_TRUE(page.traces.empty());
  EXPECT_EQ(page.total, 0);
  EXPECT_FALSE(page.hasMore);
  EXPECT_NO_THROW(store().batch_trace_insert({}));
}

TEST_P(TracesTest, FiltersAloneAndCombined) {
  Json a = span("a", "agent.run", 1, 1);
  Json b = span("b", "agent.stream", 2, 2);
  b["scope"] = "scope-b";
  b["attributes"] = Json{{"http_status", 500}, {"route", "/y"}, {"ok", false}, {"nil", nullptr}};
  Json c = span("c", "Agent_x", 3, 3);
  c["kind"] = 2;
  c["attributes"] = Json{{"nested", Json{{"a", 1}}}};
  Json d = span("d", "tool%call", 4, 4);
  store().batch_trace_insert({a, b, c, d});
  EXPECT_EQ(ids(store().get_traces_paginated({.name = "agent."})), "ba");
  EXPECT_EQ(ids(store().get_traces_paginated({.name = "AGENT"})), "cba");  // ASCII case-insensitive
  // LIKE wildcards in the prefix are literal.
  // Unescaped, "agent_" would also match "agent.run" and "agent.stream".
  EXPECT_EQ(ids(store().get_traces_paginated({.name = "agent_"})), "c");
  EXPECT_EQ(ids(store().get_traces_paginated({.name = "tool%"})), "d");
  EXPECT_EQ(ids(store().get_traces_paginated({.name = "%"})), "");
  EXPECT_EQ(ids(store().get_traces_paginated({.scope = "scope-b"})), "b");
  EXPECT_EQ(ids(store().get_traces_paginated({.attributes = {{"http_status", 200}}})), "da");
  EXPECT_EQ(ids(store().get_traces_paginated({.attributes = {{"route", "/y"}}})), "b");
  EXPECT_EQ(ids(store().get_traces_paginated({.attributes = {{"ok", false}}})), "b");
  EXPECT_EQ(ids(store().get_traces_paginated({.attributes = {{"ok", true}}})), "da");
  EXPECT_EQ(ids(store().get_traces_paginated({.attributes = {{"nil", nullptr}}})), "b");
  EXPECT_EQ(ids(store().get_traces_paginated({.attributes = {{"nested", Json{{"a", 1}}}}})), "c");
  EXPECT_EQ(ids(store().get_traces_paginated({.filters = {{"kind", 2}}})), "c");
  EXPECT_EQ(ids(store().get_traces_paginated({.filters = {{"traceId", "trace-a"}}})), "a");
  EXPECT_EQ(ids(store().get_traces_paginated({.filters = {{"parentSpanId", nullptr}}})), "dcba");
  // Inclusive date bounds on createdAt.
  EXPECT_EQ(ids(store().get_traces_paginated({.dateRange = {ts(2), ts(3)}})), "cb");
  EXPECT_EQ(ids(store().get_traces_paginated({.dateRange = {.start = ts(4)}})), "d");
  EXPECT_EQ(ids(store().get_traces_paginated({.dateRange = {.end = ts(1)}})), "a");
  auto combined = store().get_traces_paginated({.name = "agent",
                                                .scope = "scope-a",
                                                .perPage = 1,
                                                .attributes = {{"route", "/x"}},
                                                .filters = {{"kind", 1}},
                                                .dateRange = {ts(0), ts(9)}});
  EXPECT_EQ(ids(combined), "a");
  EXPECT_EQ(combined.total, 1);
  EXPECT_FALSE(combined.hasMore);
}

TEST_P(TracesTest, TenThousandSpansInOneBatch) {
  std::vector<Json> spans;
  spans.reserve(10000);
  for (int i = 0; i < 10000; ++i) spans.push_back(span("s" + std::to_string(i), "bulk", i));
  store().batch_trace_insert(spans);
  auto page = store().get_traces_paginated({.perPage = 3});
  EXPECT_EQ(page.total, 10000);
  EXPECT_EQ(ids(page), "s9999s9998s9997");
  EXPECT_EQ(store().get_traces_paginated({.perPage = 1, .attributes = {{"route", "/x"}}}).total,
            10000);
}

TEST_P(TracesTest, OneBadRecordWritesNothing) {
  std::vector<Json> spans;
  for (int i = 0; i < 1200; ++i) spans.push_back(span("s" + std::to_string(i), "n", i));
  Json bad = span("bad", "n", 1);
  bad.erase("name");  // NOT NULL column missing: the database rejects it
  spans.insert(spans.begin() + 700, bad);
  if (const auto e = caught<ConstraintError>([&] { store().batch_trace_insert(spans); })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_BATCH_INSERT_FAILED");
    EXPECT_EQ(e->details()["tableName"], "mastra_traces");
  }
  EXPECT_EQ(count(), 0);
  // A record that is not an object, or has an unknown column, is rejected before writing.
  spans.erase(spans.begin() + 700);
  auto with_unknown = spans;
  with_unknown.back()["colour"] = "red";
  EXPECT_THROW(store().batch_trace_insert(with_unknown), InvalidArgumentError);
  auto with_scalar = spans;
  with_scalar.push_back(42);
  EXPECT_THROW(store().batch_trace_insert(with_scalar), InvalidArgumentError);
  EXPECT_EQ(count(), 0);
}

TEST_P(TracesTest, InjectionThroughKeysIsRejectedAndNothingRuns) {
  store().batch_trace_insert({span("a", "n", 1), span("b", "n", 2)});
  auto expect_invalid = [](auto&& call) {
    expect_error<InvalidArgumentError>(call, "LIBSQL_STORE_GET_TRACES_PAGINATED_FAILED",
                                       "Must start with a letter");
  };
  // The reference interpolates attribute keys: this one returns every trace there.
  expect_invalid([&] { store().get_traces_paginated({.attributes = {{"x') OR 1=1 --", "y"}}}); });
  expect_invalid([&] { store().get_traces_paginated({.attributes = {{"a.b", 1}}}); });
  expect_invalid([&] { store().get_traces_paginated({.attributes = {{"", 1}}}); });
  expect_invalid([&] {
    store().get_traces_paginated({.filters = {{"1=1; DROP TABLE mastra_traces; --", 1}}});
  });
  expect_invalid([&] { store().get_traces_paginated({.filters = {{"kind = kind OR 1", 1}}}); });
  if (const auto e = caught<InvalidArgumentError>([&] {
        store().batch_trace_insert({Json{{"id) VALUES ('z'); DROP TABLE mastra_traces; --", "x"}}});
      })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_BATCH_INSERT_FAILED");
  }
  // A valid identifier that is not a column is refused too.
  EXPECT_THROW(store().get_traces_paginated({.filters = {{"nope", 1}}}), InvalidArgumentError);
  if (const auto e = caught<InvalidArgumentError>([&] {
        store().get_traces({.attributes = {{"x') OR 1=1 --", "y"}}});
      })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_GET_TRACES_FAILED");
  }
  EXPECT_EQ(count(), 2);
  EXPECT_EQ(ids(store().get_traces_paginated({})), "ba");
}

TEST_P(TracesTest, NegativePagingIsRejected) {
  EXPECT_THROW(store().get_traces_paginated({.page = -1}), InvalidArgumentError);
  EXPECT_THROW(store().get_traces_paginated({.perPage = -1}), InvalidArgumentError);
  if (const auto e = caught<InvalidArgumentError>([&] { store().get_traces({.page = -1}); })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_GET_TRACES_FAILED");
  }
}

LIBSQLSTORE_INSTANTIATE_CONFORMANCE(TracesTest);

}  // namespace
}  // namespace libsqlstore::testing
