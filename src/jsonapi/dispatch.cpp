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

SortDirection parse_sort_direction(const Json& v, const std::string& path) {
  const auto s = as_string(v, path);
  if (s == "ASC") return SortDirection::Asc;
  if (s == "DESC") return SortDirection::Desc;
  invalid(path + " must be \"ASC\" or \"DESC\", got \"" + s + "\"");
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
    return r;
  }();
  return table;
}

/// The error id of a method: the reference's pattern LIBSQL_STORE_<METHOD_IN_SNAKE_CASE>_FAILED,
/// with the reference's two exceptions.
std::string error_id_of(std::string_view method) {
  if (method == "getThreadsByResourceIdPaginated") {
    return "LIBSQL_STORE_GET_THREADS_BY_RESOURCE_ID_FAILED";
  }
  if (method == "batchTraceInsert") return "LIBSQL_STORE_BATCH_INSERT_FAILED";
  std::string id = "LIBSQL_STORE_";
  for (char c : method) {
    if (c >= 'A' && c <= 'Z') id += '_';
    id += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return id + "_FAILED";
}

}  // namespace

Json call(LibSQLStore& store, std::string_view method, const Json& params) {
  const auto* entry = registry().find(method);
  if (entry == nullptr) {
    throw UnknownMethodError("LIBSQL_STORE_UNKNOWN_METHOD", ErrorCategory::User,
                             "Unknown method \"" + std::string(method) + "\"",
                             {{"method", std::string(method)}});
  }
  try {
    const detail::Args args(method, params);
    return entry->handler(store, args);
  } catch (InvalidArgumentError& e) {
    // Argument errors of this layer carry the method's id, as the store's own validation does.
    if (e.id() == "LIBSQL_STORE_INVALID_ARGUMENT") e.relabel(error_id_of(method), Json::object());
    throw;
  }
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
      out.push_back({name, method.params, error_id_of(name)});
    }
    return out;
  }();
  return specs;
}

std::string stringify(const Json& value) { return core::to_json_text(value); }

std::size_t invalid_utf8_at(std::string_view text) noexcept { return core::invalid_utf8_at(text); }

}  // namespace libsqlstore::json_api
