// Threads on every backend, with the reference's edge cases (docs/compatibility.md).
#include <limits>

#include "matchers.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

class ThreadsTest : public StoreTest {
 protected:
  Thread make_thread(const std::string& id, const std::string& resource, std::int64_t at) {
    return Thread{id, resource, "Title " + id, Json{{"k", id}}, ts(at), ts(at)};
  }
};

TEST_P(ThreadsTest, SaveThenGetRoundTripsEveryField) {
  Thread t{"t-1", "res-1", "Hello ✓ 🎉", Json::parse(R"({"b":1,"a":[1,2,{"z":null}],"c":"x"})"),
           ts(5), ts(7)};
  EXPECT_EQ(store().save_thread(t), t);
  auto got = store().get_thread_by_id("t-1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, t);
  EXPECT_EQ(got->metadata->dump(), R"({"b":1,"a":[1,2,{"z":null}],"c":"x"})");
}

TEST_P(ThreadsTest, UnknownThreadIsNullopt) {
  EXPECT_FALSE(store().get_thread_by_id("missing").has_value());
}

TEST_P(ThreadsTest, NullMetadataStaysNull) {
  Thread t{"t-n", "r", "title", nullptr, ts(1), ts(1)};
  store().save_thread(t);
  EXPECT_TRUE(store().get_thread_by_id("t-n")->metadata->is_null());
}

TEST_P(ThreadsTest, SavingAgainReplacesTheWholeRow) {
  store().save_thread(make_thread("t", "r1", 1));
  Thread second{"t", "r2", "new", nullptr, ts(50), ts(60)};
  store().save_thread(second);
  EXPECT_EQ(*store().get_thread_by_id("t"), second);
}

TEST_P(ThreadsTest, IdsThatLookLikeNumbersStayStrings) {
  store().save_thread(make_thread("0012", "42", 1));
  auto got = store().get_thread_by_id("0012");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->resourceId, "42");
  EXPECT_EQ(store().get_threads_by_resource_id({.resourceId = "42"}).size(), 1u);
  EXPECT_FALSE(store().get_thread_by_id("12").has_value());
}

TEST_P(ThreadsTest, ListsByResourceInEitherOrder) {
  store().save_thread(make_thread("a", "r", 3));
  store().save_thread(make_thread("b", "r", 1));
  store().save_thread(make_thread("c", "r", 2));
  store().save_thread(make_thread("x", "other", 0));
  auto ids = [](const std::vector<Thread>& v) {
    std::string s;
    for (const auto& t : v) s += t.id;
    return s;
  };
  EXPECT_EQ(ids(store().get_threads_by_resource_id({.resourceId = "r"})), "acb");
  EXPECT_EQ(ids(store().get_threads_by_resource_id(
                {.resourceId = "r", .sortDirection = SortDirection::Asc})),
            "bca");
  EXPECT_TRUE(store().get_threads_by_resource_id({.resourceId = "none"}).empty());
}

TEST_P(ThreadsTest, OrdersByUpdatedAt) {
  Thread a = make_thread("a", "r", 1);
  a.updatedAt = ts(100);
  Thread b = make_thread("b", "r", 2);
  store().save_thread(a);
  store().save_thread(b);
  auto list = store().get_threads_by_resource_id({.resourceId = "r",
                                                  .orderBy = ThreadOrderBy::UpdatedAt,
                                                  .sortDirection = SortDirection::Desc});
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, "a");
}

TEST_P(ThreadsTest, EqualTimestampsListInSaveOrder) {
  for (const char* id : {"m", "c", "x", "a"}) store().save_thread(make_thread(id, "r", 1));
  auto asc =
      store().get_threads_by_resource_id({.resourceId = "r", .sortDirection = SortDirection::Asc});
  ASSERT_EQ(asc.size(), 4u);
  EXPECT_EQ(asc[0].id + asc[1].id + asc[2].id + asc[3].id, "mcxa");
}

TEST_P(ThreadsTest, PaginationEdgeCases) {
  for (int i = 0; i < 5; ++i) store().save_thread(make_thread("t" + std::to_string(i), "r", i));
  auto p0 =
      store().get_threads_by_resource_id_paginated({.resourceId = "r", .page = 0, .perPage = 2});
  EXPECT_EQ(p0.total, 5);
  ASSERT_EQ(p0.threads.size(), 2u);
  EXPECT_EQ(p0.threads[0].id, "t4");
  EXPECT_TRUE(p0.hasMore);
  auto last =
      store().get_threads_by_resource_id_paginated({.resourceId = "r", .page = 2, .perPage = 2});
  ASSERT_EQ(last.threads.size(), 1u);
  EXPECT_EQ(last.threads[0].id, "t0");
  EXPECT_FALSE(last.hasMore);
  auto beyond =
      store().get_threads_by_resource_id_paginated({.resourceId = "r", .page = 9, .perPage = 2});
  EXPECT_TRUE(beyond.threads.empty());
  EXPECT_EQ(beyond.total, 5);
  EXPECT_FALSE(beyond.hasMore);
  auto big =
      store().get_threads_by_resource_id_paginated({.resourceId = "r", .page = 0, .perPage = 100});
  EXPECT_EQ(big.threads.size(), 5u);
  EXPECT_FALSE(big.hasMore);
  auto zero =
      store().get_threads_by_resource_id_paginated({.resourceId = "r", .page = 0, .perPage = 0});
  EXPECT_TRUE(zero.threads.empty());
  EXPECT_FALSE(zero.hasMore);  // issue #9.16: the reference says true: a paging loop never ends
  auto empty = store().get_threads_by_resource_id_paginated({.resourceId = "nobody"});
  EXPECT_EQ(empty.total, 0);
  EXPECT_EQ(empty.perPage, 100);
  EXPECT_FALSE(empty.hasMore);
}

TEST_P(ThreadsTest, NegativePagingIsRejected) {
  if (const auto e = caught<InvalidArgumentError>([&] {
        store().get_threads_by_resource_id_paginated({.resourceId = "r", .page = -1, .perPage = 2});
      })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_GET_THREADS_BY_RESOURCE_ID_FAILED");
    EXPECT_EQ(e->details().value("resourceId", ""), "r");
  }
  EXPECT_THROW(store().get_threads_by_resource_id_paginated({.resourceId = "r", .perPage = -1}),
               InvalidArgumentError);
}

TEST_P(ThreadsTest, OverflowingPageIsRejectedNotWrapped) {
  store().save_thread(make_thread("t", "r", 1));
  // 2^61 * 8 wraps to offset 0 in 64 bits: the first page must not come back as page 2^61.
  EXPECT_THROW(store().get_threads_by_resource_id_paginated(
                   {.resourceId = "r", .page = std::int64_t{1} << 61, .perPage = 8}),
               InvalidArgumentError);
}

TEST_P(ThreadsTest, TimestampOutsideTheDateRangeIsRejected) {
  // INT64_MAX ms used to be stored as "-006911-07-12T07:12:55.807Z"; INT64_MIN overflowed.
  const Timestamp far_future{std::chrono::milliseconds{std::numeric_limits<std::int64_t>::max()}};
  const Timestamp far_past{std::chrono::milliseconds{std::numeric_limits<std::int64_t>::min()}};
  EXPECT_THROW(store().save_thread({"t", "r", "x", nullptr, far_future, ts(0)}),
               InvalidArgumentError);
  EXPECT_THROW(store().save_thread({"t", "r", "x", nullptr, ts(0), far_past}),
               InvalidArgumentError);
  EXPECT_FALSE(store().get_thread_by_id("t").has_value());
  // Issue #9.1: years past 9999 (and before 0000) are refused too: their ISO text ("+010000-...")
  // would sort before every other date. The last storable instant is accepted.
  const Timestamp year_10000{std::chrono::milliseconds{253'402'300'800'000}};
  expect_error<InvalidArgumentError>(
      [&] {
        store().save_thread({"t", "r", "x", nullptr, year_10000, year_10000});
      },
      "LIBSQL_STORE_SAVE_THREAD_FAILED", "years 0000 to 9999");
  EXPECT_FALSE(store().get_thread_by_id("t").has_value());
  store().save_thread({"t", "r", "x", nullptr, kMaxStoredTimestamp, kMinStoredTimestamp});
  EXPECT_EQ(store().get_thread_by_id("t")->createdAt, kMaxStoredTimestamp);
  EXPECT_EQ(store().get_thread_by_id("t")->updatedAt, kMinStoredTimestamp);
}

TEST_P(ThreadsTest, TextThatIsNotUtf8IsRefused) {
  expect_error<InvalidArgumentError>(
      [&] {
        store().save_thread({"t", "r", "title \xC0\xAF", nullptr, ts(0), ts(0)});
      },
      "LIBSQL_STORE_SAVE_THREAD_FAILED", "not valid UTF-8: byte 6 is 0xC0, after \"title \"");
  EXPECT_FALSE(store().get_thread_by_id("t").has_value());
}

TEST_P(ThreadsTest, UpdateMergesMetadataAndSetsTitle) {
  Thread t = make_thread("t", "r", 1);
  t.metadata = Json::parse(R"({"a":1,"b":{"x":1}})");
  store().save_thread(t);
  auto updated = store().update_thread(
      {.id = "t", .title = "New", .metadata = Json::parse(R"({"b":{"y":2},"c":3})")});
  EXPECT_EQ(updated.title, "New");
  EXPECT_EQ(updated.metadata->dump(), R"({"a":1,"b":{"y":2},"c":3})");
  EXPECT_EQ(updated.createdAt, t.createdAt);
  EXPECT_GT(updated.updatedAt, t.updatedAt);
  EXPECT_EQ(*store().get_thread_by_id("t"), updated);
}

TEST_P(ThreadsTest, UpdateOfUnknownThreadIsNotFound) {
  if (const auto e =
          caught<NotFoundError>([&] { store().update_thread({.id = "ghost", .title = "x"}); })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_UPDATE_THREAD_FAILED_THREAD_NOT_FOUND");
    EXPECT_EQ(e->category(), ErrorCategory::User);
    EXPECT_STREQ(e->what(), "Thread ghost not found");
    EXPECT_EQ(e->details()["status"], 404);
    EXPECT_EQ(e->details()["threadId"], "ghost");
  }
}

TEST_P(ThreadsTest, DeleteRemovesThreadAndIsIdempotent) {
  store().save_thread(make_thread("t", "r", 1));
  store().delete_thread("t");
  EXPECT_FALSE(store().get_thread_by_id("t"));
  EXPECT_NO_THROW(store().delete_thread("t"));
}

TEST_P(ThreadsTest, InvalidInputIsRejectedWithTheMethodId) {
  if (const auto e = caught<InvalidArgumentError>([&] {
        store().save_thread(Thread{"", "r", "t", nullptr, ts(0), ts(0)});
      })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_SAVE_THREAD_FAILED");
  }
  EXPECT_THROW(store().save_thread(Thread{"t", "", "t", nullptr, ts(0), ts(0)}),
               InvalidArgumentError);
  EXPECT_FALSE(store().get_thread_by_id("t"));
}

TEST_P(ThreadsTest, LargeMetadataRoundTrips) {
  Json meta = Json::object();
  for (int i = 0; i < 2000; ++i) meta["key" + std::to_string(i)] = std::string(500, 'x');
  Thread t{"big", "r", "t", meta, ts(0), ts(0)};
  store().save_thread(t);
  EXPECT_EQ(store().get_thread_by_id("big")->metadata, meta);
}

LIBSQLSTORE_INSTANTIATE_CONFORMANCE(ThreadsTest);

}  // namespace
}  // namespace libsqlstore::testing
