#include "core/json_parser.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "core/json_scan.hpp"

namespace libsqlstore::core {

namespace {

// Deeper documents go to nlohmann, whose parser keeps its own stack: ours is the thread's.
constexpr int kMaxDepth = 128;

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Recursive descent over the whole text. Every method returns false as soon as the input leaves
// the subset it handles; the caller then asks nlohmann, which parses or rejects the text.
class Parser {
 public:
  using Members = std::vector<std::pair<std::string, Json>>;

  Parser(std::string_view text, Members& scratch) noexcept
      : p_(text.data()), end_(text.data() + text.size()), members_(scratch) {}

  bool document(Json& out) {
    skip_ws();
    if (!value(out, 0)) return false;
    skip_ws();
    return p_ == end_;
  }

 private:
  void skip_ws() noexcept {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(const char* word, std::size_t n) noexcept {
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  }

  bool value(Json& out, int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{':
        return object(out, depth + 1);
      case '[':
        return array(out, depth + 1);
      case '"':
        out = Json(Json::value_t::string);
        return string(out.get_ref<std::string&>());
      case 't':
        out = true;
        return literal("true", 4);
      case 'f':
        out = false;
        return literal("false", 5);
      case 'n':
        out = nullptr;
        return literal("null", 4);
      default:
        return number(out);
    }
  }

  // Members are parsed onto a scratch stack shared by all nesting levels, then moved into the
  // object at its closing brace with exactly the room they need: growing the object instead
  // would copy every key on each reallocation (the map's keys are const).
  bool object(Json& out, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;  // '{'
    out = Json(Json::value_t::object);
    skip_ws();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    const std::size_t base = members_.size();
    for (;;) {
      if (p_ == end_ || *p_ != '"') return false;
      std::string key;
      if (!string(key)) return false;
      skip_ws();
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      skip_ws();
      Json member;  // not parsed in place: nested objects may reallocate members_
      if (!value(member, depth)) return false;
      members_.emplace_back(std::move(key), std::move(member));
      skip_ws();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        skip_ws();
        continue;
      }
      if (*p_ != '}') return false;
      ++p_;
      break;
    }
    auto& map = out.get_ref<Json::object_t&>();
    map.reserve(members_.size() - base);
    for (std::size_t i = base; i < members_.size(); ++i) {
      auto& [key, member] = members_[i];
      // As nlohmann (and JSON.parse): a repeated key keeps its first position, last value wins.
      bool repeated = false;
      for (auto& existing : map) {
        if (existing.first == key) {
          existing.second = std::move(member);  // NOLINT(bugprone-use-after-move): then break
          repeated = true;
          break;
        }
      }
      // NOLINTNEXTLINE(bugprone-use-after-move): moved above only when `repeated`
      if (!repeated) map.emplace_back(std::move(key), std::move(member));
    }
    members_.resize(base);
    return true;
  }

  bool array(Json& out, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;  // '['
    out = Json(Json::value_t::array);
    auto& items = out.get_ref<Json::array_t&>();
    skip_ws();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    for (;;) {
      items.emplace_back();
      if (!value(items.back(), depth)) return false;
      skip_ws();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        skip_ws();
        continue;
      }
      if (*p_ != ']') return false;
      ++p_;
      return true;
    }
  }

  // After the opening quote has been seen at p_.
  bool string(std::string& out) {
    ++p_;
    for (;;) {
      const char* start = p_;
      p_ = json_scan::skip_plain(p_, end_);
      out.append(start, p_);
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        if (!escape(out)) return false;
      } else if (c >= 0x80) {
        if (!utf8_sequence(out)) return false;
      } else {
        return false;  // a control character: nlohmann reports it
      }
    }
  }

  bool escape(std::string& out) {
    if (end_ - p_ < 2) return false;
    const char c = p_[1];
    p_ += 2;
    if (c != 'u') {
      // The one-character escapes, each above the character it stands for.
      static constexpr std::string_view kEscapes = "\"\\/bfnrt";
      static constexpr std::string_view kMeaning = "\"\\/\b\f\n\r\t";
      const auto at = kEscapes.find(c);
      if (at == std::string_view::npos) return false;
      out.push_back(kMeaning[at]);
      return true;
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate needs its low half
      std::uint32_t low = 0;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return false;
    }
    append_utf8(out, cp);
    return true;
  }

  bool hex4(std::uint32_t& cp) noexcept {
    if (end_ - p_ < 4) return false;
    for (int i = 0; i < 4; ++i) {
      const int v = hex_value(p_[i]);
      if (v < 0) return false;
      cp = (cp << 4) | static_cast<std::uint32_t>(v);
    }
    p_ += 4;
    return true;
  }

  // One multi-byte UTF-8 sequence, validated as nlohmann validates it.
  bool utf8_sequence(std::string& out) {
    const auto n = json_scan::utf8_sequence_length(reinterpret_cast<const unsigned char*>(p_),
                                                   static_cast<std::size_t>(end_ - p_));
    if (n == 0) return false;
    out.append(p_, n);
    p_ += n;
    return true;
  }

  // nlohmann's number typing: an integer token is number_unsigned when non-negative and
  // number_integer when negative; one that overflows 64 bits, or has a fraction or exponent, is
  // number_float.
  bool number(Json& out) {
    const char* start = p_;
    const bool negative = p_ != end_ && *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
      if (p_ != end_ && *p_ >= '0' && *p_ <= '9') return false;  // leading zero
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    } else {
      return false;
    }
    bool is_float = false;
    if (p_ != end_ && *p_ == '.') {
      is_float = true;
      ++p_;
      const char* digits = p_;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      if (p_ == digits) return false;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      is_float = true;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      const char* digits = p_;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      if (p_ == digits) return false;
    }
    if (!is_float) {
      if (negative) {
        std::int64_t v = 0;
        const auto r = std::from_chars(start, p_, v);
        if (r.ec == std::errc() && r.ptr == p_) {
          out = v;
          return true;
        }
      } else {
        std::uint64_t v = 0;
        const auto r = std::from_chars(start, p_, v);
        if (r.ec == std::errc() && r.ptr == p_) {
          out = v;
          return true;
        }
      }
      // Out of 64-bit range: a float, as nlohmann makes it.
    }
    double d = 0;
    const auto r = std::from_chars(start, p_, d);
    if (r.ec != std::errc() || r.ptr != p_) return false;  // out of range: nlohmann decides
    out = d;
    return true;
  }

  const char* p_;
  const char* end_;
  Members& members_;  // the members of the open objects, innermost last
};

}  // namespace

bool parse_json_fast(std::string_view text, Json& out) {
  // Reused across calls on this thread, so a parse allocates only what the result holds.
  thread_local Parser::Members scratch;
  scratch.clear();
  if (scratch.capacity() > 4096) Parser::Members().swap(scratch);
  return Parser(text, scratch).document(out);
}

}  // namespace libsqlstore::core
