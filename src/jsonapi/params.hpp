// Strict, typed reading of JSON-interface arguments. Every accessor checks the JSON type before
// converting, so a number where a string is expected is an InvalidArgumentError naming the field,
// never a crash. Objects reject keys nobody asked for (finish()).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "libsqlstore/error.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/types.hpp"

namespace libsqlstore::json_api::detail {

/// Throws InvalidArgumentError (id LIBSQL_STORE_INVALID_ARGUMENT) with `message`.
[[noreturn]] void invalid(const std::string& message);

/// "string", "number", "object", ... as JavaScript's typeof would say (null is "null").
std::string_view type_name(const Json& v) noexcept;

/// Typed checks of one value; `path` names it in messages ("getThreadById: threadId").
std::string as_string(const Json& v, const std::string& path);
std::int64_t as_int(const Json& v, const std::string& path);
double as_number(const Json& v, const std::string& path);
bool as_bool(const Json& v, const std::string& path);
/// An ISO-8601 date string (what `new Date(text)` accepts in ISO form).
Timestamp as_date(const Json& v, const std::string& path);
const Json& as_array(const Json& v, const std::string& path);
std::vector<std::string> as_string_array(const Json& v, const std::string& path);

/// A JSON object being read field by field.
class Obj {
 public:
  /// Throws unless `v` is an object.
  Obj(const Json& v, std::string path);

  const std::string& path() const noexcept { return path_; }
  const Json& json() const noexcept { return *obj_; }
  /// The path of a member, for messages.
  std::string field(std::string_view key) const;

  /// The member, or nullptr when absent. A JSON null counts as absent (JavaScript's `undefined`
  /// and `null` select the same defaults here) unless `keep_null`.
  const Json* get(std::string_view key, bool keep_null = false);
  bool has(std::string_view key);

  std::string str(std::string_view key);
  std::optional<std::string> opt_str(std::string_view key);
  std::int64_t integer(std::string_view key);
  std::optional<std::int64_t> opt_int(std::string_view key);
  std::optional<double> opt_number(std::string_view key);
  std::optional<bool> opt_bool(std::string_view key);
  Timestamp date(std::string_view key);
  std::optional<Timestamp> opt_date(std::string_view key);
  /// Any JSON value (required; null allowed).
  const Json& any(std::string_view key);
  Obj obj(std::string_view key);
  std::optional<Obj> opt_obj(std::string_view key);
  const Json& array(std::string_view key);

  /// Accepts the keys without reading them (arguments the reference ignores too).
  void ignore(std::initializer_list<std::string_view> keys);
  /// Throws for the first key that no accessor (or ignore()) touched.
  void finish() const;

 private:
  const Json* obj_;
  std::string path_;
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
  /// Throws when more than `n` arguments were given.
  void at_most(std::size_t n) const;
  /// The i-th argument as an object (`name` names it in messages).
  Obj obj(std::size_t i, std::string_view name) const;
  /// The i-th argument as an object, or an empty object when absent.
  Obj opt_obj(std::size_t i, std::string_view name) const;
  std::string path(std::string_view name) const;
  const std::string& method() const noexcept { return method_; }

 private:
  std::string method_;
  std::vector<const Json*> items_;
};

}  // namespace libsqlstore::json_api::detail
