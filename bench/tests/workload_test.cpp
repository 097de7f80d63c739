// Properties of the mastra-storage/1 generator that the phases rely on (the byte-for-byte
// agreement with workload.mjs is checked by compare_dump.sh).
#include "workload.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>

#include <gtest/gtest.h>

namespace libsqlstore::bench {
namespace {

TEST(Workload, SizesFollowN) {
  const auto s = Sizes::of(10000);
  EXPECT_EQ(s.threads, 1000);
  EXPECT_EQ(s.hot, 100);
  EXPECT_EQ(s.batches, 1000);
  EXPECT_EQ(s.runs, 1000);
  EXPECT_EQ(s.reads, 1000);
  for (const std::int64_t bad : {0, 50, 150, -100}) {
    EXPECT_THROW(Sizes::of(bad), std::invalid_argument) << bad;
  }
}

// Every hot thread gets exactly 80 messages, 0.02·N cold threads get 10, the rest none.
TEST(Workload, BatchesFillHotAndColdThreadsAsSpecified) {
  for (const std::int64_t n : {1000, 10000, 100000}) {
    const auto s = Sizes::of(n);
    std::map<std::int64_t, std::int64_t> per_thread;
    for (std::int64_t b = 0; b < s.batches; ++b) {
      const auto t = batch_thread(b, s);
      ASSERT_GE(t, 0);
      ASSERT_LT(t, s.threads);
      per_thread[t] += 10;
    }
    std::int64_t hot = 0, cold = 0;
    for (const auto& [t, count] : per_thread) {
      if (t < s.hot) {
        EXPECT_EQ(count, 80) << "thread " << t;
        ++hot;
      } else {
        EXPECT_EQ(count, 10) << "thread " << t;
        ++cold;
      }
    }
    EXPECT_EQ(hot, s.hot);
    EXPECT_EQ(cold, n / 50);
  }
}

TEST(Workload, PermuteVisitsEveryIndexOnce) {
  for (const std::int64_t m : {100, 1000, 10000}) {
    std::set<std::int64_t> seen;
    for (std::int64_t i = 0; i < m; ++i) seen.insert(permute(i, m));
    EXPECT_EQ(static_cast<std::int64_t>(seen.size()), m);
  }
}

TEST(Workload, ItemsAreDeterministicAndDistinct) {
  EXPECT_EQ(uuid(Kind::MessageId, 7), uuid(Kind::MessageId, 7));
  EXPECT_NE(uuid(Kind::MessageId, 7), uuid(Kind::ThreadId, 7));
  EXPECT_EQ(uuid(Kind::RunId, 0).size(), 36u);
  const auto t = text(Kind::MessageText, 3, 500);
  EXPECT_GE(t.size(), 501u);
  EXPECT_EQ(t.back(), '.');
  EXPECT_EQ(iso(kBaseMs), "2025-01-01T00:00:00.000Z");
  EXPECT_EQ(iso(kMessageBaseMs + 123 * 1000 + 45), "2025-01-02T00:02:03.045Z");
  const auto snap = snapshot(2);
  EXPECT_EQ(snap["runId"], uuid(Kind::RunId, 2));
  EXPECT_EQ(snap.begin().key(), "runId");
  EXPECT_EQ(snap["timestamp"], kRunBaseMs + 2 * 60000 + 4200);
}

}  // namespace
}  // namespace libsqlstore::bench
