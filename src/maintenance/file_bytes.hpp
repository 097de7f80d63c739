// The size of a file beside a local database (the database, its -wal), for the reports.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace libsqlstore::maintenance {

/// The file's size in bytes; nullopt when it does not exist or cannot be read.
inline std::optional<std::int64_t> file_bytes(const std::string& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path, ec);
  if (ec) return std::nullopt;
  return static_cast<std::int64_t>(n);
}

}  // namespace libsqlstore::maintenance
