// Reciprocal rank fusion: scores, repeated ids, ties.
#include "search/rank_fusion.hpp"

#include <gtest/gtest.h>

namespace libsqlstore::search {
namespace {

TEST(RankFusion, ScoresAreSumsOfReciprocalRanks) {
  const auto fused = fuse_ranks({"a", "b", "c"}, {"c", "d", "a"}, 60);
  ASSERT_EQ(fused.size(), 4u);
  EXPECT_EQ(fused[0].id, "a");  // 1/61 + 1/63
  EXPECT_DOUBLE_EQ(fused[0].score, 1.0 / 61 + 1.0 / 63);
  EXPECT_EQ(fused[1].id, "c");  // 1/63 + 1/61: equal to a's, a is better in the first list
  EXPECT_EQ(fused[2].id, "b");  // 1/62
  EXPECT_EQ(fused[3].id, "d");  // 1/62, tie with b: b has a first-list rank
  EXPECT_EQ(fused[3].second_rank, 2);
  EXPECT_FALSE(fused[3].first_rank.has_value());
}

TEST(RankFusion, RepeatsKeepTheirBestRankAndTakeNoOther) {
  // Several chunks of one message in the vector list.
  const auto fused = fuse_ranks({}, {"x", "x", "y", "x"}, 0);
  ASSERT_EQ(fused.size(), 2u);
  EXPECT_EQ(fused[0].id, "x");
  EXPECT_DOUBLE_EQ(fused[0].score, 1.0);
  EXPECT_EQ(fused[1].id, "y");
  EXPECT_EQ(fused[1].second_rank, 2);
  EXPECT_DOUBLE_EQ(fused[1].score, 0.5);
}

TEST(RankFusion, EmptyListsFuseToNothing) { EXPECT_TRUE(fuse_ranks({}, {}, 60).empty()); }

}  // namespace
}  // namespace libsqlstore::search
