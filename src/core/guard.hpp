// Runs a store method body and gives every failure the method's error id.
#pragma once

#include <initializer_list>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

#include "libsqlstore/error.hpp"

namespace libsqlstore::core {

/// The details a failing method attaches to its error, e.g. `{{"threadId", threadId}}`.
///
/// They are turned into JSON only when the method fails: building a Json object on every call
/// (an allocation per key and per value) cost more than some whole calls. A Details refers to
/// its values, so it must not outlive the full-expression that creates it, which is what
/// `guarded(id, {{"key", value}}, body)` does.
class Details {
 public:
  /// One value, anything a Json can be constructed from.
  class Value {
   public:
    Value(const Json& v) noexcept : ptr_(&v), to_json_(&convert<Json>) {}  // NOLINT
    template <class T>
    requires(!std::is_same_v<T, Json> && std::is_constructible_v<Json, const T&>) Value(const T& v)
    noexcept : ptr_(&v), to_json_(&convert<T>) {}  // NOLINT
    Json json() const { return to_json_(ptr_); }

   private:
    template <class T>
    static Json convert(const void* p) {
      return Json(*static_cast<const T*>(p));
    }
    const void* ptr_;
    Json (*to_json_)(const void*);
  };
  struct Entry {
    const char* key;
    Value value;
  };

  Details() noexcept = default;
  Details(std::initializer_list<Entry> entries) noexcept : entries_(entries) {}  // NOLINT
  Details(const Json& json) noexcept : json_(&json) {}                           // NOLINT

  Json to_json() const {
    if (json_ != nullptr) return *json_;
    Json out = Json::object();
    for (const auto& entry : entries_) out[entry.key] = entry.value.json();
    return out;
  }

 private:
  std::initializer_list<Entry> entries_{};
  const Json* json_ = nullptr;
};

}  // namespace libsqlstore::core

namespace libsqlstore::detail {

/// What gives an error a method's identity: Error::throw_copy is private to it.
struct ErrorAccess {
  /// Throws a copy of `e` (same type, same message) whose id is `method_id`, unless e's id
  /// already refines it (e.g. ..._FAILED_THREAD_NOT_FOUND), and whose details are e's with
  /// `method_details` merged in.
  [[noreturn]] static void settle(const Error& e, const char* method_id,
                                  const Json& method_details);
};

}  // namespace libsqlstore::detail

namespace libsqlstore::core {

/// Calls `body()`. A libsqlstore::Error is thrown again as an error of the same type and message
/// with the method's `id` and `details` (ErrorAccess::settle); any other exception becomes an
/// Error of category SYSTEM with that id.
template <class F>
decltype(auto) guarded(const char* id, const Details& details, F&& body) {
  try {
    return std::forward<F>(body)();
  } catch (const Error& e) {
    detail::ErrorAccess::settle(e, id, details.to_json());
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(id, ErrorCategory::System, e.what(), details.to_json());
  }
}

}  // namespace libsqlstore::core
