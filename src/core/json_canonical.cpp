#include "core/json_canonical.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/json_scan.hpp"
#include "core/json_text.hpp"

namespace libsqlstore::core {

namespace {

constexpr int kMaxCheckDepth = 128;
constexpr std::size_t kMaxKeysPerObject = 64;
constexpr std::size_t kMaxOpenKeys = 512;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_lower_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f'); }

int lower_hex_value(char c) noexcept { return is_digit(c) ? c - '0' : c - 'a' + 10; }

class Checker {
 public:
  explicit Checker(std::string_view text) noexcept
      : p_(text.data()), end_(text.data() + text.size()) {}

  bool run() noexcept { return value(0) && p_ == end_; }

 private:
  bool value(int depth) noexcept {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string(nullptr);
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return number();
    }
  }

  bool literal(std::string_view word) noexcept {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  bool object(int depth) noexcept {
    if (depth > kMaxCheckDepth) return false;
    ++p_;  // '{'
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    const std::size_t base = open_keys_;
    bool ok = false;
    for (;;) {
      std::string_view key;
      if (p_ == end_ || *p_ != '"' || !string(&key)) break;
      if (open_keys_ - base >= kMaxKeysPerObject || open_keys_ >= kMaxOpenKeys) break;
      bool duplicate = false;
      for (std::size_t i = base; i < open_keys_ && !duplicate; ++i) {
        duplicate = std::string_view(keys_[i].data, keys_[i].size) == key;
      }
      // Escapes are canonical, so equal text is equal keys and different text different keys.
      if (duplicate) break;
      keys_[open_keys_++] = {key.data(), key.size()};
      if (p_ == end_ || *p_ != ':') break;
      ++p_;
      if (!value(depth)) break;
      if (p_ == end_) break;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == '}') {
        ++p_;
        ok = true;
      }
      break;
    }
    open_keys_ = base;
    return ok;
  }

  bool array(int depth) noexcept {
    if (depth > kMaxCheckDepth) return false;
    ++p_;  // '['
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    for (;;) {
      if (!value(depth) || p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != ']') return false;
      ++p_;
      return true;
    }
  }

  // A string at p_ (a '"'); its raw text (between the quotes) into *raw when asked.
  bool string(std::string_view* raw) noexcept {
    const char* const start = ++p_;
    for (;;) {
      p_ = json_scan::skip_plain(p_, end_);
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        if (raw) *raw = std::string_view(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c >= 0x80) {
        const auto n = json_scan::utf8_sequence_length(reinterpret_cast<const unsigned char*>(p_),
                                                       static_cast<std::size_t>(end_ - p_));
        if (n == 0) return false;
        p_ += n;
        continue;
      }
      if (c != '\\') return false;  // a raw control character: not JSON
      if (!escape()) return false;
    }
  }

  // The escapes JSON.stringify writes, and only those.
  bool escape() noexcept {
    if (end_ - p_ < 2) return false;
    switch (p_[1]) {
      case '"':
      case '\\':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        p_ += 2;
        return true;
      case 'u': {
        if (end_ - p_ < 6 || p_[2] != '0' || p_[3] != '0' || !is_lower_hex(p_[4]) ||
            !is_lower_hex(p_[5])) {
          return false;
        }
        const int code = lower_hex_value(p_[4]) * 16 + lower_hex_value(p_[5]);
        // Below 0x20 and not one of the characters with a short escape.
        if (code >= 0x20 || code == '\b' || code == '\f' || code == '\n' || code == '\r' ||
            code == '\t') {
          return false;
        }
        p_ += 6;
        return true;
      }
      default:
        return false;
    }
  }

  bool number() noexcept {
    const char* const start = p_;
    if (*p_ == '-') ++p_;
    if (p_ == end_ || !is_digit(*p_)) return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    bool integer = true;
    if (p_ != end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (p_ == end_ || !is_digit(*p_)) return false;
      while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !is_digit(*p_)) return false;
      while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    const std::string_view token(start, static_cast<std::size_t>(p_ - start));
    if (integer) {
      // An integer that fits 64 bits (int64 when negative, uint64 otherwise) parses as an integer
      // and is written back as it is, except "-0" (written "0"); a longer one parses as a double.
      if (token == "-0") return false;
      const std::size_t digits = token.size() - (token[0] == '-' ? 1 : 0);
      if (digits <= 18) return true;
      const char* const first = token.data();
      const char* const last = token.data() + token.size();
      if (token[0] == '-') {
        std::int64_t i = 0;
        const auto r = std::from_chars(first, last, i);
        if (r.ec == std::errc() && r.ptr == last) return true;
      } else {
        std::uint64_t u = 0;
        const auto r = std::from_chars(first, last, u);
        if (r.ec == std::errc() && r.ptr == last) return true;
      }
    }
    // Otherwise it parses as a double, written as JavaScript prints it.
    double d = 0;
    const auto res = std::from_chars(token.data(), token.data() + token.size(), d);
    if (res.ec != std::errc() || res.ptr != token.data() + token.size() || !std::isfinite(d)) {
      return false;
    }
    try {
      return js_number(d) == token;
    } catch (...) {
      return false;
    }
  }

  const char* p_;
  const char* const end_;
  // The keys of the objects being read, innermost last. Left uninitialised (a trivial type): a
  // check runs for every row read, and most rows have a handful of keys.
  struct Key {
    const char* data;
    std::size_t size;
  };
  Key keys_[kMaxOpenKeys];  // NOLINT(cppcoreguidelines-avoid-c-arrays,modernize-avoid-c-arrays)
  std::size_t open_keys_ = 0;
};

// Skips one value of canonical text at p (which is valid): strings by their quotes, containers
// by counting brackets outside strings.
const char* skip_value(const char* p, const char* end) noexcept {
  int depth = 0;
  do {
    const char c = *p;
    if (c == '"') {
      ++p;
      for (;;) {
        p = json_scan::skip_plain(p, end);
        if (*p == '"') break;
        p += *p == '\\' ? 2 : 1;
      }
      ++p;
    } else if (c == '{' || c == '[') {
      ++depth;
      ++p;
    } else if (c == '}' || c == ']') {
      --depth;
      ++p;
    } else if (depth == 0) {
      while (p != end && *p != ',' && *p != '}' && *p != ']') ++p;  // a number or a literal
    } else {
      ++p;
    }
  } while (depth > 0 && p != end);
  return p;
}

}  // namespace

bool is_canonical_json(std::string_view text) noexcept {
  if (text.empty()) return false;
  return Checker(text).run();
}

std::optional<std::string_view> canonical_member(std::string_view text,
                                                 std::string_view key) noexcept {
  if (text.size() < 2 || text.front() != '{') return std::nullopt;
  const char* p = text.data() + 1;
  const char* const end = text.data() + text.size();
  while (p != end && *p == '"') {
    const char* const key_start = p + 1;
    p = skip_value(p, end);  // the key
    const std::string_view this_key(key_start, static_cast<std::size_t>(p - 1 - key_start));
    ++p;  // ':'
    const char* const value_start = p;
    p = skip_value(p, end);
    if (this_key == key) {
      return std::string_view(value_start, static_cast<std::size_t>(p - value_start));
    }
    if (p == end || *p != ',') break;
    ++p;
  }
  return std::nullopt;
}

}  // namespace libsqlstore::core
