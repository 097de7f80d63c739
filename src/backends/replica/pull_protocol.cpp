#include "backends/replica/pull_protocol.hpp"

#include <vector>

#include "libsqlstore/error.hpp"

namespace libsqlstore::replica {

namespace {

[[noreturn]] void malformed(const std::string& what, std::uint64_t at) {
  throw Error("LIBSQL_STORE_REPLICA_PROTOCOL_ERROR", ErrorCategory::ThirdParty,
              "the primary's /pull-updates answer is malformed: " + what + " (at byte " +
                  std::to_string(at) + ")",
              Json{{"code", "REPLICA_PULL_MALFORMED"}});
}

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_bytes_field(std::string& out, unsigned tag, std::string_view data) {
  put_varint(out, (std::uint64_t{tag} << 3) | 2);
  put_varint(out, data.size());
  out.append(data);
}

void put_le16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>((v >> 8) & 0xff));
}
void put_le32(std::string& out, std::uint32_t v) {
  put_le16(out, v & 0xffff);
  put_le16(out, v >> 16);
}

// Reads a varint from `in` at `pos`; nullopt when `in` ends first. Throws past 10 bytes.
std::optional<std::uint64_t> get_varint(std::string_view in, std::size_t& pos, std::uint64_t base) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= in.size()) return std::nullopt;
    const auto b = static_cast<std::uint8_t>(in[pos++]);
    v |= std::uint64_t{b & 0x7fu} << shift;
    if ((b & 0x80) == 0) return v;
  }
  malformed("a varint longer than 10 bytes", base + pos);
}

// One field of a message: its tag, wire type and (for length-delimited ones) its bytes.
struct Field {
  std::uint64_t tag = 0;
  unsigned wire = 0;
  std::uint64_t number = 0;
  std::string_view bytes;
};

// Splits `body` into fields, calling `each` for every one.
template <class F>
void for_each_field(std::string_view body, std::uint64_t base, F&& each) {
  std::size_t pos = 0;
  while (pos < body.size()) {
    const auto key = get_varint(body, pos, base);
    if (!key) malformed("a field key cut short", base + pos);
    Field f;
    f.tag = *key >> 3;
    f.wire = static_cast<unsigned>(*key & 7);
    switch (f.wire) {
      case 0: {
        const auto v = get_varint(body, pos, base);
        if (!v) malformed("a varint field cut short", base + pos);
        f.number = *v;
        break;
      }
      case 1:
        if (body.size() - pos < 8) malformed("a fixed64 field cut short", base + pos);
        pos += 8;
        break;
      case 5:
        if (body.size() - pos < 4) malformed("a fixed32 field cut short", base + pos);
        pos += 4;
        break;
      case 2: {
        const auto n = get_varint(body, pos, base);
        if (!n || *n > body.size() - pos)
          malformed("a length-delimited field cut short", base + pos);
        f.bytes = body.substr(pos, *n);
        pos += *n;
        break;
      }
      default:
        malformed("wire type " + std::to_string(f.wire), base + pos);
    }
    each(f);
  }
}

}  // namespace

std::string encode_page_range(std::uint64_t first, std::uint64_t end) {
  // Portable format without run containers: cookie 12346, the container count, per container
  // (key, cardinality - 1) as two u16, then one u32 offset per container, then the containers.
  // Every container here holds at most 4096 values, so all are array containers (sorted u16).
  struct Container {
    std::uint32_t key;
    std::vector<std::uint16_t> values;
  };
  std::vector<Container> containers;
  for (std::uint64_t page = first; page < end; ++page) {
    const auto key = static_cast<std::uint32_t>(page >> 16);
    if (containers.empty() || containers.back().key != key) containers.push_back({key, {}});
    containers.back().values.push_back(static_cast<std::uint16_t>(page & 0xffff));
  }
  std::string out;
  put_le32(out, 12346);
  put_le32(out, static_cast<std::uint32_t>(containers.size()));
  for (const auto& c : containers) {
    put_le16(out, c.key);
    put_le16(out, static_cast<std::uint32_t>(c.values.size() - 1));
  }
  std::uint32_t offset = 8 + 8 * static_cast<std::uint32_t>(containers.size());
  for (const auto& c : containers) {
    put_le32(out, offset);
    offset += 2 * static_cast<std::uint32_t>(c.values.size());
  }
  for (const auto& c : containers)
    for (auto v : c.values) put_le16(out, v);
  return out;
}

std::string encode_pull_request(const PullRequest& request) {
  std::string out;  // encoding (1) = 0 (raw) is protobuf's default: not sent
  if (!request.server_revision.empty()) put_bytes_field(out, 2, request.server_revision);
  if (!request.client_revision.empty()) put_bytes_field(out, 3, request.client_revision);
  if (request.pages)
    put_bytes_field(out, 5, encode_page_range(request.pages->first, request.pages->second));
  return out;
}

PullDecoder::PullDecoder(HeaderFn on_header, PageFn on_page)
    : on_header_(std::move(on_header)), on_page_(std::move(on_page)) {}

void PullDecoder::feed(std::string_view bytes) {
  buffer_.append(bytes);
  std::size_t pos = 0;
  for (;;) {
    std::size_t p = pos;
    const auto length = get_varint(buffer_, p, offset_);
    if (length && *length > (have_header_ ? kPageSize + 64 : std::uint64_t{16} << 20))
      malformed("a message of " + std::to_string(*length) + " bytes", offset_ + pos);
    if (!length || *length > buffer_.size() - p) break;  // the rest has not arrived yet
    message(std::string_view(buffer_).substr(p, *length), offset_ + p);
    pos = p + *length;
  }
  buffer_.erase(0, pos);
  offset_ += pos;
}

void PullDecoder::message(std::string_view body, std::uint64_t base) {
  if (!have_header_) {
    PullHeader header;
    bool raw = true;
    for_each_field(body, base, [&](const Field& f) {
      if (f.tag == 1 && f.wire == 2) header.server_revision = std::string(f.bytes);
      if (f.tag == 2 && f.wire == 0) header.db_size = f.number;
      if (f.tag == 4 && f.wire == 2) raw = false;  // zstd_encoding: we asked for raw
    });
    if (!raw) malformed("pages are zstd-encoded (raw was asked for)", base);
    if (header.server_revision.empty()) malformed("the header has no server_revision", base);
    have_header_ = true;
    on_header_(header);
    return;
  }
  std::uint64_t page_id = 0;
  std::string_view page;
  bool have_page = false;
  for_each_field(body, base, [&](const Field& f) {
    if (f.tag == 1 && f.wire == 0) page_id = f.number;
    if (f.tag == 2 && f.wire == 2) {
      page = f.bytes;
      have_page = true;
    }
  });
  if (!have_page || page.size() != kPageSize) {
    malformed("page " + std::to_string(page_id) + " has " + std::to_string(page.size()) +
                  " bytes, not " + std::to_string(kPageSize),
              base);
  }
  ++pages_;
  on_page_(page_id, {reinterpret_cast<const std::uint8_t*>(page.data()), page.size()});
}

void PullDecoder::finish() const {
  if (!buffer_.empty()) malformed("the answer ends inside a message", offset_ + buffer_.size());
  if (!have_header_) malformed("the answer has no header", offset_);
}

}  // namespace libsqlstore::replica
