// libsqlstore: a JSON value that reads hand over as the text they found, parsed only when looked
// at.
#pragma once

#include <atomic>
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "libsqlstore/export.hpp"
#include "libsqlstore/json.hpp"

namespace libsqlstore {

/// A JSON value that may be held as JSON text until someone looks inside it.
///
/// The free-form fields reads return (message content, thread and resource metadata, workflow
/// snapshots) are LazyJson. A read fills them with the text it found in the database when that
/// text is exactly what the store would write for its value (compact, keys in stored order, no
/// duplicate keys, numbers and escapes as JSON.stringify writes them), which is the case for
/// everything the store and the reference write. Passing such a value on (to the JSON interface,
/// to an HTTP response, back into a write) costs no parsing: text() and the JSON interface use
/// the held text as it is. Looking inside (value(), `->`, `*`) parses it once and keeps the tree.
///
/// Building one is as for Json: `message.content = Json{{"format", 2}, {"parts", parts}};`.
///
/// Thread safety: const member functions may be called from several threads at once (the first
/// value() parses; concurrent first calls agree on one tree). Non-const ones need exclusive
/// access, as for any value type.
class LIBSQLSTORE_EXPORT LazyJson {
 public:
  /// JSON null.
  LazyJson() noexcept = default;
  /// Holds `value` (parsed; text() serialises it).
  LazyJson(Json value);  // NOLINT(google-explicit-constructor): a LazyJson is a Json
  /// Anything a Json is built from: `content = "plain text"`, `metadata = Json::object()`.
  template <class T>
  requires(!std::is_same_v<std::remove_cvref_t<T>, LazyJson> &&
           !std::is_same_v<std::remove_cvref_t<T>, Json> && std::is_constructible_v<Json, T>)
      // NOLINTNEXTLINE(google-explicit-constructor,bugprone-forwarding-reference-overload)
      LazyJson(T&& value)
      : LazyJson(Json(std::forward<T>(value))) {}

  /// `{{"format", 2}, {"parts", ...}}` means what it means for a Json (an object).
  LazyJson(Json::initializer_list_t init)  // NOLINT(google-explicit-constructor)
      : LazyJson(Json(init)) {}

  /// Holds the JSON text `text` when it is in the store's canonical form (see above), so that
  /// text() returns it as it is; otherwise parses it now. InvalidArgumentError if it is not JSON.
  static LazyJson from_text(std::string text);
  /// Holds `text` if it is in the store's canonical form (moving it out), else nullopt and `text`
  /// is left as it was. What reads use: text another program wrote differently takes the parser.
  static std::optional<LazyJson> from_canonical_text(std::string&& text);

  LazyJson(const LazyJson& other);
  LazyJson(LazyJson&& other) noexcept;
  LazyJson& operator=(const LazyJson& other);
  LazyJson& operator=(LazyJson&& other) noexcept;
  ~LazyJson();

  /// The value; parses the held text on the first call.
  const Json& value() const;
  const Json& operator*() const { return value(); }
  const Json* operator->() const { return &value(); }
  operator const Json&() const { return value(); }  // NOLINT(google-explicit-constructor)
  /// A member or an element of the value: `content["parts"][0]`. Unlike a const Json's operator[],
  /// a missing key or index throws (Json::out_of_range) rather than being undefined.
  const Json& operator[](const std::string& key) const { return value().at(key); }
  const Json& operator[](std::size_t index) const { return value().at(index); }

  /// The value, for changing it in place. The held text is dropped (it would go stale).
  Json& mutable_value();
  /// Moves the value out (parsing the text if needed); leaves null behind.
  Json take() &&;

  /// Compact JSON text of the value: the held text, or the value serialised as the store writes
  /// JSON. InvalidArgumentError for a value JSON cannot hold (NaN, invalid UTF-8).
  std::string text() const;
  /// The held text, or nullptr when the value is held only as a tree.
  const std::string* held_text() const noexcept { return has_text_ ? &text_ : nullptr; }
  /// Whether value() has a tree ready (false: the first value() parses).
  bool is_parsed() const noexcept { return tree_.load(std::memory_order_acquire) != nullptr; }

  /// Equal values (by text when both hold text, which then compares as the values do).
  friend LIBSQLSTORE_EXPORT bool operator==(const LazyJson& a, const LazyJson& b);
  friend LIBSQLSTORE_EXPORT bool operator==(const LazyJson& a, const Json& b);
  /// Writes text().
  friend LIBSQLSTORE_EXPORT std::ostream& operator<<(std::ostream& os, const LazyJson& v);

 private:
  // Holds `text`, which the caller has checked is canonical.
  static LazyJson holding(std::string text) noexcept;

  std::string text_;
  bool has_text_ = false;
  // Owned; set once by the first value() of a text-held value, or from the start.
  mutable std::atomic<Json*> tree_{nullptr};
};

}  // namespace libsqlstore
