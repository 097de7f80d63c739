// SHA-256 (FIPS 180-4), incremental: the export format's checksum, so that `sha256sum` can check
// a dump without libsqlstore (docs/export-format.md).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace libsqlstore::core {

/// Thread-safety: none; one object per stream.
class Sha256 {
 public:
  Sha256() noexcept;
  /// Appends bytes to the message.
  void update(std::string_view bytes) noexcept;
  /// The digest of everything appended, as 64 lowercase hex digits. Leaves the object unusable
  /// for further updates (start a new one).
  std::string hex_digest() noexcept;

 private:
  void compress(const std::uint8_t* block) noexcept;

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  ///< bytes appended
};

/// The SHA-256 of `bytes`, as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace libsqlstore::core
