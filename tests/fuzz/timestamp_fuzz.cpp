// libFuzzer target: arbitrary text as a stored timestamp (createdAt, updatedAt, ...).
// parse_iso8601() accepts it or says no; an accepted one prints with to_iso8601() as text that
// parses to the same instant, and that text prints the same again (the store writes what it
// reads back).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "libsqlstore/types.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = libsqlstore::parse_iso8601(text);
  if (!parsed) return 0;
  const std::string printed = libsqlstore::to_iso8601(*parsed);
  const auto again = libsqlstore::parse_iso8601(printed);
  if (!again || *again != *parsed) std::abort();
  if (libsqlstore::to_iso8601(*again) != printed) std::abort();
  return 0;
}
