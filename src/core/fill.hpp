// Building SQL text out of fixed pieces. fill(): a pattern with numbered holes ("{0}", "{1}", ...)
// or sequential ones ("{}") filled with text, for building SQL out of fixed pieces (no value from a
// caller ever goes through it: values are bound as arguments). The library has no formatting
// dependency (libstdc++ 12 has no <format>).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>

namespace libsqlstore::core {

inline std::string fill_list(std::string_view pattern,
                             std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(pattern.size() + 64);
  std::size_t next = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    std::size_t index = next++;
    std::size_t close = i + 1;
    if (close < pattern.size() && pattern[close] >= '0' && pattern[close] <= '9') {
      index = static_cast<std::size_t>(pattern[close] - '0');
      ++close;
    }
    if (close >= pattern.size() || pattern[close] != '}' || index >= args.size()) {
      throw std::logic_error("fill: bad pattern " + std::string(pattern));
    }
    out += *(args.begin() + index);
    i = close;
  }
  return out;
}

/// "?, ?, ..., ?": `n` positional parameters, for IN lists.
inline std::string placeholders(std::size_t n) {
  std::string out;
  out.reserve(n * 3);
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

/// fill("a {} b {}", x, y): each argument anything a std::string_view can be made from.
template <class... Args>
std::string fill(std::string_view pattern, const Args&... args) {
  return fill_list(pattern, {std::string_view(args)...});
}

}  // namespace libsqlstore::core
