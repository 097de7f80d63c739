#include "core/uuid.hpp"

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "libsqlstore/error.hpp"

#include <sys/random.h>

namespace libsqlstore::core {

namespace {

void fill_random(std::uint8_t* out, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::getrandom(out + done, n - done, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error("LIBSQL_STORE_RANDOM_FAILED", ErrorCategory::System,
                  std::string("getrandom failed: ") + std::strerror(errno));
    }
    done += static_cast<std::size_t>(got);
  }
}

}  // namespace

std::string uuid_v4() {
  std::array<std::uint8_t, 16> b{};
  fill_random(b.data(), b.size());
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // variant 10xx
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0x0f];
  }
  return out;
}

}  // namespace libsqlstore::core
