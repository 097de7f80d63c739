#include "core/base64.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace libsqlstore::core {
namespace {

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

TEST(Base64, EncodesWithPaddingAndDecodesWithOrWithout) {
  EXPECT_EQ(base64_encode(bytes("")), "");
  EXPECT_EQ(base64_encode(bytes("f")), "Zg==");
  EXPECT_EQ(base64_encode(bytes("fo")), "Zm8=");
  EXPECT_EQ(base64_encode(bytes("foo")), "Zm9v");
  EXPECT_EQ(base64_encode(bytes("foob")), "Zm9vYg==");
  EXPECT_EQ(base64_decode("Zg"), bytes("f"));
  EXPECT_EQ(base64_decode("Zg=="), bytes("f"));
  EXPECT_EQ(base64_decode("Zm8"), bytes("fo"));
  EXPECT_EQ(base64_decode("Zm8="), bytes("fo"));
  EXPECT_EQ(base64_decode("AQL/"), (std::vector<std::uint8_t>{1, 2, 255}));
  EXPECT_EQ(base64_decode(""), std::vector<std::uint8_t>{});
}

TEST(Base64, RejectsWhatIsNotBase64) {
  EXPECT_FALSE(base64_decode("Z"));     // impossible length
  EXPECT_FALSE(base64_decode("Zg="));   // partial padding
  EXPECT_FALSE(base64_decode("Z-8"));   // URL alphabet
  EXPECT_FALSE(base64_decode("Zm 8"));  // whitespace
  EXPECT_FALSE(base64_decode("Zh"));    // non-zero trailing bits
}

TEST(Base64, RoundTripsEveryByte) {
  std::vector<std::uint8_t> all(256);
  for (int i = 0; i < 256; ++i) all[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
  for (std::size_t n = 0; n < all.size(); n += 37) {
    std::vector<std::uint8_t> part(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_EQ(base64_decode(base64_encode(part)), part);
  }
}

}  // namespace
}  // namespace libsqlstore::core
