#include "libsqlstore/lazy_json.hpp"

#include <memory>
#include <ostream>

#include "libsqlstore/error.hpp"

#include "core/errors.hpp"
#include "core/json_canonical.hpp"
#include "core/json_text.hpp"

namespace libsqlstore {

namespace {

// Parses text that is_canonical_json() accepted (so it parses).
std::unique_ptr<Json> parse_canonical_json(const std::string& text) {
  auto parsed = core::try_parse_json(text);
  if (!parsed) {
    // Unreachable for text the checker accepted; a DataError rather than a wrong value.
    throw DataError("LIBSQL_STORE_CORRUPT_ROW", ErrorCategory::System,
                    "Held JSON text does not parse", Json::object());
  }
  return std::make_unique<Json>(std::move(*parsed));
}

}  // namespace

LazyJson::LazyJson(Json value) : tree_(new Json(std::move(value))) {}

LazyJson LazyJson::from_text(std::string text) {
  if (core::is_canonical_json(text)) return holding(std::move(text));
  auto parsed = core::try_parse_json(text);
  if (!parsed) core::invalid_argument("LazyJson::from_text: the text is not JSON");
  return LazyJson(std::move(*parsed));
}

std::optional<LazyJson> LazyJson::from_canonical_text(std::string&& text) {
  if (!core::is_canonical_json(text)) return std::nullopt;
  return holding(std::move(text));
}

LazyJson LazyJson::holding(std::string text) noexcept {
  LazyJson out;
  out.text_ = std::move(text);
  out.has_text_ = true;
  return out;
}

LazyJson::LazyJson(const LazyJson& other) : text_(other.text_), has_text_(other.has_text_) {
  // A copy of held text parses again if it is looked at; a tree alone is copied.
  if (has_text_) return;
  if (const Json* t = other.tree_.load(std::memory_order_acquire)) tree_.store(new Json(*t));
}

LazyJson::LazyJson(LazyJson&& other) noexcept
    : text_(std::move(other.text_)),
      has_text_(std::exchange(other.has_text_, false)),
      tree_(other.tree_.exchange(nullptr)) {
  other.text_.clear();
}

LazyJson& LazyJson::operator=(const LazyJson& other) {
  if (this != &other) *this = LazyJson(other);
  return *this;
}

LazyJson& LazyJson::operator=(LazyJson&& other) noexcept {
  if (this != &other) {
    delete tree_.exchange(other.tree_.exchange(nullptr));
    text_ = std::move(other.text_);
    other.text_.clear();
    has_text_ = std::exchange(other.has_text_, false);
  }
  return *this;
}

LazyJson::~LazyJson() { delete tree_.load(std::memory_order_relaxed); }

const Json& LazyJson::value() const {
  if (const Json* t = tree_.load(std::memory_order_acquire)) return *t;
  if (!has_text_) {
    // Default-constructed (or moved from): null. Made on demand, like a parse.
    auto null = std::make_unique<Json>();
    Json* expected = nullptr;
    if (tree_.compare_exchange_strong(expected, null.get(), std::memory_order_acq_rel)) {
      return *null.release();
    }
    return *expected;
  }
  auto parsed = parse_canonical_json(text_);
  Json* expected = nullptr;
  if (tree_.compare_exchange_strong(expected, parsed.get(), std::memory_order_acq_rel)) {
    return *parsed.release();
  }
  return *expected;  // another thread parsed it first; ours is dropped
}

Json& LazyJson::mutable_value() {
  value();
  has_text_ = false;
  text_.clear();
  return *tree_.load(std::memory_order_relaxed);
}

Json LazyJson::take() && {
  Json out = std::move(mutable_value());
  delete tree_.exchange(nullptr);
  return out;
}

std::string LazyJson::text() const {
  if (has_text_) return text_;
  return core::to_json_text(value());
}

bool operator==(const LazyJson& a, const LazyJson& b) {
  if (a.has_text_ && b.has_text_) return a.text_ == b.text_;
  return a.value() == b.value();
}

bool operator==(const LazyJson& a, const Json& b) { return a.value() == b; }

std::ostream& operator<<(std::ostream& os, const LazyJson& v) {
  try {
    return os << v.text();
  } catch (const Error&) {
    return os << v.value().dump();  // NaN and the like: nlohmann's rendering, for diagnostics
  }
}

}  // namespace libsqlstore
