// Generated score ids: RFC 9562 version-4 UUIDs.
#include "core/uuid.hpp"

#include <regex>
#include <set>

#include <gtest/gtest.h>

namespace libsqlstore::core {
namespace {

TEST(UuidTest, HasTheVersion4Layout) {
  const std::regex layout("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  for (int i = 0; i < 200; ++i) {
    const auto id = uuid_v4();
    EXPECT_TRUE(std::regex_match(id, layout)) << id;
  }
}

TEST(UuidTest, IsUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(seen.insert(uuid_v4()).second);
}

}  // namespace
}  // namespace libsqlstore::core
