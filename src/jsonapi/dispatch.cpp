// json_api::call(): looks the method up in the table the domain files fill, and runs it.
#include <algorithm>

#include "libsqlstore/json_api.hpp"

#include "core/json_text.hpp"
#include "core/utf8.hpp"
#include "jsonapi/domains.hpp"

namespace libsqlstore::json_api {

namespace detail {

Json in_input_order(const Json& input, const Json& rendered) {
  Json out = Json::object();
  for (const auto& [key, value] : input.items()) {
    const auto it = rendered.find(key);
    out[key] = it != rendered.end() ? *it : value;
  }
  return out;
}

SortDirection parse_sort_direction(const Json& v, const Path& at) {
  static constexpr std::string_view kNames[] = {"ASC", "DESC"};
  static constexpr SortDirection kValues[] = {SortDirection::Asc, SortDirection::Desc};
  return as_enum(v, at, kNames, kValues);
}

}  // namespace detail

namespace {

const detail::Registry& registry() {
  static const detail::Registry table = [] {
    detail::Registry r;
    detail::add_operations(r);
    detail::add_threads(r);
    detail::add_resources(r);
    detail::add_messages(r);
    detail::add_workflows(r);
    detail::add_scores(r);
    detail::add_traces(r);
    detail::add_evals(r);
    detail::add_vector(r);
    detail::add_search(r);
    detail::add_replica(r);
    return r;
  }();
  return table;
}

}  // namespace

Json call(LibSQLStore& store, std::string_view method, const Json& params) {
  Json out = call_raw(store, method, params);
  core::materialize_raw_nodes(out);
  return out;
}

Json call_raw(LibSQLStore& store, std::string_view method, const Json& params) {
  const auto* entry = registry().find(method);
  if (entry == nullptr) {
    throw UnknownMethodError("LIBSQL_STORE_UNKNOWN_METHOD", ErrorCategory::User,
                             "Unknown method \"" + std::string(method) + "\"",
                             {{"method", std::string(method)}});
  }
  const detail::Args args(method, params);
  return entry->run(store, args);
}

const std::vector<std::string>& methods() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, method] : registry().all()) out.push_back(name);
    return out;
  }();
  return names;
}

const std::vector<MethodSpec>& method_specs() {
  static const std::vector<MethodSpec> specs = [] {
    std::vector<MethodSpec> out;
    for (const auto& [name, method] : registry().all()) {
      out.push_back({name, method.params, detail::error_id_of(name)});
    }
    return out;
  }();
  return specs;
}

std::string stringify(const Json& value) { return core::to_json_text(value); }

std::size_t invalid_utf8_at(std::string_view text) noexcept { return core::invalid_utf8_at(text); }

}  // namespace libsqlstore::json_api
