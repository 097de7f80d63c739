// The Turso sync protocol's page pull (`POST /pull-updates`), encoded and decoded by hand: three
// protobuf messages (PullUpdatesReqProtoBody, PullUpdatesRespProtoBody, PageData) and the
// RoaringBitmap that selects pages. The answer is a stream of varint-length-delimited messages
// (one header, then one per page); PullDecoder takes it in pieces as it arrives, so memory stays
// one page however large the database. Unknown fields are skipped (newer servers add some).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace libsqlstore::replica {

/// The page size the protocol carries (the client refuses others).
inline constexpr std::size_t kPageSize = 4096;

struct PullRequest {
  /// Pin the answer to this server revision ("" = the latest).
  std::string server_revision;
  /// The revision the replica has ("" = none: every page).
  std::string client_revision;
  /// Only pages [first, end) (0-based), sent as a RoaringBitmap; nullopt = every page.
  /// At most 65536 pages.
  std::optional<std::pair<std::uint64_t, std::uint64_t>> pages;
};

/// The request body (raw page encoding, pages stream).
std::string encode_pull_request(const PullRequest& request);

/// RoaringBitmap portable serialization of the page ids [first, end) (array containers).
std::string encode_page_range(std::uint64_t first, std::uint64_t end);

struct PullHeader {
  std::string server_revision;
  std::uint64_t db_size = 0;  ///< pages
};

class PullDecoder {
 public:
  using HeaderFn = std::function<void(const PullHeader&)>;
  /// A page (0-based id, kPageSize bytes), valid during the call.
  using PageFn = std::function<void(std::uint64_t page_id, std::span<const std::uint8_t> page)>;

  PullDecoder(HeaderFn on_header, PageFn on_page);
  /// Takes the next piece of the answer; calls the callbacks for each complete message. Bytes
  /// that are not a pull answer throw Error LIBSQL_STORE_REPLICA_PROTOCOL_ERROR saying what is
  /// wrong and at which byte.
  void feed(std::string_view bytes);
  /// The answer ended: throws (as feed) if it ended inside a message or had no header.
  void finish() const;
  std::uint64_t pages() const noexcept { return pages_; }

 private:
  void message(std::string_view body, std::uint64_t base);

  HeaderFn on_header_;
  std::uint64_t offset_ = 0;  ///< where buffer_ starts in the answer (for messages)
  PageFn on_page_;
  std::string buffer_;
  bool have_header_ = false;
  std::uint64_t pages_ = 0;
};

}  // namespace libsqlstore::replica
