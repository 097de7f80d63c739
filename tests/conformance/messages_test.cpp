// Messages on every backend, with the reference's observed edge cases.
#include <algorithm>

#include "core/json_text.hpp"
#include "matchers.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

class MessagesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* t : {"t1", "t2", "t3"}) {
      store().save_thread({t, "r1", std::string("Thread ") + t, nullptr, ts(0), ts(0)});
    }
  }

  static Message v2(const std::string& id, const std::string& thread, std::int64_t at,
                    const std::string& text, const std::string& role = "user") {
    Message m;
    m.id = id;
    m.role = role;
    m.content = Json{{"format", 2},
                     {"parts", Json::array({{{"type", "text"}, {"text", text}}})},
                     {"content", text}};
    m.createdAt = ts(at);
    m.threadId = thread;
    m.resourceId = "r1";
    return m;
  }

  /// A V1 message as Mastra wrote them: plain-string content, type "text".
  static Message v1(const std::string& id, const std::string& thread, std::int64_t at,
                    const std::string& text, const std::string& role = "user") {
    Message m;
    m.id = id;
    m.role = role;
    m.content = text;
    m.createdAt = ts(at);
    m.threadId = thread;
    m.resourceId = "r1";
    m.type = "text";
    return m;
  }

  static std::string ids(const std::vector<Message>& messages) {
    std::string out;
    for (const auto& m : messages) out += (out.empty() ? "" : ",") + m.id;
    return out;
  }

  /// The reference's fixture of the observed include cases: three V1 then three V2 messages.
  void save_mixed_six() {
    store().save_messages({v1("v1-0", "t1", 1, "hello 0"), v1("v1-1", "t1", 2, "hello 1"),
                           v1("v1-2", "t1", 3, "hello 2"), v2("v2-3", "t1", 4, "v2 hello 3"),
                           v2("v2-4", "t1", 5, "v2 hello 4"), v2("v2-5", "t1", 6, "v2 hello 5")});
  }

  std::int64_t count(const std::string& thread) {
    return store().get_messages_paginated({.threadId = thread, .perPage = 0}).total;
  }

  Timestamp thread_updated(const std::string& thread) {
    return store().get_thread_by_id(thread)->updatedAt;
  }

  template <class F>
  static void expect_invalid(F&& call, const std::string& id, const std::string& text = "") {
    if (const auto e = caught<InvalidArgumentError>([&] { call(); })) {
      EXPECT_EQ(e->id(), id);
      EXPECT_EQ(e->category(), ErrorCategory::User);
      if (!text.empty()) {
        EXPECT_EQ(std::string(e->what()), text);
      }
    }
  }
};

// ---- save_messages ----------------------------------------------------------------------------

TEST_P(MessagesTest, SavingNothingReturnsNothing) {
  EXPECT_TRUE(store().save_messages({}).empty());
}

TEST_P(MessagesTest, SaveThenGetRoundTripsV2) {
  Message m = v2("m1", "t1", 1, "Hi ✓");
  m.content.mutable_value()["metadata"] = Json{{"b", 1}, {"a", Json::array({1, 2})}};
  const auto saved = store().save_messages({m});
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_EQ(saved[0], m);
  const auto got = store().get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], m);
  EXPECT_FALSE(got[0].type.has_value());
  EXPECT_EQ(
      got[0].content->dump(),
      R"({"format":2,"parts":[{"type":"text","text":"Hi ✓"}],"content":"Hi ✓","metadata":{"b":1,"a":[1,2]}})");
}

TEST_P(MessagesTest, SaveReturnsV2AndFillsCreatedAt) {
  Message plain = v1("p1", "t1", 0, "plain text");
  plain.createdAt.reset();
  const auto before = now();
  const auto saved = store().save_messages({plain});
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_EQ(
      saved[0].content->dump(),
      R"({"format":2,"parts":[{"type":"step-start"},{"type":"text","text":"plain text"}],"content":"plain text"})");
  EXPECT_FALSE(saved[0].type.has_value());
  ASSERT_TRUE(saved[0].createdAt.has_value());
  EXPECT_GE(*saved[0].createdAt, before);
  const auto got = store().get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], saved[0]);
}

TEST_P(MessagesTest, V2TypeIsKeptUnlessV2) {
  Message custom = v2("c", "t1", 1, "x");
  custom.type = "custom";
  Message explicit_v2 = v2("e", "t1", 2, "y");
  explicit_v2.type = "v2";
  Message empty_type = v2("f", "t1", 3, "z");
  empty_type.type = "";  // as the reference's `type || 'v2'`
  const auto saved = store().save_messages({custom, explicit_v2, empty_type});
  const auto got = store().get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got, saved);
  EXPECT_EQ(got[0].type, std::optional<std::string>("custom"));
  EXPECT_FALSE(got[1].type.has_value());
  EXPECT_FALSE(got[2].type.has_value());
}

TEST_P(MessagesTest, UpsertKeepsCreatedAtAndMovesThread) {
  store().save_messages({v2("m", "t1", 10, "first")});
  Message again = v2("m", "t2", 99, "second", "assistant");
  store().save_messages({again});
  EXPECT_TRUE(store().get_messages({.threadId = "t1"}).empty());
  const auto got = store().get_messages({.threadId = "t2"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].content["content"], "second");
  EXPECT_EQ(got[0].role, "assistant");
  EXPECT_EQ(got[0].createdAt, ts(10));  // the original createdAt stays
}

TEST_P(MessagesTest, SaveBumpsEveryThreadItTouches) {
  store().save_messages({v2("moving", "t3", 1, "x")});
  store().save_thread({"t3", "r1", "Thread t3", nullptr, ts(0), ts(0)});  // reset updatedAt
  ASSERT_EQ(thread_updated("t3"), ts(0));
  const auto before = now();
  // t1 and t2 are named by the messages; t3 is the thread "moving" leaves.
  store().save_messages({v2("a", "t1", 2, "a"), v2("b", "t2", 3, "b"), v2("moving", "t1", 4, "x")});
  for (const char* t : {"t1", "t2", "t3"}) EXPECT_GE(thread_updated(t), before) << t;
  EXPECT_TRUE(store().get_messages({.threadId = "t3"}).empty());
}

TEST_P(MessagesTest, EqualCreatedAtComeBackInSaveOrder) {
  std::vector<Message> batch;
  for (const char* id : {"m", "c", "x", "a", "q"}) batch.push_back(v2(id, "t1", 7, id));
  EXPECT_EQ(ids(store().save_messages(batch)), "m,c,x,a,q");
  EXPECT_EQ(ids(store().get_messages({.threadId = "t1"})), "m,c,x,a,q");
  EXPECT_EQ(ids(store().get_messages({.threadId = "t1", .last = 2})), "a,q");
  EXPECT_EQ(ids(store().get_messages(
                {.threadId = "t1",
                 .last = 0,
                 .include = {{.id = "x", .withPreviousMessages = 1, .withNextMessages = 1}}})),
            "c,x,a");
  EXPECT_EQ(
      ids(store().get_messages_paginated({.threadId = "t1", .page = 1, .perPage = 2}).messages),
      "c,x");
}

TEST_P(MessagesTest, DuplicateIdsInOneSaveLastOneWins) {
  const auto saved = store().save_messages({v2("d", "t1", 1, "one"), v2("d", "t1", 1, "two")});
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_EQ(saved[0].content["content"], "two");
  const auto got = store().get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].content["content"], "two");
}

// Past a few dozen ids the duplicates are found another way (a set instead of comparing each id
// with those kept, src/memory/messages.cpp): the same answer on both sides of that size.
TEST_P(MessagesTest, DuplicateIdsInALargeSaveLastOneWins) {
  for (const int unique : {20, 40}) {
    const std::string thread = "big" + std::to_string(unique);
    store().save_thread({thread, "r1", "Big", nullptr, ts(0), ts(0)});
    std::vector<Message> batch;
    for (int round = 0; round < 2; ++round) {
      for (int i = 0; i < unique; ++i) {
        batch.push_back(
            v2("m" + std::to_string(i) + thread, thread, i, "round " + std::to_string(round)));
      }
    }
    const auto saved = store().save_messages(batch);
    EXPECT_EQ(saved.size(), static_cast<std::size_t>(unique)) << unique;
    const auto got = store().get_messages({.threadId = thread, .last = 100});
    ASSERT_EQ(got.size(), static_cast<std::size_t>(unique)) << unique;
    for (const auto& m : got) EXPECT_EQ(m.content["content"], "round 1") << m.id;
  }
}

// ---- validation: nothing is written -----------------------------------------------------------

TEST_P(MessagesTest, ValidationErrorsWriteNothing) {
  const std::string id = "LIBSQL_STORE_SAVE_MESSAGES_FAILED";
  auto no_thread = v2("x", "t1", 3, "x");
  no_thread.threadId.reset();
  expect_invalid([&] { store().save_messages({no_thread}); }, id, "Thread ID is required");
  expect_invalid(
      [&] {
        store().save_messages({v2("a", "t1", 1, "a"), no_thread});
      },
      id,
      "Expected to find a threadId for message, but couldn't find one. An unexpected "
      "error has occurred.");
  auto no_resource = v2("x", "t1", 3, "x");
  no_resource.resourceId = "";
  expect_invalid(
      [&] {
        store().save_messages({v2("a", "t1", 1, "a"), no_resource});
      },
      id,
      "Expected to find a resourceId for message, but couldn't find one. An "
      "unexpected error has occurred.");
  auto system = v1("s", "t1", 3, "You are helpful", "system");
  expect_invalid([&] { store().save_messages({v2("a", "t1", 1, "a"), system}); }, id);
  auto no_role = v2("x", "t1", 3, "x");
  no_role.role = "";
  expect_invalid([&] { store().save_messages({v2("a", "t1", 1, "a"), no_role}); }, id);
  auto no_content = v2("x", "t1", 3, "x");
  no_content.content = nullptr;
  expect_invalid([&] { store().save_messages({v2("a", "t1", 1, "a"), no_content}); }, id);
  auto no_id = v2("", "t1", 3, "x");
  expect_invalid([&] { store().save_messages({v2("a", "t1", 1, "a"), no_id}); }, id);

  EXPECT_TRUE(store().get_messages({.threadId = "t1"}).empty());
  EXPECT_EQ(thread_updated("t1"), ts(0));  // not even the thread was bumped
}

TEST_P(MessagesTest, LargeBatchIsAllOrNothing) {
  std::vector<Message> batch;
  for (int i = 0; i < 2000; ++i) batch.push_back(v2("b" + std::to_string(i), "t1", i, "m"));
  batch.back().role = "";  // the last one is invalid
  EXPECT_THROW(store().save_messages(batch), InvalidArgumentError);
  EXPECT_EQ(count("t1"), 0);
  batch.back().role = "user";
  EXPECT_EQ(store().save_messages(batch).size(), 2000u);
  EXPECT_EQ(count("t1"), 2000);
  EXPECT_EQ(store().get_messages({.threadId = "t1"}).size(), 40u);
}

// ---- get_messages -----------------------------------------------------------------------------

TEST_P(MessagesTest, LastSelectsTheNewestOldestFirst) {
  save_mixed_six();
  EXPECT_EQ(ids(store().get_messages({.threadId = "t1", .last = 2})), "v2-4,v2-5");
  EXPECT_TRUE(store().get_messages({.threadId = "t1", .last = 0}).empty());
  EXPECT_TRUE(store().get_messages({.threadId = "t1", .last = -3}).empty());
  EXPECT_EQ(ids(store().get_messages({.threadId = "t1"})), "v1-0,v1-1,v1-2,v2-3,v2-4,v2-5");
  EXPECT_TRUE(store().get_messages({.threadId = "nobody"}).empty());
}

TEST_P(MessagesTest, DefaultLimitIs40) {
  std::vector<Message> batch;
  for (int i = 0; i < 45; ++i) batch.push_back(v2("m" + std::to_string(i), "t1", i, "x"));
  store().save_messages(batch);
  const auto got = store().get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 40u);
  EXPECT_EQ(got.front().id, "m5");
  EXPECT_EQ(got.back().id, "m44");
}

TEST_P(MessagesTest, IncludeReproducesTheReferenceExamples) {
  save_mixed_six();
  EXPECT_EQ(ids(store().get_messages(
                {.threadId = "t1",
                 .last = 0,
                 .include = {{.id = "v1-2", .withPreviousMessages = 1, .withNextMessages = 1}}})),
            "v1-1,v1-2,v2-3");
  EXPECT_EQ(ids(store().get_messages({.threadId = "t1", .last = 1, .include = {{.id = "v1-0"}}})),
            "v1-0,v2-5");
}

TEST_P(MessagesTest, IncludeWindowsAreClippedAndMerged) {
  save_mixed_six();
  // Windows larger than the thread stop at its ends.
  EXPECT_EQ(ids(store().get_messages({.threadId = "t1",
                                      .last = 0,
                                      .include = {{.id = "v1-1", .withPreviousMessages = 10},
                                                  {.id = "v2-4", .withNextMessages = 10}}})),
            "v1-0,v1-1,v2-4,v2-5");
  // Overlap with the newest messages: no duplicates, and the newest `last` exclude included ones.
  EXPECT_EQ(
      ids(store().get_messages(
          {.threadId = "t1", .last = 2, .include = {{.id = "v2-5", .withPreviousMessages = 1}}})),
      "v1-2,v2-3,v2-4,v2-5");
  // Overlapping windows.
  EXPECT_EQ(ids(store().get_messages(
                {.threadId = "t1",
                 .last = 0,
                 .include = {{.id = "v1-2", .withPreviousMessages = 2, .withNextMessages = 1},
                             {.id = "v2-3", .withPreviousMessages = 2}}})),
            "v1-0,v1-1,v1-2,v2-3");
  // Unknown ids, and a message named in the wrong thread, contribute nothing.
  EXPECT_EQ(ids(store().get_messages({.threadId = "t1",
                                      .last = 1,
                                      .include = {{.id = "ghost", .withPreviousMessages = 3},
                                                  {.id = "v1-0", .threadId = "t2"}}})),
            "v2-5");
}

TEST_P(MessagesTest, IncludeAcrossThreads) {
  save_mixed_six();
  store().save_messages({v2("o1", "t2", 1, "a"), v2("o2", "t2", 2, "b"), v2("o3", "t2", 3, "c")});
  const auto got = store().get_messages(
      {.threadId = "t1",
       .last = 1,
       .include = {{.id = "o2", .threadId = "t2", .withPreviousMessages = 1}}});
  EXPECT_EQ(ids(got), "o1,o2,v2-5");
  EXPECT_EQ(got[0].threadId, std::optional<std::string>("t2"));
  const auto page = store().get_messages_paginated(
      {.threadId = "t1",
       .include = {{.id = "o3", .threadId = "t2", .withPreviousMessages = 1}},
       .perPage = 2});
  EXPECT_EQ(ids(page.messages), "o2,o3,v2-4,v2-5");
  EXPECT_EQ(page.total, 6);
  EXPECT_TRUE(page.hasMore);  // 0 * 2 + 4 shown < 6 (the reference's formula)
}

TEST_P(MessagesTest, BadQueriesAreRejected) {
  const std::string id = "LIBSQL_STORE_GET_MESSAGES_FAILED";
  expect_invalid([&] { store().get_messages({.threadId = ""}); }, id);
  expect_invalid([&] { store().get_messages({.threadId = "t1", .include = {{.id = ""}}}); }, id);
  expect_invalid(
      [&] {
        store().get_messages(
            {.threadId = "t1", .include = {{.id = "x", .withPreviousMessages = -1}}});
      },
      id);
}

// ---- get_messages_paginated -------------------------------------------------------------------

TEST_P(MessagesTest, PaginationEdgeCases) {
  save_mixed_six();
  auto first = store().get_messages_paginated({.threadId = "t1", .page = 0, .perPage = 2});
  EXPECT_EQ(ids(first.messages), "v2-4,v2-5");
  EXPECT_EQ(first.total, 6);
  EXPECT_EQ(first.page, 0);
  EXPECT_EQ(first.perPage, 2);
  EXPECT_TRUE(first.hasMore);
  auto last = store().get_messages_paginated({.threadId = "t1", .page = 2, .perPage = 2});
  EXPECT_EQ(ids(last.messages), "v1-0,v1-1");
  EXPECT_FALSE(last.hasMore);
  auto beyond = store().get_messages_paginated({.threadId = "t1", .page = 9, .perPage = 2});
  EXPECT_TRUE(beyond.messages.empty());
  EXPECT_EQ(beyond.total, 6);
  EXPECT_FALSE(beyond.hasMore);
  auto big = store().get_messages_paginated({.threadId = "t1", .perPage = 100});
  EXPECT_EQ(big.messages.size(), 6u);
  EXPECT_FALSE(big.hasMore);
  // Issue #9.16: a zero-row page has no "more" (the reference says true, and a loop paging on
  // hasMore never ends).
  auto zero = store().get_messages_paginated({.threadId = "t1", .perPage = 0});
  EXPECT_TRUE(zero.messages.empty());
  EXPECT_EQ(zero.total, 6);
  EXPECT_FALSE(zero.hasMore);
  auto defaults = store().get_messages_paginated({.threadId = "t1"});
  EXPECT_EQ(defaults.perPage, 40);
  EXPECT_EQ(defaults.messages.size(), 6u);
  auto by_last = store().get_messages_paginated({.threadId = "t1", .last = 3});
  EXPECT_EQ(by_last.perPage, 3);
  EXPECT_EQ(ids(by_last.messages), "v2-3,v2-4,v2-5");
  auto empty = store().get_messages_paginated({.threadId = "t2"});
  EXPECT_TRUE(empty.messages.empty());
  EXPECT_EQ(empty.total, 0);
  EXPECT_FALSE(empty.hasMore);
}

TEST_P(MessagesTest, PaginationDateRangeIsInclusive) {
  save_mixed_six();  // at seconds 1..6
  auto page = store().get_messages_paginated(
      {.threadId = "t1", .perPage = 10, .dateRange = {.start = ts(2), .end = ts(4)}});
  EXPECT_EQ(ids(page.messages), "v1-1,v1-2,v2-3");
  EXPECT_EQ(page.total, 3);
  EXPECT_FALSE(page.hasMore);
  EXPECT_EQ(store().get_messages_paginated({.threadId = "t1", .dateRange = {.start = ts(6)}}).total,
            1);
  EXPECT_EQ(store().get_messages_paginated({.threadId = "t1", .dateRange = {.end = ts(1)}}).total,
            1);
}

TEST_P(MessagesTest, PaginationWithInclude) {
  save_mixed_six();
  auto page = store().get_messages_paginated(
      {.threadId = "t1",
       .include = {{.id = "v1-1", .withPreviousMessages = 1}, {.id = "v2-5"}},
       .page = 0,
       .perPage = 2,
       .dateRange = {.end = ts(5)}});
  // Includes are not date-filtered; page rows skip included ids.
  EXPECT_EQ(ids(page.messages), "v1-0,v1-1,v2-3,v2-4,v2-5");
  EXPECT_EQ(page.total, 5);
  EXPECT_FALSE(page.hasMore);  // 0 + 5 messages shown of 5
}

TEST_P(MessagesTest, NegativePagingIsRejected) {
  const std::string id = "LIBSQL_STORE_GET_MESSAGES_PAGINATED_FAILED";
  expect_invalid([&] { store().get_messages_paginated({.threadId = "t1", .page = -1}); }, id);
  expect_invalid([&] { store().get_messages_paginated({.threadId = "t1", .perPage = -1}); }, id);
}

// ---- update_messages --------------------------------------------------------------------------

TEST_P(MessagesTest, UpdateMergesContentAndMetadata) {
  Message m = v2("m", "t1", 1, "old");
  m.content.mutable_value()["metadata"] = Json{{"a", 1}, {"b", 2}};
  store().save_messages({m});
  const auto updated = store().update_messages(
      {{.id = "m",
        .content = Json{{"metadata", {{"b", 3}, {"c", 4}}}, {"content", "new"}, {"extra", true}}}});
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(
      updated[0].content->dump(),
      R"({"format":2,"parts":[{"type":"text","text":"old"}],"content":"new","metadata":{"a":1,"b":3,"c":4},"extra":true})");
  EXPECT_EQ(updated[0].createdAt, ts(1));
  const auto got = store().get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].content, updated[0].content);
}

TEST_P(MessagesTest, UpdateMovesThreadsAndBumpsBoth) {
  store().save_messages({v2("m", "t1", 1, "x"), v2("n", "t1", 2, "y")});
  store().save_thread({"t1", "r1", "Thread t1", nullptr, ts(0), ts(0)});
  const auto before = now();
  const auto updated = store().update_messages(
      {{.id = "n", .role = "assistant", .threadId = "t2", .resourceId = "r2"},
       {.id = "ghost", .role = "user"},
       {.id = "m", .type = "custom"}});
  EXPECT_EQ(ids(updated), "m,n");  // ordered by id, unknown ids ignored
  EXPECT_EQ(updated[1].threadId, std::optional<std::string>("t2"));
  EXPECT_EQ(updated[1].resourceId, std::optional<std::string>("r2"));
  EXPECT_EQ(updated[1].role, "assistant");
  EXPECT_EQ(updated[0].type, std::optional<std::string>("custom"));
  EXPECT_GE(thread_updated("t1"), before);
  EXPECT_GE(thread_updated("t2"), before);
  EXPECT_EQ(thread_updated("t3"), ts(0));
  EXPECT_EQ(ids(store().get_messages({.threadId = "t1"})), "m");
  EXPECT_EQ(ids(store().get_messages({.threadId = "t2"})), "n");
}

TEST_P(MessagesTest, UpdateReturnsRowsAsStored) {
  store().save_messages({v1("p", "t1", 1, "plain")});
  const auto updated = store().update_messages({{.id = "p", .role = "assistant"}});
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(updated[0].content, Json("plain"));  // not converted to V2
  EXPECT_EQ(updated[0].type, std::optional<std::string>("text"));
  EXPECT_TRUE(store().update_messages({}).empty());
  EXPECT_TRUE(store().update_messages({{.id = "ghost", .role = "user"}}).empty());
  // An update without changes returns the row and bumps nothing.
  store().save_thread({"t1", "r1", "Thread t1", nullptr, ts(0), ts(0)});
  EXPECT_EQ(store().update_messages({{.id = "p"}}).size(), 1u);
  EXPECT_EQ(thread_updated("t1"), ts(0));
}

TEST_P(MessagesTest, UpdateRejectsBadInput) {
  const std::string id = "LIBSQL_STORE_UPDATE_MESSAGES_FAILED";
  store().save_messages({v2("m", "t1", 1, "x")});
  expect_invalid([&] { store().update_messages({{.id = ""}}); }, id);
  expect_invalid([&] { store().update_messages({{.id = "m", .content = Json("text")}}); }, id);
  expect_invalid([&] { store().update_messages({{.id = "m", .threadId = ""}}); }, id);
  expect_invalid([&] { store().update_messages({{.id = "m", .role = "system"}}); }, id);
  EXPECT_EQ(store().get_messages({.threadId = "t1"})[0].role, "user");
}

// ---- delete_messages / delete_thread ----------------------------------------------------------

TEST_P(MessagesTest, DeleteRemovesMessagesAndBumpsTheirThreads) {
  store().save_messages({v2("a", "t1", 1, "a"), v2("b", "t1", 2, "b"), v2("c", "t2", 3, "c")});
  for (const char* t : {"t1", "t2", "t3"}) {
    store().save_thread({t, "r1", std::string("Thread ") + t, nullptr, ts(0), ts(0)});
  }
  const auto before = now();
  store().delete_messages({"a", "c", "ghost"});
  EXPECT_EQ(ids(store().get_messages({.threadId = "t1"})), "b");
  EXPECT_TRUE(store().get_messages({.threadId = "t2"}).empty());
  EXPECT_GE(thread_updated("t1"), before);
  EXPECT_GE(thread_updated("t2"), before);
  EXPECT_EQ(thread_updated("t3"), ts(0));
  store().delete_messages({});  // no-op
  EXPECT_EQ(count("t1"), 1);
}

TEST_P(MessagesTest, DeleteRejectsEmptyIds) {
  store().save_messages({v2("a", "t1", 1, "a")});
  if (const auto e = caught<InvalidArgumentError>([&] { store().delete_messages({"a", ""}); })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_DELETE_MESSAGES_FAILED");
    EXPECT_EQ(e->details().value("messageIds", ""), "a, ");
  }
  EXPECT_EQ(count("t1"), 1);
}

TEST_P(MessagesTest, DeleteManyInOneCall) {
  std::vector<Message> batch;
  std::vector<std::string> doomed;
  for (int i = 0; i < 1203; ++i) {
    batch.push_back(v2("d" + std::to_string(i), "t1", i, "x"));
    if (i % 3 != 0) doomed.push_back(batch.back().id);
  }
  store().save_messages(batch);
  store().delete_messages(doomed);
  EXPECT_EQ(count("t1"), 401);
}

TEST_P(MessagesTest, DeleteThreadRemovesItsMessages) {
  store().save_messages({v2("a", "t1", 1, "a"), v2("b", "t2", 2, "b")});
  store().delete_thread("t1");
  EXPECT_EQ(count("t1"), 0);
  EXPECT_EQ(count("t2"), 1);
  EXPECT_FALSE(store().get_thread_by_id("t1").has_value());
}

// ---- content round trips ----------------------------------------------------------------------

TEST_P(MessagesTest, SpecialCharactersRoundTrip) {
  const std::string text =
      "quote \" backslash \\ tab \t newline \n cr \r bell \x07 unit \x1f "
      "emoji 🎉👩‍👩‍👧 accents é ñ 中文 'single' <b>html</b> ; DROP TABLE x; --";
  store().save_messages({v2("s", "t1", 1, text), v1("p", "t1", 2, text)});
  const auto got = store().get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].content["parts"][0]["text"], text);
  EXPECT_EQ(got[1].content["content"], text);
}

TEST_P(MessagesTest, LargeContentRoundTrips) {
  std::string text(1 << 20, 'x');
  for (std::size_t i = 0; i < text.size(); i += 1000) text[i] = 'y';
  store().save_messages({v2("big", "t1", 1, text)});
  const auto got = store().get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].content["content"].get<std::string>(), text);
}

TEST_P(MessagesTest, IdsAndTextsThatLookLikeNumbersStayStrings) {
  store().save_messages(
      {v1("0012", "t1", 1, "42"), v1("12", "t1", 2, "true"), v1("1e3", "t1", 3, "\"quoted\"")});
  const auto got = store().get_messages({.threadId = "t1"});
  EXPECT_EQ(ids(got), "0012,12,1e3");
  EXPECT_EQ(got[0].content["content"], "42");
  EXPECT_EQ(got[1].content["content"], "true");
  EXPECT_EQ(got[2].content["content"], "\"quoted\"");
  store().delete_messages({"12"});
  EXPECT_EQ(ids(store().get_messages({.threadId = "t1"})), "0012,1e3");
}

TEST_P(MessagesTest, V1ToolMessagesReadAsV2) {
  Message call;
  call.id = "call";
  call.role = "assistant";
  call.type = "tool-call";
  call.content = Json::parse(
      R"([{"type":"text","text":"calling"},{"type":"tool-call","toolCallId":"c1","toolName":"weather","args":{"city":"Paris"}}])");
  call.createdAt = ts(1);
  call.threadId = "t1";
  call.resourceId = "r1";
  Message result = call;
  result.id = "result";
  result.role = "tool";
  result.type = "tool-result";
  result.content = Json::parse(
      R"([{"type":"tool-result","toolCallId":"c1","toolName":"weather","result":{"temp":21}}])");
  result.createdAt = ts(2);
  store().save_messages({call, result});
  const auto got = store().get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].role, "assistant");
  EXPECT_FALSE(got[1].type.has_value());
  EXPECT_EQ(
      got[1].content->dump(),
      R"({"format":2,"parts":[{"type":"tool-invocation","toolInvocation":{"state":"result","toolCallId":"c1","toolName":"weather","result":{"temp":21},"args":{"city":"Paris"}}}],"toolInvocations":[{"state":"result","toolCallId":"c1","toolName":"weather","result":{"temp":21},"args":{"city":"Paris"}}]})");
}

// ---- What is accepted reads back (issue #9) ---------------------------------------------------

TEST_P(MessagesTest, UnknownRolesAreRefusedBeforeAnythingIsWritten) {
  const std::string id = "LIBSQL_STORE_SAVE_MESSAGES_FAILED";
  for (const char* role : {"User", "bot", "tool"}) {
    expect_error<InvalidArgumentError>(
        [&] {
          store().save_messages({v2("a", "t1", 1, "a"), v2("x", "t1", 2, "x", role)});
        },
        id, "role");
  }
  EXPECT_EQ(count("t1"), 0);
  // V1 messages may carry the AI SDK's "tool" role.
  auto tool = v1("tool-1", "t1", 3, "x", "tool");
  tool.content =
      Json::parse(R"([{"type":"tool-result","toolCallId":"c","toolName":"n","result":1}])");
  store().save_messages({tool});
  EXPECT_EQ(count("t1"), 1);
}

TEST_P(MessagesTest, ContentThatCouldNotBeReadBackIsRefused) {
  const std::string id = "LIBSQL_STORE_SAVE_MESSAGES_FAILED";
  const char* bad[] = {
      R"({"format":2,"parts":null})",
      R"({"format":2,"parts":"x"})",
      R"({"format":2,"parts":[{"type":"tool-invocation"}]})",
      R"({"format":2,"parts":[{"type":"tool-invocation","toolInvocation":{"state":"call"}}]})",
      R"({"format":2,"parts":[{"type":"reasoning","reasoning":"r"}]})",
      R"({"format":2,"parts":[{"type":"text"}]})",
      R"({"format":2,"parts":["text"]})",
      R"({"format":2,"parts":[{"type":"mystery"}]})",
      R"({"format":2,"parts":[],"experimental_attachments":[{"url":"ftp://x/y.png"}]})",
      R"({"k":"v"})",
      R"({"format":1,"parts":[]})",
      R"([{"type":"unknown"}])",
      R"([{"type":"tool-call"}])",
      // V1 image and file parts read back as V2 file parts, which the V1 rendering turns into
      // attachments needing a URL and a content type (found by tests/fuzz/message_format_fuzz).
      R"([{"type":"image","image":"data:image/png;base64,AAAA"}])",
      R"([{"type":"file","data":"x","mimeType":"text/plain"}])",
      R"(42)",
  };
  for (const char* content : bad) {
    SCOPED_TRACE(content);
    auto m = v2("x", "t1", 2, "x", "user");  // users' attachments are rendered in V1
    m.content = Json::parse(content);
    expect_error<InvalidArgumentError>(
        [&] {
          store().save_messages({v2("a", "t1", 1, "a"), m});
        },
        id, "message x");
  }
  EXPECT_EQ(count("t1"), 0);
  // Every shape the V2 rendering and the V1 rendering both read is accepted, and reads back.
  auto good = v2("g", "t1", 1, "x", "assistant");
  good.content = Json::parse(
      R"({"format":2,"parts":[{"type":"step-start"},{"type":"text","text":"t"},)"
      R"({"type":"reasoning","reasoning":"","details":[{"type":"text","text":"why"}]},)"
      R"({"type":"tool-invocation","toolInvocation":{"state":"call","toolCallId":"c","toolName":"n","args":{}}},)"
      R"({"type":"file","data":"https://x/y.pdf","mimeType":"application/pdf"},)"
      R"({"type":"source","source":{"url":"https://x"}}]})");
  store().save_messages({good});
  EXPECT_EQ(store().get_messages({.threadId = "t1"}).at(0).content, good.content);
  auto image = v2("i", "t1", 2, "x", "user");
  image.content = Json::parse(
      R"([{"type":"image","image":"data:image/png;base64,AAAA","mimeType":"image/png"}])");
  store().save_messages({image});
  EXPECT_EQ(count("t1"), 2);
}

TEST_P(MessagesTest, UpdatesThatWouldBreakTheContentAreRefused) {
  store().save_messages({v2("m", "t1", 1, "hello")});
  const std::string id = "LIBSQL_STORE_UPDATE_MESSAGES_FAILED";
  expect_error<InvalidArgumentError>(
      [&] {
        store().update_messages({{.id = "m", .content = Json{{"parts", nullptr}}}});
      },
      id, "parts");
  expect_error<InvalidArgumentError>(
      [&] { store().update_messages({{.id = "m", .role = "tool"}}); }, id, "role");
  const auto got = store().get_messages({.threadId = "t1"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].content, v2("m", "t1", 1, "hello").content);
  EXPECT_EQ(got[0].role, "user");
}

TEST_P(MessagesTest, TextThatIsNotUtf8IsRefused) {
  auto m = v2("x", "t1", 1, "x");
  m.content.mutable_value()["content"] = "caf\xC3";  // a truncated two-byte sequence
  expect_error<InvalidArgumentError>([&] { store().save_messages({m}); },
                                     "LIBSQL_STORE_SAVE_MESSAGES_FAILED", "UTF-8");
  auto bad_id = v2("id-\xFF", "t1", 1, "x");
  expect_error<InvalidArgumentError>([&] { store().save_messages({bad_id}); },
                                     "LIBSQL_STORE_SAVE_MESSAGES_FAILED", "UTF-8");
  EXPECT_EQ(count("t1"), 0);
}

// Issue #9.1: stored dates are four-digit years (ISO-8601 text sorts as time only then); a
// filter's bound beyond them is clamped, so "no upper bound" given as JavaScript's largest date
// still matches everything.
TEST_P(MessagesTest, DatesBeyondFourDigitYearsAreRefusedAndClampedInFilters) {
  save_mixed_six();
  auto late = v2("late", "t1", 0, "x");
  late.createdAt = *parse_iso8601("+010000-01-01T00:00:00.000Z");
  expect_error<InvalidArgumentError>([&] { store().save_messages({late}); },
                                     "LIBSQL_STORE_SAVE_MESSAGES_FAILED", "years 0000 to 9999");
  late.createdAt = *parse_iso8601("-000001-01-01T00:00:00.000Z");
  expect_error<InvalidArgumentError>([&] { store().save_messages({late}); },
                                     "LIBSQL_STORE_SAVE_MESSAGES_FAILED", "years 0000 to 9999");
  const auto js_max = parse_iso8601("+275760-09-13T00:00:00.000Z");
  const auto js_min = parse_iso8601("-271821-04-20T00:00:00.000Z");
  ASSERT_TRUE(js_max && js_min);
  auto all = store().get_messages_paginated(
      {.threadId = "t1", .perPage = 100, .dateRange = {.start = js_min, .end = js_max}});
  EXPECT_EQ(all.total, 6);
  EXPECT_EQ(all.messages.size(), 6u);
  auto none = store().get_messages_paginated(
      {.threadId = "t1", .perPage = 100, .dateRange = {.start = js_max}});
  EXPECT_EQ(none.total, 0);
}

// Issue #12.1: reads hand on the stored text of V2 content (and of thread metadata) unparsed, on
// every backend; it parses, when looked at, to what was saved. V1 content is converted, so parsed.
TEST_P(MessagesTest, ReadsHoldTheStoredTextOfV2ContentUnparsed) {
  store().save_thread({.id = "t-meta",
                       .resourceId = "r1",
                       .title = "with metadata",
                       .metadata = Json{{"k", "v"}, {"n", 1.5}},
                       .createdAt = ts(0),
                       .updatedAt = ts(0)});
  const auto saved = v2("m-v2", "t-meta", 1, "caf\u00e9 \"quoted\" \n");
  store().save_messages({saved, v1("m-v1", "t-meta", 2, "plain")});
  const auto got = store().get_messages({.threadId = "t-meta"});
  ASSERT_EQ(got.size(), 2u);
  ASSERT_NE(got[0].content.held_text(), nullptr);
  EXPECT_FALSE(got[0].content.is_parsed());
  EXPECT_EQ(*got[0].content.held_text(), core::to_json_text(saved.content));
  EXPECT_EQ(got[0].content, saved.content);
  EXPECT_TRUE(got[0].content.is_parsed());
  EXPECT_EQ(got[1].content.held_text(), nullptr);  // V1: converted to V2
  EXPECT_EQ(got[1].content->at("parts").back().at("text"), "plain");

  const auto thread = store().get_thread_by_id("t-meta");
  ASSERT_TRUE(thread);
  ASSERT_NE(thread->metadata.held_text(), nullptr);
  EXPECT_EQ(*thread->metadata.held_text(), R"({"k":"v","n":1.5})");

  // A value read and written back is stored as the same text.
  auto again = got[0];
  again.id = "m-v2-copy";
  store().save_messages({again});
  const auto all = store().get_messages({.threadId = "t-meta"});
  const auto copy =
      std::find_if(all.begin(), all.end(), [](const Message& m) { return m.id == "m-v2-copy"; });
  ASSERT_NE(copy, all.end());
  ASSERT_NE(copy->content.held_text(), nullptr);
  EXPECT_EQ(*copy->content.held_text(), *got[0].content.held_text());
}

LIBSQLSTORE_INSTANTIATE_CONFORMANCE(MessagesTest);

}  // namespace
}  // namespace libsqlstore::testing
