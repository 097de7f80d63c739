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

std::string describe(const Json& v) {
  std::string out(type_name(v));
  if (v.is_number() || v.is_boolean()) out += " " + v.dump();
  return out;
}

}  // namespace

void invalid(const std::string& message) {
  throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User, message);
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

std::string as_string(const Json& v, const std::string& path) {
  if (!v.is_string()) invalid(path + " must be a string, got " + describe(v));
  return v.get_ref<const std::string&>();
}

std::int64_t as_int(const Json& v, const std::string& path) {
  if (const auto i = core::exact_int64(v)) return *i;
  invalid(path + " must be an integer, got " + describe(v));
}

double as_number(const Json& v, const std::string& path) {
  if (!v.is_number()) invalid(path + " must be a number, got " + describe(v));
  return v.get<double>();
}

bool as_bool(const Json& v, const std::string& path) {
  if (!v.is_boolean()) invalid(path + " must be a boolean, got " + describe(v));
  return v.get<bool>();
}

Timestamp as_date(const Json& v, const std::string& path) {
  if (!v.is_string()) {
    invalid(path + " must be an ISO-8601 date string, got " + describe(v));
  }
  const auto& text = v.get_ref<const std::string&>();
  auto t = parse_iso8601(text);
  if (!t) invalid(path + " is not an ISO-8601 date: \"" + text + "\"");
  return *t;
}

const Json& as_array(const Json& v, const std::string& path) {
  if (!v.is_array()) invalid(path + " must be an array, got " + describe(v));
  return v;
}

std::vector<std::string> as_string_array(const Json& v, const std::string& path) {
  as_array(v, path);
  std::vector<std::string> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    out.push_back(as_string(v[i], path + "[" + std::to_string(i) + "]"));
  }
  return out;
}

// ---- Obj ---------------------------------------------------------------------------------------

Obj::Obj(const Json& v, std::string path) : obj_(&v), path_(std::move(path)) {
  if (!v.is_object()) invalid(path_ + " must be an object, got " + describe(v));
}

std::string Obj::field(std::string_view key) const { return path_ + "." + std::string(key); }

const Json* Obj::get(std::string_view key, bool keep_null) {
  seen_.emplace(key);
  const auto it = obj_->find(key);
  if (it == obj_->end()) return nullptr;
  if (it->is_null() && !keep_null) return nullptr;
  return &*it;
}

bool Obj::has(std::string_view key) { return get(key) != nullptr; }

std::string Obj::str(std::string_view key) {
  const Json* v = get(key);
  if (!v) invalid(field(key) + " is required (a string)");
  return as_string(*v, field(key));
}

std::optional<std::string> Obj::opt_str(std::string_view key) {
  const Json* v = get(key);
  if (!v) return std::nullopt;
  return as_string(*v, field(key));
}

std::int64_t Obj::integer(std::string_view key) {
  const Json* v = get(key);
  if (!v) invalid(field(key) + " is required (an integer)");
  return as_int(*v, field(key));
}

std::optional<std::int64_t> Obj::opt_int(std::string_view key) {
  const Json* v = get(key);
  if (!v) return std::nullopt;
  return as_int(*v, field(key));
}

std::optional<double> Obj::opt_number(std::string_view key) {
  const Json* v = get(key);
  if (!v) return std::nullopt;
  return as_number(*v, field(key));
}

std::optional<bool> Obj::opt_bool(std::string_view key) {
  const Json* v = get(key);
  if (!v) return std::nullopt;
  return as_bool(*v, field(key));
}

Timestamp Obj::date(std::string_view key) {
  const Json* v = get(key);
  if (!v) invalid(field(key) + " is required (an ISO-8601 date string)");
  return as_date(*v, field(key));
}

std::optional<Timestamp> Obj::opt_date(std::string_view key) {
  const Json* v = get(key);
  if (!v) return std::nullopt;
  return as_date(*v, field(key));
}

const Json& Obj::any(std::string_view key) {
  const Json* v = get(key, /*keep_null=*/true);
  if (!v) invalid(field(key) + " is required");
  return *v;
}

Obj Obj::obj(std::string_view key) {
  const Json* v = get(key);
  if (!v) invalid(field(key) + " is required (an object)");
  return Obj(*v, field(key));
}

std::optional<Obj> Obj::opt_obj(std::string_view key) {
  const Json* v = get(key);
  if (!v) return std::nullopt;
  return Obj(*v, field(key));
}

const Json& Obj::array(std::string_view key) {
  const Json* v = get(key);
  if (!v) invalid(field(key) + " is required (an array)");
  return as_array(*v, field(key));
}

void Obj::ignore(std::initializer_list<std::string_view> keys) {
  for (auto k : keys) seen_.emplace(k);
}

void Obj::finish() const {
  for (const auto& [key, value] : obj_->items()) {
    if (!seen_.contains(key)) {
      invalid(path_ + " has an unknown field \"" + key + "\"");
    }
  }
}

// ---- Args --------------------------------------------------------------------------------------

Args::Args(std::string_view method, const Json& params) : method_(method) {
  if (params.is_array()) {
    for (const auto& p : params) items_.push_back(&p);
  } else if (params.is_object()) {
    items_.push_back(&params);
  } else if (!params.is_null()) {
    invalid(method_ +
            ": params must be an array of arguments or an object (the single argument), got " +
            describe(params));
  }
}

const Json* Args::at(std::size_t i) const noexcept {
  if (i >= items_.size() || items_[i]->is_null()) return nullptr;
  return items_[i];
}

void Args::at_most(std::size_t n) const {
  if (items_.size() > n) {
    invalid(method_ + " takes " +
            (n == 0   ? std::string("no arguments")
             : n == 1 ? std::string("1 argument")
                      : std::to_string(n) + " arguments") +
            ", got " + std::to_string(items_.size()));
  }
}

std::string Args::path(std::string_view name) const { return method_ + ": " + std::string(name); }

Obj Args::obj(std::size_t i, std::string_view name) const {
  const Json* v = at(i);
  if (!v) invalid(path(name) + " is required (an object)");
  return Obj(*v, path(name));
}

Obj Args::opt_obj(std::size_t i, std::string_view name) const {
  const Json* v = at(i);
  return Obj(v ? *v : empty_object(), path(name));
}

}  // namespace libsqlstore::json_api::detail
