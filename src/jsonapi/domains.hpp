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

/// A method with positional arguments: reads them from `args` itself.
using Handler = Json (*)(LibSQLStore& store, const Args& args);
/// A method whose one argument is an object (most of them): gets it opened, reads its fields
/// and calls finish() before it touches the store.
using ObjectHandler = Json (*)(LibSQLStore& store, Obj& args);

/// Whether an ObjectHandler's argument may be left out (it then reads an empty object).
enum class Argument { Required, Optional };

/// One method of the JSON interface: what runs it, and its argument shape for people
/// (`libsqlstore methods`, json_api::method_specs()).
struct Method {
  Handler handler = nullptr;
  ObjectHandler object_handler = nullptr;
  Argument argument = Argument::Required;
  std::string argument_name;  ///< in messages: "getThreadById: args.threadId"
  std::string params;

  Json run(LibSQLStore& store, const Args& args) const {
    if (handler != nullptr) return handler(store, args);
    args.at_most(1);
    auto a = argument == Argument::Required ? args.obj(0, argument_name)
                                            : args.opt_obj(0, argument_name);
    return object_handler(store, a);
  }
};

/// The method table: filled by the domain files, read by the dispatcher and by method_specs().
class Registry {
 public:
  void add(std::string name, Handler handler, std::string params) {
    Method m;
    m.handler = handler;
    m.params = std::move(params);
    methods_.emplace(std::move(name), std::move(m));
  }
  void add(std::string name, ObjectHandler handler, std::string params,
           Argument argument = Argument::Required, std::string argument_name = "args") {
    Method m;
    m.object_handler = handler;
    m.argument = argument;
    m.argument_name = std::move(argument_name);
    m.params = std::move(params);
    methods_.emplace(std::move(name), std::move(m));
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
void add_replica(Registry& r);
void add_vector(Registry& r);
void add_search(Registry& r);

/// A timestamp as JSON.stringify writes a Date.
inline Json iso(Timestamp t) { return to_iso8601(t); }
/// An optional string; nullopt renders as null.
inline Json or_null(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

/// Each item rendered by `render`, as a JSON array.
template <class T, class F>
Json json_list(const std::vector<T>& items, F render) {
  Json out = Json::array();
  for (const auto& item : items) out.push_back(render(item));
  return out;
}

/// The reference's flat page answer: {<key>: items, total, page, perPage, hasMore}.
template <class Page>
Json page_answer(std::string_view key, Json items, const Page& page) {
  Json out = Json::object();
  out[std::string(key)] = std::move(items);
  out["total"] = page.total;
  out["page"] = page.page;
  out["perPage"] = page.perPage;
  out["hasMore"] = page.hasMore;
  return out;
}

/// `rendered`'s members in the order of `input`'s keys: for methods the reference answers with
/// the caller's own object (saveThread, saveResource), so the answer keeps the caller's order.
Json in_input_order(const Json& input, const Json& rendered);

/// "ASC" or "DESC", strictly (exact spelling).
SortDirection parse_sort_direction(const Json& v, const Path& at);

}  // namespace libsqlstore::json_api::detail
