#include "jsonapi/params.hpp"

#include <cmath>
#include <limits>

#include "core/json_text.hpp"

namespace libsqlstore::json_api::detail {

namespace {

const Json& empty_object() {
  static const Json empty = Json::object();
  return empty;
}

}  // namespace

void Path::fail(const std::string& problem) const {
  throw InvalidArgumentError(*id_, ErrorCategory::User, text_ + " " + problem);
}

std::string describe(const Json& v) {
  std::string out(type_name(v));
  if (v.is_number() || v.is_boolean()) out += " " + v.dump();
  return out;
}

std::string error_id_of(std::string_view method) {
  if (method == "getThreadsByResourceIdPaginated") {
    return "LIBSQL_STORE_GET_THREADS_BY_RESOURCE_ID_FAILED";
  }
  if (method == "batchTraceInsert") return "LIBSQL_STORE_BATCH_INSERT_FAILED";
  // The vector store's methods carry LibSQLVector's ids; its argument errors are INVALID_ARGS
  // where the reference has such an id.
  if (method == "vector.query") return "LIBSQL_VECTOR_QUERY_INVALID_ARGS";
  if (method == "vector.updateVector") return "LIBSQL_VECTOR_UPDATE_VECTOR_INVALID_ARGS";
  std::string id = "LIBSQL_STORE_";
  if (method.rfind("vector.", 0) == 0) {
    id = "LIBSQL_VECTOR_";
    method.remove_prefix(7);
  }
  for (char c : method) {
    if (c >= 'A' && c <= 'Z') id += '_';
    id += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return id + "_FAILED";
}

std::string_view type_name(const Json& v) noexcept {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "number";
    default:
      return "value";
  }
}

std::string as_string(const Json& v, const Path& at) {
  if (!v.is_string()) at.fail("must be a string, got " + describe(v));
  return v.get_ref<const std::string&>();
}

std::int64_t as_int(const Json& v, const Path& at) {
  if (const auto i = core::exact_int64(v)) return *i;
  at.fail("must be an integer, got " + describe(v));
}

double as_number(const Json& v, const Path& at) {
  if (!v.is_number()) at.fail("must be a number, got " + describe(v));
  return v.get<double>();
}

bool as_bool(const Json& v, const Path& at) {
  if (!v.is_boolean()) at.fail("must be a boolean, got " + describe(v));
  return v.get<bool>();
}

Timestamp as_date(const Json& v, const Path& at) {
  if (!v.is_string()) {
    at.fail("must be an ISO-8601 date string, got " + describe(v));
  }
  const auto& text = v.get_ref<const std::string&>();
  auto t = parse_iso8601(text);
  if (!t) at.fail("is not an ISO-8601 date: \"" + text + "\"");
  return *t;
}

const Json& as_array(const Json& v, const Path& at) {
  if (!v.is_array()) at.fail("must be an array, got " + describe(v));
  return v;
}

std::vector<std::string> as_string_array(const Json& v, const Path& at) {
  as_array(v, at);
  std::vector<std::string> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    out.push_back(as_string(v[i], at.index(i)));
  }
  return out;
}

// ---- Obj ---------------------------------------------------------------------------------------

Obj::Obj(const Json& v, Path at) : obj_(&v), path_(std::move(at)) {
  if (!v.is_object()) path_.fail("must be an object, got " + describe(v));
}

const Json* Obj::get(std::string_view key, bool keep_null) {
  seen_.emplace(key);
  const auto it = obj_->find(key);
  if (it == obj_->end()) return nullptr;
  if (it->is_null() && !keep_null) return nullptr;
  return &*it;
}

bool Obj::has(std::string_view key) { return get(key) != nullptr; }

std::string Obj::str(std::string_view key) { return required(key, "a string", as_string); }

std::optional<std::string> Obj::opt_str(std::string_view key) { return optional(key, as_string); }

std::int64_t Obj::integer(std::string_view key) { return required(key, "an integer", as_int); }

std::optional<std::int64_t> Obj::opt_int(std::string_view key) { return optional(key, as_int); }

std::optional<bool> Obj::opt_bool(std::string_view key) { return optional(key, as_bool); }

Timestamp Obj::date(std::string_view key) {
  return required(key, "an ISO-8601 date string", as_date);
}

std::optional<Timestamp> Obj::opt_date(std::string_view key) { return optional(key, as_date); }

DateRange Obj::opt_date_range(std::string_view key) {
  DateRange out;
  if (auto range = opt_obj(key)) {
    out.start = range->opt_date("start");
    out.end = range->opt_date("end");
    range->finish();
  }
  return out;
}

std::vector<Json> Obj::objects(std::string_view key) {
  return map_array(key, [](const Json& item, const Path& at) {
    const Obj checked(item, at);  // type check only: the store validates the fields
    return checked.json();
  });
}

const Json& Obj::any(std::string_view key) {
  const Json* v = get(key, /*keep_null=*/true);
  if (!v) field(key).fail("is required");
  return *v;
}

Json Obj::opt_any(std::string_view key) {
  const Json* v = get(key);
  return v ? *v : Json(nullptr);
}

Json Obj::opt_object(std::string_view key) {
  const Json* v = get(key);
  if (!v) return nullptr;
  if (!v->is_object()) field(key).fail("must be an object, got " + std::string(type_name(*v)));
  return *v;
}

Obj Obj::obj(std::string_view key) {
  return required(key, "an object", [](const Json& v, const Path& at) { return Obj(v, at); });
}

std::optional<Obj> Obj::opt_obj(std::string_view key) {
  return optional(key, [](const Json& v, const Path& at) { return Obj(v, at); });
}

const Json& Obj::array(std::string_view key) {
  return required(key, "an array",
                  [](const Json& v, const Path& at) -> const Json& { return as_array(v, at); });
}

void Obj::ignore(std::initializer_list<std::string_view> keys) {
  for (auto k : keys) seen_.emplace(k);
}

void Obj::finish() const {
  for (const auto& [key, value] : obj_->items()) {
    if (!seen_.contains(key)) path_.fail("has an unknown field \"" + key + "\"");
  }
}

// ---- Args --------------------------------------------------------------------------------------

Args::Args(std::string_view method, const Json& params)
    : method_(method), error_id_(error_id_of(method)) {
  if (params.is_array()) {
    for (const auto& p : params) items_.push_back(&p);
  } else if (params.is_object()) {
    items_.push_back(&params);
  } else if (!params.is_null()) {
    Path(method_ + ": params", error_id_)
        .fail("must be an array of arguments or an object (the single argument), got " +
              describe(params));
  }
}

const Json* Args::at(std::size_t i) const noexcept {
  if (i >= items_.size() || items_[i]->is_null()) return nullptr;
  return items_[i];
}

const Json& Args::required(std::size_t i, std::string_view name, std::string_view what) const {
  const Json* v = at(i);
  if (!v) path(name).fail("is required (" + std::string(what) + ")");
  return *v;
}

void Args::at_most(std::size_t n) const {
  if (items_.size() > n) {
    Path(method_, error_id_)
        .fail("takes " +
              (n == 0   ? std::string("no arguments")
               : n == 1 ? std::string("1 argument")
                        : std::to_string(n) + " arguments") +
              ", got " + std::to_string(items_.size()));
  }
}

Path Args::path(std::string_view name) const {
  return {method_ + ": " + std::string(name), error_id_};
}

Obj Args::obj(std::size_t i, std::string_view name) const {
  const Json* v = at(i);
  if (!v) path(name).fail("is required (an object)");
  return Obj(*v, path(name));
}

Obj Args::opt_obj(std::size_t i, std::string_view name) const {
  const Json* v = at(i);
  return Obj(v ? *v : empty_object(), path(name));
}

}  // namespace libsqlstore::json_api::detail
