// Strict, typed reading of JSON-interface arguments. Every accessor checks the JSON type before
// converting, so a number where a string is expected is an InvalidArgumentError naming the field,
// never a crash. Objects reject keys nobody asked for (finish()). Every error carries the called
// method's id (LIBSQL_STORE_<METHOD>_FAILED) from the start: a Path knows it.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "libsqlstore/error.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/types.hpp"

namespace libsqlstore::json_api::detail {

/// Where a value sits in a call's arguments ("getThreadById: args.threadId"), and the id of the
/// method, which every problem with the value is reported with.
class Path {
 public:
  Path(std::string text, const std::string& error_id) : text_(std::move(text)), id_(&error_id) {}

  Path field(std::string_view key) const { return {text_ + "." + std::string(key), *id_}; }
  Path index(std::size_t i) const { return {text_ + "[" + std::to_string(i) + "]", *id_}; }
  const std::string& text() const noexcept { return text_; }
  const std::string& error_id() const noexcept { return *id_; }

  /// InvalidArgumentError (the method's id, category USER): "<path> <problem>".
  [[noreturn]] void fail(const std::string& problem) const;

 private:
  std::string text_;
  const std::string* id_;
};

/// "string", "number", "object", ... as JavaScript's typeof would say (null is "null").
std::string_view type_name(const Json& v) noexcept;
/// The type, and the value of a number or boolean ("number 42"), for messages.
std::string describe(const Json& v);

/// Typed checks of one value.
std::string as_string(const Json& v, const Path& at);
std::int64_t as_int(const Json& v, const Path& at);
double as_number(const Json& v, const Path& at);
bool as_bool(const Json& v, const Path& at);
/// An ISO-8601 date string (what `new Date(text)` accepts in ISO form).
Timestamp as_date(const Json& v, const Path& at);
const Json& as_array(const Json& v, const Path& at);
std::vector<std::string> as_string_array(const Json& v, const Path& at);
/// One of `names` (exact spelling), as the enumerator at the same position of `values`.
template <class E, std::size_t N>
E as_enum(const Json& v, const Path& at, const std::string_view (&names)[N], const E (&values)[N]) {
  const auto s = as_string(v, at);
  std::string choices;
  for (std::size_t i = 0; i < N; ++i) {
    if (s == names[i]) return values[i];
    choices += (i == 0 ? "\"" : i + 1 == N ? " or \"" : ", \"") + std::string(names[i]) + "\"";
  }
  at.fail("must be " + choices + ", got \"" + s + "\"");
}

/// A JSON object being read field by field.
class Obj {
 public:
  /// Throws unless `v` is an object.
  Obj(const Json& v, Path at);

  const Path& path() const noexcept { return path_; }
  const Json& json() const noexcept { return *obj_; }
  /// The path of a member, for messages.
  Path field(std::string_view key) const { return path_.field(key); }

  /// The member, or nullptr when absent. A JSON null counts as absent (JavaScript's `undefined`
  /// and `null` select the same defaults here) unless `keep_null`.
  const Json* get(std::string_view key, bool keep_null = false);
  bool has(std::string_view key);

  std::string str(std::string_view key);
  std::optional<std::string> opt_str(std::string_view key);
  std::int64_t integer(std::string_view key);
  std::optional<std::int64_t> opt_int(std::string_view key);
  std::optional<bool> opt_bool(std::string_view key);
  Timestamp date(std::string_view key);
  std::optional<Timestamp> opt_date(std::string_view key);
  /// Any JSON value (required; null allowed).
  const Json& any(std::string_view key);
  /// Any JSON value, null when absent.
  Json opt_any(std::string_view key);
  /// A JSON object (null when absent or null); anything else fails.
  Json opt_object(std::string_view key);
  Obj obj(std::string_view key);
  std::optional<Obj> opt_obj(std::string_view key);
  const Json& array(std::string_view key);
  /// A required array of objects, copied (each item type-checked, its fields left to the store).
  std::vector<Json> objects(std::string_view key);
  /// A required array, each item converted by `parse(item, path)`.
  template <class F>
  auto map_array(std::string_view key, F parse) {
    const Json& items = array(key);
    const Path at = field(key);
    std::vector<std::decay_t<decltype(parse(items, at))>> out;
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) out.push_back(parse(items[i], at.index(i)));
    return out;
  }
  /// An optional {start?, end?} of dates (both unset when absent).
  DateRange opt_date_range(std::string_view key);

  /// Accepts the keys without reading them (arguments the reference ignores too).
  void ignore(std::initializer_list<std::string_view> keys);
  /// Throws for the first key that no accessor (or ignore()) touched.
  void finish() const;

 private:
  /// The member converted by `convert(value, path)`; absent fails with "is required (<what>)".
  template <class F>
  decltype(auto) required(std::string_view key, std::string_view what, F convert) {
    const Json* v = get(key);
    if (!v) field(key).fail("is required (" + std::string(what) + ")");
    return convert(*v, field(key));
  }
  /// The member converted by `convert(value, path)`, or nullopt when absent.
  template <class F>
  auto optional(std::string_view key, F convert) -> std::optional<
      std::decay_t<decltype(convert(std::declval<const Json&>(), std::declval<const Path&>()))>> {
    const Json* v = get(key);
    if (!v) return std::nullopt;
    return convert(*v, field(key));
  }

  const Json* obj_;
  Path path_;
  std::set<std::string, std::less<>> seen_;
};

/// The positional arguments of one call: `params` as an array (an object is one argument, null
/// none).
class Args {
 public:
  Args(std::string_view method, const Json& params);

  std::size_t size() const noexcept { return items_.size(); }
  /// The i-th argument or nullptr when absent (or JSON null).
  const Json* at(std::size_t i) const noexcept;
  /// The i-th argument, required (`name` names it in messages).
  const Json& required(std::size_t i, std::string_view name, std::string_view what) const;
  /// Throws when more than `n` arguments were given.
  void at_most(std::size_t n) const;
  /// The i-th argument as an object (`name` names it in messages).
  Obj obj(std::size_t i, std::string_view name) const;
  /// The i-th argument as an object, or an empty object when absent.
  Obj opt_obj(std::size_t i, std::string_view name) const;
  Path path(std::string_view name) const;
  const std::string& method() const noexcept { return method_; }
  /// The method's error id: LIBSQL_STORE_<METHOD_IN_SNAKE_CASE>_FAILED (with the reference's two
  /// exceptions).
  const std::string& error_id() const noexcept { return error_id_; }

 private:
  std::string method_;
  std::string error_id_;
  std::vector<const Json*> items_;
};

/// The reference's error id of a method: LIBSQL_STORE_<METHOD_IN_SNAKE_CASE>_FAILED, except
/// getThreadsByResourceIdPaginated (…_GET_THREADS_BY_RESOURCE_ID_FAILED) and batchTraceInsert
/// (…_BATCH_INSERT_FAILED).
std::string error_id_of(std::string_view method);

}  // namespace libsqlstore::json_api::detail
