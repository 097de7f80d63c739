// Standard base64 (RFC 4648 §4): Hrana's BLOB values, the export format's blobs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace libsqlstore::core {

/// Encodes with '=' padding (every server accepts it).
std::string base64_encode(std::span<const std::uint8_t> bytes);

/// Decodes with or without '=' padding (sqld and tursodb send none). nullopt for any character
/// outside the standard alphabet, misplaced padding or an impossible length.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

}  // namespace libsqlstore::core
