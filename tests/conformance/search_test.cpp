// Keyword search on every backend that has FTS5 (memory, file, the fake Hrana server; a real
// libSQL server when configured), and the documented refusal where there is none (tursodb).
// The index is compared with a rebuild from the data (SearchStore::check) after every kind of
// write, including long random sequences.
#include <optional>
#include <random>
#include <set>
#include <string>

#include "hrana_test_server.hpp"
#include "matchers.hpp"
#include "sample_content.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

class SearchTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    fts5_ = store().capabilities().fullTextSearch;
    if (!fts5_) return;
    store().save_thread({"t1", "r1", "Trip to Zürich", nullptr, ts(0), ts(0)});
    store().save_thread({"t2", "r1", "Cooking crème brûlée", nullptr, ts(1), ts(1)});
    store().save_thread({"t3", "r2", "Flight plans", nullptr, ts(2), ts(2)});
  }

  /// Skips a test on a backend without FTS5 (one test checks the refusal there).
  bool skip_without_fts5() const { return !fts5_; }

  Message msg(const std::string& id, const std::string& thread, const std::string& resource,
              Json content, std::int64_t at, const std::string& role = "user") {
    return Message{.id = id,
                   .role = role,
                   .content = std::move(content),
                   .createdAt = ts(at),
                   .threadId = thread,
                   .resourceId = resource};
  }

  void save_conversation() {
    store().save_messages({
        msg("m1", "t1", "r1", v2("My flight number is LH 123, leaving Zürich at noon"), 10),
        msg("m2", "t1", "r1", v2("Noted: flight LH 123. Anything else?"), 11, "assistant"),
        msg("m3", "t2", "r1", v2("How long should the crème rest?"), 12),
        msg("m4", "t3", "r2", v2("Book the cheapest flight to Lisbon"), 13),
    });
  }

  std::vector<std::string> ids(const MessageSearchPage& page) {
    std::vector<std::string> out;
    for (const auto& hit : page.results) out.push_back(hit.message.id);
    return out;
  }

  std::set<std::string> id_set(const MessageSearchPage& page) {
    const auto v = ids(page);
    return {v.begin(), v.end()};
  }

  void expect_consistent(const char* when) {
    const auto c = store().search().check();
    EXPECT_TRUE(c.consistent()) << when << ": missing " << c.missing << ", extra " << c.extra
                                << ", stale " << c.stale;
  }

  bool fts5_ = false;
};

#define SKIP_WITHOUT_FTS5() \
  if (skip_without_fts5()) GTEST_SKIP() << "this backend has no FTS5 (docs/search.md)"

TEST_P(SearchTest, BackendsWithoutFts5RefuseToEnableWithUnsupportedError) {
  if (fts5_) {
    EXPECT_TRUE(store().search().enable().ready);
    return;
  }
  try {
    store().search().enable();
    FAIL() << "enable() succeeded without FTS5";
  } catch (const UnsupportedError& e) {
    EXPECT_EQ(e.id(), "LIBSQL_STORE_ENABLE_SEARCH_FAILED");
    EXPECT_NE(std::string(e.what()).find("FTS5"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(store().search().status().enabled);
}

TEST_P(SearchTest, SearchingBeforeEnablingIsASchemaError) {
  SKIP_WITHOUT_FTS5();
  save_conversation();
  EXPECT_FALSE(store().search().status().enabled);
  try {
    store().search_messages({.query = "flight"});
    FAIL() << "searched without an index";
  } catch (const SchemaError& e) {
    EXPECT_EQ(e.id(), "LIBSQL_STORE_SEARCH_MESSAGES_FAILED");
    EXPECT_NE(std::string(e.what()).find("not enabled"), std::string::npos) << e.what();
  }
  EXPECT_THROW(store().search_threads({.query = "flight"}), SchemaError);
  EXPECT_THROW(store().search().check(), SchemaError);
  EXPECT_THROW(store().search().rebuild(), SchemaError);
}

TEST_P(SearchTest, FindsMessagesByEveryWordRankedWithSnippets) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  save_conversation();
  const auto page = store().search_messages({.query = "flight LH"});
  EXPECT_EQ(id_set(page), (std::set<std::string>{"m1", "m2"}));
  EXPECT_EQ(page.total, 2);
  EXPECT_FALSE(page.hasMore);
  ASSERT_EQ(page.results.size(), 2u);
  // The shorter message holds the terms more densely: BM25 ranks it first.
  EXPECT_EQ(page.results[0].message.id, "m2");
  EXPECT_GT(page.results[0].score, page.results[1].score);
  EXPECT_GT(page.results[1].score, 0);
  EXPECT_EQ(page.results[0].threadId, "t1");
  EXPECT_NE(page.results[0].snippet.find("<mark>flight</mark>"), std::string::npos)
      << page.results[0].snippet;
  // The message as a read returns it.
  EXPECT_EQ(page.results[1].message, store().get_messages({.threadId = "t1"}).at(0));
}

TEST_P(SearchTest, TheLastWordIsAPrefixAndCaseAndDiacriticsFold) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  save_conversation();
  EXPECT_EQ(id_set(store().search_messages({.query = "fli"})),
            (std::set<std::string>{"m1", "m2", "m4"}));
  EXPECT_EQ(ids(store().search_messages({.query = "ZURICH"})), std::vector<std::string>{"m1"});
  EXPECT_EQ(ids(store().search_messages({.query = "creme"})), std::vector<std::string>{"m3"});
  // Only the last word is a prefix.
  EXPECT_TRUE(store().search_messages({.query = "fli number"}).results.empty());
}

TEST_P(SearchTest, PhraseModeNeedsTheWordsTogetherInOrder) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  save_conversation();
  EXPECT_EQ(ids(store().search_messages({.query = "flight number", .mode = SearchMode::Phrase})),
            std::vector<std::string>{"m1"});
  EXPECT_TRUE(store()
                  .search_messages({.query = "number flight", .mode = SearchMode::Phrase})
                  .results.empty());
}

TEST_P(SearchTest, Fts5ModePassesTheSyntaxThroughAndLocatesErrors) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  save_conversation();
  EXPECT_EQ(id_set(store().search_messages({.query = "lisbon OR crème", .mode = SearchMode::Fts5})),
            (std::set<std::string>{"m3", "m4"}));
  EXPECT_EQ(ids(store().search_messages(
                {.query = "flight NOT noted", .mode = SearchMode::Fts5, .threadId = "t1"})),
            std::vector<std::string>{"m1"});
  try {
    store().search_messages({.query = "flight AND (lisbon", .mode = SearchMode::Fts5});
    FAIL() << "accepted a malformed query";
  } catch (const InvalidArgumentError& e) {
    EXPECT_EQ(e.id(), "LIBSQL_STORE_SEARCH_MESSAGES_FAILED");
    EXPECT_EQ(e.details().at("position"), 18);
  }
}

TEST_P(SearchTest, TypedTextNeverMakesASyntaxError) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  save_conversation();
  for (const std::string text : {"\"", "AND", "flight OR", "(", "NEAR(", "a:b", "-x", "*", "^",
                                 "'; DROP TABLE mastra_messages; --", "LH-123", "{}"}) {
    for (auto mode : {SearchMode::Words, SearchMode::Phrase}) {
      EXPECT_NO_THROW(store().search_messages({.query = text, .mode = mode})) << text;
    }
  }
  EXPECT_EQ(id_set(store().search_messages({.query = "LH-123"})),
            (std::set<std::string>{"m1", "m2"}));
  EXPECT_THROW(store().search_messages({.query = "  "}), InvalidArgumentError);
}

TEST_P(SearchTest, IndexesTheTextAPersonReadsNotJsonSyntaxOrToolArguments) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  Json tool = Json::parse(R"({"format":2,"parts":[
      {"type":"text","text":"Let me check the weather"},
      {"type":"tool-invocation","toolInvocation":{"state":"result","toolCallId":"c1",
       "toolName":"getWeather","args":{"city":"Quimper"},"result":{"temp":"sunny"}}},
      {"type":"reasoning","reasoning":"the user wants Brittany","details":[]}]})");
  store().save_messages({
      msg("tool", "t1", "r1", tool, 20, "assistant"),
      msg("plain", "t1", "r1", "a V1 plain string about kayaks", 21),
      msg("array", "t1", "r1",
          Json::parse(R"([{"type":"text","text":"array items about canoes"}])"), 22),
  });
  EXPECT_EQ(ids(store().search_messages({.query = "weather"})), std::vector<std::string>{"tool"});
  EXPECT_EQ(ids(store().search_messages({.query = "getWeather"})),
            std::vector<std::string>{"tool"});
  EXPECT_EQ(ids(store().search_messages({.query = "Brittany"})), std::vector<std::string>{"tool"});
  EXPECT_EQ(ids(store().search_messages({.query = "kayaks"})), std::vector<std::string>{"plain"});
  EXPECT_EQ(ids(store().search_messages({.query = "canoes"})), std::vector<std::string>{"array"});
  for (const std::string noise : {"Quimper", "sunny", "toolCallId", "format", "parts", "c1"}) {
    EXPECT_TRUE(store().search_messages({.query = noise}).results.empty()) << noise;
  }
}

TEST_P(SearchTest, ScopesByThreadResourceRoleAndDate) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  save_conversation();
  EXPECT_EQ(ids(store().search_messages({.query = "flight", .resourceId = "r2"})),
            std::vector<std::string>{"m4"});
  EXPECT_EQ(id_set(store().search_messages({.query = "flight", .threadId = "t1"})),
            (std::set<std::string>{"m1", "m2"}));
  EXPECT_EQ(
      ids(store().search_messages({.query = "flight", .threadId = "t1", .roles = {"assistant"}})),
      std::vector<std::string>{"m2"});
  EXPECT_EQ(ids(store().search_messages(
                {.query = "flight", .dateRange = {.start = ts(12), .end = ts(13)}})),
            std::vector<std::string>{"m4"});
  EXPECT_TRUE(store().search_messages({.query = "flight", .resourceId = "nobody"}).results.empty());
}

TEST_P(SearchTest, PagesHaveAnExactTotalAndHasMore) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  std::vector<Message> batch;
  for (int i = 0; i < 7; ++i) {
    batch.push_back(msg("p" + std::to_string(i), "t1", "r1",
                        v2("parcel tracking " + std::to_string(i)), 30 + i));
  }
  store().save_messages(batch);
  // Unscoped and scoped searches make their snippets in different ways
  // (src/search/search_queries.cpp): both are paged alike.
  for (const std::optional<std::string>& thread : {std::optional<std::string>{}, {"t1"}}) {
    std::set<std::string> seen;
    for (std::int64_t page = 0; page < 3; ++page) {
      const auto p = store().search_messages(
          {.query = "parcel", .threadId = thread, .page = page, .perPage = 3});
      EXPECT_EQ(p.total, 7);
      EXPECT_EQ(p.hasMore, page < 2);
      EXPECT_EQ(p.results.size(), page < 2 ? 3u : 1u);
      for (const auto& hit : p.results) {
        EXPECT_TRUE(seen.insert(hit.message.id).second);
        // Every hit of every page has its snippet.
        EXPECT_EQ(hit.snippet, "<mark>parcel</mark> tracking " + hit.message.id.substr(1));
      }
    }
    EXPECT_EQ(seen.size(), 7u) << thread.value_or("unscoped");
  }
  // Equal scores: newest first.
  EXPECT_EQ(store().search_messages({.query = "parcel", .perPage = 1}).results.at(0).message.id,
            "p6");
  EXPECT_THROW(store().search_messages({.query = "parcel", .page = -1}), InvalidArgumentError);
}

TEST_P(SearchTest, SnippetsTakeTheCallersMarkers) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  save_conversation();
  const auto p = store().search_messages(
      {.query = "lisbon", .snippet = {.open = "[", .close = "]", .ellipsis = "...", .tokens = 3}});
  ASSERT_EQ(p.results.size(), 1u);
  EXPECT_EQ(p.results[0].snippet, "...flight to [Lisbon]");
  EXPECT_THROW(store().search_messages({.query = "lisbon", .snippet = {.tokens = 0}}),
               InvalidArgumentError);
}

TEST_P(SearchTest, ThreadTitlesAreSearchable) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  const auto p = store().search_threads({.query = "zurich"});
  ASSERT_EQ(p.results.size(), 1u);
  EXPECT_EQ(p.results[0].thread, *store().get_thread_by_id("t1"));
  EXPECT_NE(p.results[0].snippet.find("<mark>Zürich</mark>"), std::string::npos);
  EXPECT_EQ(store().search_threads({.query = "flight", .resourceId = "r1"}).total, 0);
  EXPECT_EQ(store().search_threads({.query = "flight", .resourceId = "r2"}).total, 1);
  // save_thread replaces the whole row (INSERT OR REPLACE): the old title leaves the index.
  store().save_thread({"t1", "r1", "Trip to Oslo", nullptr, ts(0), ts(5)});
  EXPECT_EQ(store().search_threads({.query = "zurich"}).total, 0);
  EXPECT_EQ(store().search_threads({.query = "oslo"}).total, 1);
  store().update_thread({.id = "t1", .title = "Trip to Bergen"});
  EXPECT_EQ(store().search_threads({.query = "oslo"}).total, 0);
  EXPECT_EQ(store().search_threads({.query = "bergen"}).total, 1);
  expect_consistent("after thread updates");
}

TEST_P(SearchTest, EveryKindOfWriteKeepsTheIndexExact) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  save_conversation();
  expect_consistent("after save");
  // Re-saving a message with new content (the upsert keeps the row, changes the text).
  store().save_messages({msg("m4", "t3", "r2", v2("Book a train to Porto"), 13)});
  EXPECT_TRUE(store().search_messages({.query = "lisbon"}).results.empty());
  EXPECT_EQ(ids(store().search_messages({.query = "porto"})), std::vector<std::string>{"m4"});
  expect_consistent("after re-save");
  // update_messages: content merged, thread moved.
  store().update_messages(
      {{.id = "m3",
        .content = Json{{"parts", Json::array({{{"type", "text"}, {"text", "Rest it 4 hours"}}})}},
        .threadId = "t1"}});
  EXPECT_TRUE(store().search_messages({.query = "crème"}).results.empty());
  EXPECT_EQ(ids(store().search_messages({.query = "hours", .threadId = "t1"})),
            std::vector<std::string>{"m3"});
  expect_consistent("after update");
  store().delete_messages({"m1"});
  EXPECT_EQ(ids(store().search_messages({.query = "flight"})), std::vector<std::string>{"m2"});
  store().delete_thread("t1");
  EXPECT_TRUE(store().search_messages({.query = "flight"}).results.empty());
  EXPECT_EQ(store().search_threads({.query = "zurich"}).total, 0);
  expect_consistent("after deletes");
  store().clear_table("mastra_messages");
  EXPECT_EQ(store().search().status().messages, 0);
  expect_consistent("after clear_table");
}

TEST_P(SearchTest, EnablingOnExistingDataBuildsInBatchesWithProgress) {
  SKIP_WITHOUT_FTS5();
  std::vector<Message> batch;
  for (int i = 0; i < 25; ++i) {
    batch.push_back(
        msg("e" + std::to_string(i), "t1", "r1", v2("existing note " + std::to_string(i)), i));
  }
  store().save_messages(batch);
  std::vector<SearchProgress> progress;
  const auto status = store().search().enable(
      {.batchSize = 10, .onProgress = [&](const SearchProgress& p) { progress.push_back(p); }});
  EXPECT_TRUE(status.enabled);
  EXPECT_TRUE(status.ready);
  EXPECT_EQ(status.messages, 25);
  EXPECT_EQ(status.threads, 3);
  std::vector<std::int64_t> message_steps;
  for (const auto& p : progress) {
    if (p.table == "mastra_messages") {
      EXPECT_EQ(p.total, 25);
      message_steps.push_back(p.done);
    }
  }
  EXPECT_EQ(message_steps, (std::vector<std::int64_t>{10, 20, 25}));
  EXPECT_EQ(store().search_messages({.query = "existing"}).total, 25);
  expect_consistent("after the build");
  // Enabling again does nothing.
  progress.clear();
  store().search().enable({.onProgress = [&](const SearchProgress& p) { progress.push_back(p); }});
  EXPECT_TRUE(progress.empty());
  EXPECT_THROW(store().search().enable({.batchSize = 0}), InvalidArgumentError);
}

TEST_P(SearchTest, DisablingDropsTheIndexAndLeavesTheData) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  save_conversation();
  store().search().disable();
  EXPECT_FALSE(store().search().status().enabled);
  EXPECT_THROW(store().search_messages({.query = "flight"}), SchemaError);
  EXPECT_EQ(store().get_messages({.threadId = "t1"}).size(), 2u);
  // Writes work without the triggers, and enabling again indexes what was written meanwhile.
  store().save_messages({msg("m9", "t3", "r2", v2("late flight"), 40)});
  store().search().disable();  // nothing to do
  store().search().enable();
  EXPECT_EQ(store().search_messages({.query = "flight"}).total, 4);
  expect_consistent("after re-enabling");
}

TEST_P(SearchTest, TrigramFindsSubstringsAndTextWithoutSpaces) {
  SKIP_WITHOUT_FTS5();
  store().search().enable({.tokenizer = SearchTokenizer::Trigram});
  save_conversation();
  store().save_messages({msg("ja", "t1", "r1", v2("東京に行きます"), 50)});
  EXPECT_EQ(store().search().status().tokenizer, SearchTokenizer::Trigram);
  EXPECT_EQ(id_set(store().search_messages({.query = "ligh"})),
            (std::set<std::string>{"m1", "m2", "m4"}));
  EXPECT_EQ(ids(store().search_messages({.query = "行きま"})), std::vector<std::string>{"ja"});
  // Switching the tokenizer rebuilds the index with the other one.
  store().search().enable({.tokenizer = SearchTokenizer::Unicode61});
  EXPECT_EQ(store().search().status().tokenizer, SearchTokenizer::Unicode61);
  EXPECT_TRUE(store().search_messages({.query = "ligh"}).results.empty());
  EXPECT_EQ(store().search_messages({.query = "flight"}).total, 3);
  expect_consistent("after switching tokenizers");
}

TEST_P(SearchTest, InitOptionsEnableSearchAndTheChoiceIsKeptInTheDatabase) {
  SKIP_WITHOUT_FTS5();
  store().init({.search = SearchSetup{}});
  save_conversation();
  if (GetParam().name == "memory") return;  // a private database: nothing to reopen
  auto again = reopen();
  again->init();
  EXPECT_TRUE(again->search().status().ready);
  EXPECT_EQ(again->search_messages({.query = "lisbon"}).total, 1);
}

TEST_P(SearchTest, InitRepairsTheIndexAfterATableWasDroppedAndCreatedAgain) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  save_conversation();
  store().drop_table("mastra_messages");  // its triggers go with it
  store().init();
  expect_consistent("after init");
  EXPECT_TRUE(store().search_messages({.query = "flight"}).results.empty());
  store().save_messages({msg("n1", "t1", "r1", v2("new flight"), 60)});
  EXPECT_EQ(ids(store().search_messages({.query = "flight"})), std::vector<std::string>{"n1"});
  expect_consistent("after a write");
}

TEST_P(SearchTest, RandomWriteSequencesMatchARebuild) {
  SKIP_WITHOUT_FTS5();
  store().search().enable();
  const std::vector<std::string> words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};
  std::mt19937 rng(12345);
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  auto text = [&] { return words[pick(words.size())] + " " + words[pick(words.size())]; };
  const std::vector<std::string> threads = {"t1", "t2", "t3"};
  for (int step = 0; step < 120; ++step) {
    const std::string id = "x" + std::to_string(pick(15));
    const std::string thread = threads[pick(threads.size())];
    switch (pick(7)) {
      case 0:
      case 1:
        store().save_messages({msg(id, thread, "r1", v2(text()), step)});
        break;
      case 2:
        store().save_messages({msg(id, thread, "r1", text(), step)});  // V1 string
        break;
      case 3:
        if (store().get_messages_paginated({.threadId = thread}).total > 0) {
          try {
            store().update_messages({{.id = id, .content = v2(text()), .threadId = thread}});
          } catch (const Error&) {
            // an unknown id: nothing to update
          }
        }
        break;
      case 4:
        store().delete_messages({id});
        break;
      case 5:
        store().save_thread({thread, "r1", text(), nullptr, ts(step), ts(step)});
        break;
      default:
        if (pick(10) == 0) store().delete_thread(thread);
        break;
    }
    if (step % 20 == 19) expect_consistent(("step " + std::to_string(step)).c_str());
  }
  // A rebuild from scratch answers every query the same.
  std::vector<std::pair<std::int64_t, std::set<std::string>>> before;
  for (const auto& w : words) {
    const auto p = store().search_messages({.query = w, .perPage = 100});
    before.emplace_back(p.total, id_set(p));
  }
  store().search().rebuild();
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto p = store().search_messages({.query = words[i], .perPage = 100});
    EXPECT_EQ(p.total, before[i].first) << words[i];
    EXPECT_EQ(id_set(p), before[i].second) << words[i];
  }
  expect_consistent("after rebuild");
}

// A scope is exact whatever the ids look like (one a prefix of another, spaces, non-ASCII), with
// either tokenizer, and ids are never matched as words.
TEST_P(SearchTest, ScopesAreExactForAnyIdsWithEitherTokenizer) {
  SKIP_WITHOUT_FTS5();
  for (auto tokenizer : {SearchTokenizer::Unicode61, SearchTokenizer::Trigram}) {
    store().search().enable({.tokenizer = tokenizer});
    const std::vector<std::string> threads = {"a", "ab", "a b", "é", "éé"};
    for (std::size_t i = 0; i < threads.size(); ++i) {
      store().save_thread({threads[i], threads[i], "common title", nullptr, ts(0), ts(0)});
      store().save_messages({msg("s" + std::to_string(i), threads[i], threads[i],
                                 v2("shared words here"), 100 + static_cast<std::int64_t>(i))});
    }
    for (std::size_t i = 0; i < threads.size(); ++i) {
      const auto by_thread = store().search_messages({.query = "shared", .threadId = threads[i]});
      EXPECT_EQ(ids(by_thread), std::vector<std::string>{"s" + std::to_string(i)}) << threads[i];
      const auto by_resource =
          store().search_messages({.query = "shared", .resourceId = threads[i]});
      EXPECT_EQ(ids(by_resource), std::vector<std::string>{"s" + std::to_string(i)});
      EXPECT_EQ(store().search_threads({.query = "common", .resourceId = threads[i]}).total, 1);
    }
    // The scope terms are not text: neither an id nor its hex form is found.
    EXPECT_TRUE(store().search_messages({.query = "ab"}).results.empty());
    EXPECT_TRUE(store().search_messages({.query = "t6162x"}).results.empty());
    EXPECT_THROW(store().search_messages({.query = "scope:t61x", .mode = SearchMode::Fts5}),
                 InvalidArgumentError);
    expect_consistent("scopes");
  }
}

// The index is keyed by rowid: VACUUM (which rewrites every table) must keep them aligned, and
// so must an outside writer using plain SQL.
TEST_P(SearchTest, VacuumAndOutsideWritersKeepTheIndexAligned) {
  SKIP_WITHOUT_FTS5();
  if (GetParam().name != "file") GTEST_SKIP() << "needs direct access to the database file";
  store().search().enable();
  save_conversation();
  store().delete_messages({"m2"});
  {
    SqlitePeek peek(store().database_path());
    peek.exec("VACUUM");
    peek.exec(
        "INSERT INTO mastra_messages (id, thread_id, content, role, type, createdAt, resourceId) "
        "VALUES ('raw', 't1', 'typed by sqlite3 about a ferry', 'user', 'v2', "
        "'2024-01-01T00:10:00.000Z', 'r1')");
    peek.exec("UPDATE mastra_messages SET thread_id = 't2' WHERE id = 'm1'");
  }
  expect_consistent("after VACUUM and outside writes");
  EXPECT_EQ(ids(store().search_messages({.query = "ferry", .threadId = "t1"})),
            std::vector<std::string>{"raw"});
  EXPECT_EQ(ids(store().search_messages({.query = "zurich", .threadId = "t2"})),
            std::vector<std::string>{"m1"});
}

// FTS5's documented test for "fully merged": a negative 'merge' step that finds nothing to
// merge moves sqlite3_total_changes() by less than 2. (The step merges what it finds.)
std::int64_t merge_work(SqlitePeek& peek, const std::string& table) {
  const auto before = sqlite3_total_changes64(peek.handle());
  peek.exec("INSERT INTO " + table + " (" + table + ", rank) VALUES ('merge', -500)");
  return sqlite3_total_changes64(peek.handle()) - before;
}

TEST_P(SearchTest, EnableAndRebuildLeaveTheIndexInOneSegment) {
  SKIP_WITHOUT_FTS5();
  // The database file behind the store: a local file, or the fake Hrana server's (the merge
  // steps then run over the protocol).
  std::string path;
  if (store().backend() == BackendKind::File) path = store().database_path();
  if (GetParam().name == "hrana_fake") path = conformance_hrana_server().db_path();
  if (path.empty()) GTEST_SKIP() << "needs direct access to the database file";
  std::vector<Message> existing;
  for (int i = 0; i < 60; ++i) {
    existing.push_back(
        msg("e" + std::to_string(i), "t1", "r1", v2("existing note " + std::to_string(i)), i));
  }
  store().save_messages(existing);
  // Six batches: six segments, which FTS5's automerge alone leaves on two levels.
  store().search().enable({.batchSize = 10});
  int next = 100;
  const auto save_one_by_one = [&](int n) {
    for (int i = 0; i < n; ++i, ++next) {
      store().save_messages({msg("s" + std::to_string(next), "t2", "r1", v2("single note"), next)});
    }
  };
  {
    SqlitePeek peek(path);
    EXPECT_LT(merge_work(peek, "libsqlstore_search_messages"), 2) << "after enable()";
    EXPECT_LT(merge_work(peek, "libsqlstore_search_threads"), 2) << "after enable()";
  }
  save_one_by_one(6);  // one segment per commit
  {
    SqlitePeek peek(path);
    EXPECT_GE(merge_work(peek, "libsqlstore_search_messages"), 2) << "the probe sees segments";
  }
  save_one_by_one(6);
  store().search().rebuild();
  {
    SqlitePeek peek(path);
    EXPECT_LT(merge_work(peek, "libsqlstore_search_messages"), 2) << "after rebuild()";
  }
  expect_consistent("after the merges");
  EXPECT_EQ(store().search_messages({.query = "existing"}).total, 60);
  EXPECT_EQ(store().search_messages({.query = "single", .threadId = "t2"}).total, 12);
}

// Hybrid recall: the keyword hits and Memory's vector hits (metadata message_id, thread_id,
// resource_id) fused by reciprocal rank fusion.
TEST_P(SearchTest, HybridRecallFusesKeywordAndVectorRanks) {
  SKIP_WITHOUT_FTS5();
  if (!store().capabilities().vectorFunctions) GTEST_SKIP() << "no vector functions here";
  store().search().enable();
  save_conversation();
  store().save_messages({msg("m5", "t1", "r1", v2("We land at noon"), 14, "assistant")});
  LibSQLVector vectors(store());
  vectors.create_index({.indexName = "memory_messages_3", .dimension = 3});
  auto meta = [](const char* m, const char* t, const char* r) {
    return Json{{"message_id", m}, {"thread_id", t}, {"resource_id", r}};
  };
  vectors.upsert(
      {.indexName = "memory_messages_3",
       .vectors = {{1, 0, 0}, {0, 1, 0}, {0.9f, 0.1f, 0}, {1, 0, 0}, {0.8f, 0.2f, 0}},
       .metadata = {meta("m1", "t1", "r1"), meta("m2", "t1", "r1"), meta("m5", "t1", "r1"),
                    meta("m4", "t3", "r2"), meta("gone", "t1", "r1")},
       .ids = {"v1", "v2", "v5", "v4", "vgone"}});
  const SemanticRecall semantic{.indexName = "memory_messages_3", .queryVector = {1, 0, 0}};
  const auto page =
      store().search_messages({.query = "flight", .threadId = "t1", .semantic = semantic});
  // Keyword ranks: m2 (shorter), m1. Vector ranks in t1: m1, m5, (gone: no message), m2.
  ASSERT_EQ(ids(page), (std::vector<std::string>{"m1", "m2", "m5"}));
  EXPECT_EQ(page.total, 3);
  EXPECT_DOUBLE_EQ(page.results[0].score, 1.0 / 62 + 1.0 / 61);
  EXPECT_DOUBLE_EQ(page.results[1].score, 1.0 / 61 + 1.0 / 63);
  EXPECT_DOUBLE_EQ(page.results[2].score, 1.0 / 62);
  EXPECT_TRUE(page.results[0].keywordScore.has_value());
  EXPECT_NEAR(page.results[0].vectorScore.value_or(0), 1.0, 1e-6);
  EXPECT_FALSE(page.results[2].keywordScore.has_value());
  EXPECT_TRUE(page.results[2].snippet.empty());
  EXPECT_EQ(page.results[2].message, store().get_messages({.threadId = "t1"}).back());
  // Filters apply to messages found by meaning only; the scope keeps other resources out.
  const auto users = store().search_messages(
      {.query = "flight", .threadId = "t1", .roles = {"user"}, .semantic = semantic});
  EXPECT_EQ(ids(users), std::vector<std::string>{"m1"});
  const auto r1 =
      store().search_messages({.query = "flight", .resourceId = "r1", .semantic = semantic});
  EXPECT_EQ(id_set(r1), (std::set<std::string>{"m1", "m2", "m5"}));
  const auto paged = store().search_messages(
      {.query = "flight", .threadId = "t1", .page = 1, .perPage = 2, .semantic = semantic});
  EXPECT_EQ(ids(paged), std::vector<std::string>{"m5"});
  EXPECT_FALSE(paged.hasMore);
  // Bad semantic parts are refused with the vector store's or the search's reasons.
  auto bad = semantic;
  bad.queryVector = {1, 0};
  EXPECT_THROW(store().search_messages({.query = "flight", .semantic = bad}), InvalidArgumentError);
  bad = semantic;
  bad.indexName = "no_such_index";
  EXPECT_THROW(store().search_messages({.query = "flight", .semantic = bad}), NotFoundError);
  bad = semantic;
  bad.candidates = 0;
  EXPECT_THROW(store().search_messages({.query = "flight", .semantic = bad}), InvalidArgumentError);
}

LIBSQLSTORE_INSTANTIATE_CONFORMANCE(SearchTest);

}  // namespace
}  // namespace libsqlstore::testing
