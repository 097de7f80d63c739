// SHA-256 against the FIPS 180-4 examples and `sha256sum`, whole and fed in pieces.
#include "core/sha256.hpp"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace libsqlstore::core {
namespace {

TEST(Sha256, MatchesTheStandardsExamples) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, GivesTheSameDigestWhateverThePieces) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += static_cast<char>('a' + i % 26);
  // Digests from Python's hashlib: lengths around the padding boundary (55 bytes fit one final
  // block, 56 to 63 need two) and the whole text fed in pieces of every awkward size.
  const std::vector<std::pair<std::size_t, std::string>> known = {
      {55, "595615dbe4f0f407ae397d08b4c2cb870cb9b0e11937416f950c5160acf9c005"},
      {56, "784f623b787495078e93ff28a25b581df0584055a7e71d8cd90c454716b92f51"},
      {57, "808f0738aa4401bdee842e5a15a7baad5809f976d8eb6f9bd2683cebd2e8d671"},
      {63, "5ca3e1ef5207490eac01a795e5cc94d59582a5118bf9534665c8668d87aa647c"},
      {64, "2fcd5a0d60e4c941381fcc4e00a4bf8be422c3ddfafb93c809e8d1e2bfffae8e"},
      {119, "faef67da856d6fd9c8d12f9ed0a4fefd3cf0ce085ab43e2907418d457e3c354b"},
      {120, "c9512b08619c19fbb503c7da6b46ef20301e5f7a7a5f43989182398536f5c5c8"},
  };
  for (const auto& [n, digest] : known) EXPECT_EQ(sha256_hex(text.substr(0, n)), digest) << n;
  const std::string whole = "915e53a44c18b19bb06ba5b3f5fcaf1dc4651e8404c63425cfc6174e74659d87";
  for (const std::size_t piece : {1U, 3U, 55U, 56U, 63U, 64U, 65U, 200U}) {
    Sha256 h;
    for (std::size_t at = 0; at < text.size(); at += piece) h.update(text.substr(at, piece));
    EXPECT_EQ(h.hex_digest(), whole) << "pieces of " << piece;
  }
}

TEST(Sha256, AgreesWithSha256sum) {
  // printf 'libsqlstore\n' | sha256sum
  EXPECT_EQ(sha256_hex("libsqlstore\n"),
            "107e7d49af6aa07cfff844c68c1e8ce84ca004c6e0d468522f1958d8ea68a6c5");
}

}  // namespace
}  // namespace libsqlstore::core
