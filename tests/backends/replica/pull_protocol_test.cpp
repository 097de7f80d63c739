// The /pull-updates codec against bytes tursodb sends and expects (captured from tursodb 0.6.0:
// docs/replica.md, "Wire format").
#include "backends/replica/pull_protocol.hpp"

#include <string>
#include <vector>

#include "libsqlstore/error.hpp"

#include <gtest/gtest.h>

namespace libsqlstore::replica {
namespace {

std::string bytes(std::initializer_list<int> b) {
  std::string out;
  for (int v : b) out.push_back(static_cast<char>(v));
  return out;
}

TEST(PullRequestEncoding, MatchesWhatTheServerExpects) {
  EXPECT_EQ(encode_pull_request({}), "");  // a bootstrap: an empty body
  EXPECT_EQ(encode_pull_request({.client_revision = "22"}), bytes({0x1a, 0x02, '2', '2'}));
  EXPECT_EQ(encode_pull_request({.server_revision = "7", .client_revision = "5"}),
            bytes({0x12, 0x01, '7', 0x1a, 0x01, '5'}));
}

TEST(PullRequestEncoding, PageRangesAreRoaringBitmaps) {
  // cookie 12346, one container: key 0, cardinality 2 - 1, offset 16, values 1 and 2.
  EXPECT_EQ(encode_page_range(1, 3),
            bytes({0x3a, 0x30, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 16, 0, 0, 0, 1, 0, 2, 0}));
  // Two containers when the range crosses 65536.
  const auto two = encode_page_range(65535, 65537);
  EXPECT_EQ(two.substr(4, 4), bytes({2, 0, 0, 0}));
  EXPECT_EQ(two.size(), 8u + 2 * 4 + 2 * 4 + 2 * 2);
  const auto with_selector =
      encode_pull_request({.pages = std::pair{std::uint64_t{1}, std::uint64_t{2}}});
  EXPECT_EQ(with_selector.substr(0, 2), bytes({0x2a, 18}));  // field 5, 18 bytes
}

struct Collected {
  std::vector<PullHeader> headers;
  std::vector<std::pair<std::uint64_t, std::string>> pages;
  PullDecoder decoder() {
    return PullDecoder([this](const PullHeader& h) { headers.push_back(h); },
                       [this](std::uint64_t id, std::span<const std::uint8_t> page) {
                         pages.emplace_back(id, std::string(page.begin(), page.end()));
                       });
  }
};

// varint length + PageData{page_id, encoded_page}
std::string page_record(std::uint64_t id, char fill) {
  std::string body;
  if (id != 0) body += bytes({0x08, static_cast<int>(id)});
  body += bytes({0x12, 0x80, 0x20});
  body += std::string(kPageSize, fill);
  std::string out;
  std::size_t n = body.size();
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
  return out + body;
}

TEST(PullDecoding, ANoChangeAnswer) {
  Collected c;
  auto d = c.decoder();
  d.feed(bytes({0x08, 0x0a, 0x02, '2', '2', 0x10, 0x06, 0x1a, 0x00}));
  d.finish();
  ASSERT_EQ(c.headers.size(), 1u);
  EXPECT_EQ(c.headers[0].server_revision, "22");
  EXPECT_EQ(c.headers[0].db_size, 6u);
  EXPECT_TRUE(c.pages.empty());
}

TEST(PullDecoding, PagesArriveInAnyPieces) {
  const std::string answer = bytes({0x07, 0x0a, 0x01, '3', 0x10, 0x02, 0x1a, 0x00}) +
                             page_record(0, 'a') + page_record(1, 'b');
  for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, answer.size()}) {
    Collected c;
    auto d = c.decoder();
    for (std::size_t at = 0; at < answer.size(); at += piece) d.feed(answer.substr(at, piece));
    d.finish();
    ASSERT_EQ(c.pages.size(), 2u) << piece;
    EXPECT_EQ(c.pages[0].first, 0u);  // page_id 0 is protobuf's default: not on the wire
    EXPECT_EQ(c.pages[0].second, std::string(kPageSize, 'a'));
    EXPECT_EQ(c.pages[1].first, 1u);
    EXPECT_EQ(c.headers.at(0).server_revision, "3");
  }
}

TEST(PullDecoding, SkipsFieldsItDoesNotKnow) {
  // A 0.7-style header: stream_kind (5), apply_mode (6), protocol (8) and a fixed32 field.
  Collected c;
  auto d = c.decoder();
  const std::string body = bytes({0x0a, 0x01, '9', 0x10, 0x01, 0x1a, 0x00, 0x28, 0x00, 0x30, 0x01,
                                  0x40, 0x01, 0x4d, 1, 2, 3, 4});
  d.feed(bytes({static_cast<int>(body.size())}) + body);
  d.finish();
  EXPECT_EQ(c.headers.at(0).server_revision, "9");
}

void expect_malformed(const std::string& answer) {
  Collected c;
  auto d = c.decoder();
  try {
    d.feed(answer);
    d.finish();
    FAIL() << "accepted a malformed answer";
  } catch (const Error& e) {
    EXPECT_EQ(e.id(), "LIBSQL_STORE_REPLICA_PROTOCOL_ERROR");
    EXPECT_NE(std::string(e.what()).find("at byte"), std::string::npos) << e.what();
  }
}

TEST(PullDecoding, RejectsWhatIsNotAPullAnswer) {
  expect_malformed("");                                                // no header
  expect_malformed(bytes({0x04, 0x10, 0x01, 0x1a, 0x00}));             // no revision
  expect_malformed(bytes({0x05, 0x0a, 0x01, '1', 0x22, 0x00}));        // zstd pages
  expect_malformed(bytes({0x07, 0x0a, 0x01, '3', 0x10, 0x02, 0x1a}));  // cut inside
  expect_malformed(
      bytes({0x03, 0x0a, 0x01, '3', 0x05, 0x08, 0x01, 0x12, 0x01, 'x'}));    // short page
  expect_malformed(bytes({0x03, 0x0a, 0x01, '3', 0xff, 0xff, 0xff, 0x7f}));  // absurd length
  expect_malformed(bytes({0x02, 0x0b, 0x00}));                               // wire type 3
}

}  // namespace
}  // namespace libsqlstore::replica
