// The JSON interface's method table. Each domain file (memory.cpp, messages.cpp, ...) adds the
// reference's methods of its domain; dispatch.cpp looks them up.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "libsqlstore/json.hpp"
#include "libsqlstore/store.hpp"
#include "libsqlstore/types.hpp"

#include "jsonapi/params.hpp"

namespace libsqlstore::json_api::detail {

using Handler = Json (*)(LibSQLStore& store, const Args& args);

/// One method of the JSON interface: what runs it, and its argument shape for people
/// (`libsqlstore methods`, json_api::method_specs()).
struct Method {
  Handler handler;
  std::string params;
};

/// The method table: filled by the domain files, read by the dispatcher and by method_specs().
class Registry {
 public:
  void add(std::string name, Handler handler, std::string params) {
    methods_.emplace(std::move(name), Method{handler, std::move(params)});
  }
  const Method* find(std::string_view name) const {
    const auto it = methods_.find(name);
    return it == methods_.end() ? nullptr : &it->second;
  }
  const std::map<std::string, Method, std::less<>>& all() const noexcept { return methods_; }

 private:
  std::map<std::string, Method, std::less<>> methods_;
};

void add_operations(Registry& r);
void add_threads(Registry& r);
void add_resources(Registry& r);
void add_messages(Registry& r);
void add_workflows(Registry& r);
void add_scores(Registry& r);
void add_traces(Registry& r);
void add_evals(Registry& r);

/// A timestamp as JSON.stringify writes a Date.
inline Json iso(Timestamp t) { return to_iso8601(t); }
/// An optional string; nullopt renders as null.
inline Json or_null(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

/// `rendered`'s members in the order of `input`'s keys: for methods the reference answers with
/// the caller's own object (saveThread, saveResource), so the answer keeps the caller's order.
Json in_input_order(const Json& input, const Json& rendered);

/// "ASC" or "DESC", strictly (exact spelling).
SortDirection parse_sort_direction(const Json& v, const Path& at);

}  // namespace libsqlstore::json_api::detail
