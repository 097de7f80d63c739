// The identifier rule every caller-supplied name passes before it reaches SQL text.
#include "core/identifier.hpp"

#include "libsqlstore/error.hpp"

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace libsqlstore::core {
namespace {

using testing::caught;

TEST(IdentifierTest, AcceptsTheReferenceGrammar) {
  for (const char* ok : {"a", "_", "A1", "mastra_threads", "_x_9", "createdAt", "Z"}) {
    EXPECT_TRUE(is_valid_identifier(ok)) << ok;
  }
  EXPECT_TRUE(is_valid_identifier(std::string(63, 'a')));
}

TEST(IdentifierTest, RejectsAnythingElse) {
  for (const char* bad : {"", "1a", "a-b", "a b", "a;", "\"a\"", "a.b", "x') OR 1=1 --", "é", "a\n",
                          "$a", "[a]", "`a`", "a*"}) {
    EXPECT_FALSE(is_valid_identifier(bad)) << bad;
  }
  EXPECT_FALSE(is_valid_identifier(std::string("a\0b", 3)));
  EXPECT_FALSE(is_valid_identifier(std::string(64, 'a')));
}

TEST(IdentifierTest, CheckedIdentifierThrowsTheReferenceMessage) {
  EXPECT_EQ(checked_identifier("ok_name", "table name"), "ok_name");
  if (const auto e =
          caught<InvalidArgumentError>([&] { checked_identifier("bad name", "column name"); })) {
    EXPECT_STREQ(e->what(),
                 "Invalid column name: bad name. Must start with a letter or underscore, contain "
                 "only letters, numbers, or underscores, and be at most 63 characters long.");
    EXPECT_EQ(e->category(), ErrorCategory::User);
    EXPECT_EQ(e->details()["kind"], "column name");
    EXPECT_EQ(e->details()["name"], "bad name");
  }
}

}  // namespace
}  // namespace libsqlstore::core
