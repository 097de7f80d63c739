// The port of the reference's filter translation (see filter.hpp). Two steps, as in the
// reference: translate() normalises the filter (primitives become {$eq}, bare arrays {$in}, nested
// objects dotted paths), then build() renders each condition as SQL.
#include "vector/filter.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <regex>
#include <string_view>

#include "core/identifier.hpp"
#include "core/json_text.hpp"

namespace libsqlstore::vectors {

namespace {

/// Deeper filters are refused rather than risking the stack (the reference has no limit).
constexpr int kMaxDepth = 64;

constexpr std::array kLogical{"$and", "$or", "$not", "$nor"};
constexpr std::array kBasic{"$eq", "$ne"};
constexpr std::array kNumeric{"$gt", "$gte", "$lt", "$lte"};
constexpr std::array kArray{"$in", "$nin", "$all", "$elemMatch"};
constexpr std::array kOther{"$exists", "$contains", "$size"};

template <std::size_t N>
bool one_of(const std::array<const char*, N>& set, std::string_view key) {
  return std::any_of(set.begin(), set.end(), [&](const char* k) { return key == k; });
}

bool is_operator(std::string_view key) { return !key.empty() && key.front() == '$'; }
bool is_logical(std::string_view key) { return one_of(kLogical, key); }
bool is_valid_operator(std::string_view key) {
  return is_logical(key) || one_of(kBasic, key) || one_of(kNumeric, key) || one_of(kArray, key) ||
         one_of(kOther, key);
}
bool is_primitive(const Json& v) {
  return v.is_null() || v.is_string() || v.is_number() || v.is_boolean();
}
bool is_empty(const Json& v) {
  return v.is_null() || ((v.is_object() || v.is_array()) && v.empty());
}
/// JavaScript's truthiness, for the reference's `!value` tests.
bool is_falsy(const Json& v) {
  if (v.is_null()) return true;
  if (v.is_boolean()) return !v.get<bool>();
  if (v.is_number()) {
    const double d = v.get<double>();
    return d == 0 || std::isnan(d);
  }
  if (v.is_string()) return v.get_ref<const std::string&>().empty();
  return false;
}

[[noreturn]] void fail(const std::string& message) { throw FilterError(message); }

/// `path.key` (just `key` at the top).
std::string child_path(const std::string& path, const std::string& key) {
  if (path.empty()) return key;
  std::string out = path;
  out += '.';
  out += key;
  return out;
}

void check_depth(int depth) {
  if (depth > kMaxDepth) fail("Filter is nested too deeply (more than 64 levels)");
}

// ---- Validation (BaseFilterTranslator.validateFilterSupport) --------------------------------

std::string last_segment(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

void validate(const Json& node, const std::string& path, std::vector<std::string>& messages,
              int depth) {
  check_depth(depth);
  if (is_primitive(node) || is_empty(node)) return;
  if (node.is_array()) {
    for (const auto& item : node) validate(item, path, messages, depth + 1);
    return;
  }
  for (const auto& [key, value] : node.items()) {
    const std::string new_path = child_path(path, key);
    if (is_operator(key)) {
      if (!is_valid_operator(key)) {
        messages.push_back("Unsupported operator: " + key);
        continue;
      }
      if (path.empty() && !is_logical(key)) {
        messages.push_back("Invalid top-level operator: " + key);
        continue;
      }
      if (key == "$elemMatch" && (!value.is_object())) {
        messages.push_back("$elemMatch requires an object with conditions");
        continue;
      }
      if (is_logical(key)) {
        if (key == "$not") {
          if (!value.is_object() && !value.is_null()) {
            messages.push_back("$not operator requires an object");
            continue;
          }
          if (is_empty(value)) {
            messages.push_back("$not operator cannot be empty");
            continue;
          }
          continue;
        }
        if (!path.empty() && !is_logical(last_segment(path))) {
          std::string message = "Logical operator ";
          message += key;
          message += " cannot be used at field level: ";
          message += new_path;
          messages.push_back(std::move(message));
          continue;
        }
        if (value.is_array()) {
          const bool direct = std::any_of(value.begin(), value.end(), [](const Json& item) {
            return item.is_object() && item.size() == 1 && is_operator(item.begin().key()) &&
                   !is_logical(item.begin().key());
          });
          if (direct) {
            messages.push_back(
                "Logical operators must contain field conditions, not direct operators: " +
                new_path);
            continue;
          }
        }
      }
    }
    validate(value, new_path, messages, depth + 1);
  }
}

// ---- Normalisation (LibSQLFilterTranslator.translateNode) -----------------------------------

Json normalized(const Json& v) {
  if (v.is_number_float() && v.get<double>() == 0) return 0;  // -0 becomes 0
  return v;
}

Json translate_node(const Json& node, const std::string& path, int depth) {
  check_depth(depth);
  auto with_path = [&](Json result) {
    if (path.empty()) return result;
    Json wrapped = Json::object();
    wrapped[path] = std::move(result);
    return wrapped;
  };
  if (is_primitive(node)) return with_path(Json{{"$eq", normalized(node)}});
  if (node.is_array()) {
    Json values = Json::array();
    for (const auto& v : node) values.push_back(normalized(v));
    return with_path(Json{{"$in", std::move(values)}});
  }
  Json result = Json::object();
  for (const auto& [key, value] : node.items()) {
    const std::string new_path = child_path(path, key);
    if (is_logical(key)) {
      if (value.is_array()) {
        Json items = Json::array();
        for (const auto& f : value) items.push_back(translate_node(f, "", depth + 1));
        result[key] = std::move(items);
      } else {
        result[key] = translate_node(value, "", depth + 1);
      }
    } else if (is_operator(key)) {
      if (one_of(kArray, key) && !value.is_array() && key != "$elemMatch") {
        result[key] = Json::array({value});
      } else if (one_of(kBasic, key) && value.is_array()) {
        result[key] = core::to_json_text(value);
      } else {
        result[key] = value;
      }
    } else if (value.is_object() || value.is_array()) {
      bool has_operators = false;
      if (value.is_object()) {
        for (const auto& item : value.items())
          has_operators = has_operators || is_operator(item.key());
      }
      if (has_operators) {
        result[new_path] = translate_node(value, "", depth + 1);
      } else {
        const Json flattened = translate_node(value, new_path, depth + 1);
        for (const auto& [k, v] : flattened.items()) result[k] = v;
      }
    } else {
      result[new_path] = translate_node(value, "", depth + 1);
    }
  }
  return result;
}

// ---- SQL (buildFilterQuery and the operators of sql-builder.ts) ------------------------------

struct Condition {
  std::string sql;
  std::vector<Json> values;
};

/// The reference's parseFieldKey: every dot-separated segment is an identifier.
const std::string& field_key(const std::string& key) {
  if (key.empty()) fail("Field key cannot be empty");
  std::size_t start = 0;
  while (true) {
    const auto dot = key.find('.', start);
    const auto segment =
        key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!core::is_valid_identifier(segment)) {
      std::string message = "Invalid field key segment: ";
      message += segment;
      message += " in ";
      message += key;
      fail(message);
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return key;
}

/// parseJsonPathKey: `a` stays `a`; `a.b` becomes `"a"."b"`.
std::string json_path_key(const std::string& key) {
  const auto& k = field_key(key);
  if (k.find('.') == std::string::npos) return k;
  std::string out;
  std::size_t start = 0;
  while (true) {
    const auto dot = k.find('.', start);
    if (!out.empty()) out += '.';
    out += '"' + k.substr(start, dot == std::string::npos ? std::string::npos : dot - start) + '"';
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

/// '$.<key>' as an SQL string literal (identifiers cannot hold a quote).
std::string json_path(const std::string& key) { return "'$." + json_path_key(key) + "'"; }
/// The path with every segment quoted, which $contains uses ('$."a"' and '$."a"."b"').
std::string quoted_json_path(const std::string& key) {
  const auto k = json_path_key(key);
  return k.front() == '"' ? "'$." + k + "'" : "'$.\"" + k + "\"'";
}

std::string field(const std::string& path) { return "json_extract(metadata, " + path + ")"; }

/// True when the field holds a JSON array (or text that parses as one). A CASE, not the
/// reference's `json_valid(f) AND json_type(f) = 'array'`: AND need not short-circuit (tursodb
/// evaluates both sides, and json_type fails on text that is not JSON).
std::string is_json_array(const std::string& f) {
  return "(CASE WHEN json_valid(" + f + ") THEN json_type(" + f + ") = 'array' ELSE FALSE END)";
}

/// The field for json_each(): '[]' unless it is valid JSON, so that no engine parses text that is
/// not JSON even where its CASE guard would not be evaluated first (tursodb).
std::string each_source(const std::string& f) {
  return "CASE WHEN json_valid(" + f + ") THEN " + f + " ELSE '[]' END";
}

std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out;
}

Json as_array(const Json& v) { return v.is_array() ? v : Json::array({v}); }

Condition build_condition(const std::string& key, const Json& value, int depth);

Condition basic(const std::string& key, const Json& value, bool equal) {
  const auto f = field(json_path(key));
  if (value.is_null()) return {f + (equal ? " IS NULL" : " IS NOT NULL"), {}};
  // The reference renders CASE WHEN ? IS NULL ... ELSE f = ? END; for a non-null value that is
  // f = ? (f != ?), which an expression index on f can serve.
  return {f + (equal ? " = ?" : " != ?"), {value}};
}

Condition numeric(const std::string& key, const Json& value, const char* symbol) {
  if (value.is_array()) fail("Invalid value for a comparison: an array");
  return {"CAST(" + field(json_path(key)) + " AS NUMERIC) " + symbol + " ?", {value}};
}

Condition in_list(const std::string& key, const Json& value, bool negated) {
  const auto arr = as_array(value);
  if (arr.empty()) return {negated ? "1 = 1" : "1 = 0", {}};
  const auto f = field(json_path(key));
  Condition c;
  c.sql = "(CASE WHEN " + is_json_array(f) + " THEN " + (negated ? "NOT " : "") +
          "EXISTS (SELECT 1 FROM json_each(" + each_source(f) +
          ") as elem WHERE elem.value IN (SELECT value FROM json_each(?))) ELSE " + f +
          (negated ? " NOT IN (" : " IN (") + placeholders(arr.size()) + ") END)";
  c.values.push_back(core::to_json_text(arr));
  for (const auto& v : arr) c.values.push_back(v);
  return c;
}

Condition all_of(const std::string& key, const Json& value) {
  const auto arr = as_array(value);
  if (arr.empty()) return {"1 = 0", {}};
  const auto f = field(json_path(key));
  // Every distinct value asked for is among the field's elements. The reference asks
  // NOT EXISTS (... value NOT IN (SELECT ... json_each(field))), which nests the row's field two
  // subqueries deep (tursodb answers it wrongly) and counts a field holding a null element as
  // containing everything (docs/compatibility.md).
  const auto text = core::to_json_text(arr);
  return {"(CASE WHEN " + is_json_array(f) +
              " THEN (SELECT count(DISTINCT elem.value) FROM json_each(" + each_source(f) +
              ") as elem WHERE elem.value IN (SELECT value FROM json_each(?))) = (SELECT "
              "count(DISTINCT value) FROM json_each(?)) ELSE FALSE END)",
          {text, text}};
}

/// The reference's rewrite of a condition's json_extract(metadata, ...) to the array element.
std::string rewrite_to_element(const std::string& sql, const std::string& replacement) {
  static const std::regex pattern(
      R"(json_extract\(metadata, '\$\.(?:"[^"]*"(?:\."[^"]*")*|[^']+)'\))");
  std::string out;
  auto it = std::sregex_iterator(sql.begin(), sql.end(), pattern);
  std::size_t last = 0;
  for (; it != std::sregex_iterator(); ++it) {
    out.append(sql, last, static_cast<std::size_t>(it->position()) - last);
    out += replacement;
    last = static_cast<std::size_t>(it->position() + it->length());
  }
  out.append(sql, last, std::string::npos);
  return out;
}

Condition elem_match(const std::string& key, const Json& value, int depth) {
  if (!value.is_object()) fail("$elemMatch requires an object with conditions");
  if (value.empty()) fail("$elemMatch requires at least one condition");
  Condition c;
  std::string where;
  for (const auto& [k, v] : value.items()) {
    Condition part;
    if (is_operator(k)) {
      part = build_condition("elem.value", Json{{k, v}}, depth + 1);
      part.sql = rewrite_to_element(part.sql, "elem.value");
    } else if (v.is_object() || v.is_null()) {
      part = build_condition(k, v, depth + 1);
      part.sql =
          rewrite_to_element(part.sql, "json_extract(elem.value, '$." + json_path_key(k) + "')");
    } else {
      part = {"json_extract(elem.value, '$." + json_path_key(k) + "') = ?", {v}};
    }
    if (!where.empty()) where += " AND ";
    where += part.sql;
    c.values.insert(c.values.end(), part.values.begin(), part.values.end());
  }
  const auto f = field(json_path(key));
  c.sql = "(CASE WHEN " + is_json_array(f) + " THEN EXISTS (SELECT 1 FROM json_each(" +
          each_source(f) + ") as elem WHERE " + where + ") ELSE FALSE END)";
  return c;
}

std::string escape_like(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

Condition contains(const std::string& key, const Json& value) {
  const auto f = field(quoted_json_path(key));
  if (value.is_array()) {
    return {"(" + is_json_array(f) + " AND EXISTS (SELECT 1 FROM json_each(" + each_source(f) +
                ") as m WHERE m.value IN (SELECT value FROM json_each(?))))",
            {core::to_json_text(value)}};
  }
  if (value.is_string()) {
    return {"lower(" + f + ") LIKE '%' || lower(?) || '%' ESCAPE '\\'",
            {escape_like(value.get<std::string>())}};
  }
  if (value.is_object()) return {f + " = ?", {core::to_json_text(value)}};
  return {f + " = ?", {value}};
}

Condition size(const std::string& key, const Json& value) {
  if (value.is_array()) fail("Invalid value for $size: an array");
  const auto f = field(json_path(key));
  // The reference binds the size through a named parameter spelt from the value ($2), which two
  // equal sizes share; a plain ? does not. json_valid first, so text that is not JSON is not an
  // error (json_type would reject it).
  return {
      "(CASE WHEN " + is_json_array(f) + " THEN json_array_length(" + f + ") = ? ELSE FALSE END)",
      {value}};
}

Condition process_operator(const std::string& key, const std::string& op, const Json& value,
                           int depth) {
  if (op == "$eq") return basic(key, value, true);
  if (op == "$ne") return basic(key, value, false);
  if (op == "$gt") return numeric(key, value, ">");
  if (op == "$gte") return numeric(key, value, ">=");
  if (op == "$lt") return numeric(key, value, "<");
  if (op == "$lte") return numeric(key, value, "<=");
  if (op == "$in") return in_list(key, value, false);
  if (op == "$nin") return in_list(key, value, true);
  if (op == "$all") return all_of(key, value);
  if (op == "$elemMatch") return elem_match(key, value, depth);
  if (op == "$exists") return {field(json_path(key)) + " IS NOT NULL", {}};
  if (op == "$contains") return contains(key, value);
  if (op == "$size") return size(key, value);
  fail("Invalid operator: " + op);
}

Condition join(const std::vector<Condition>& parts, const char* separator) {
  Condition c;
  for (const auto& p : parts) {
    if (!c.sql.empty()) c.sql += separator;
    c.sql += p.sql;
    c.values.insert(c.values.end(), p.values.begin(), p.values.end());
  }
  return c;
}

Condition handle_operator(const std::string& key, const Json& value, int depth) {
  if (!value.is_object())
    fail("Invalid operator: " + (value.empty() ? std::string("undefined") : std::string("0")));
  std::vector<Condition> parts;
  for (const auto& [op, operand] : value.items()) {
    if (op == "$not") {
      if (!operand.is_object() || operand.empty()) fail("$not operator cannot be empty");
      std::vector<Condition> inner;
      for (const auto& [op2, operand2] : operand.items()) {
        inner.push_back(process_operator(key, op2, operand2, depth + 1));
      }
      auto c = join(inner, " AND ");
      c.sql = "NOT (" + c.sql + ")";
      parts.push_back(std::move(c));
    } else {
      parts.push_back(process_operator(key, op, operand, depth + 1));
    }
  }
  auto c = join(parts, " AND ");
  c.sql = "(" + c.sql + ")";
  return c;
}

Condition handle_logical(const std::string& key, const Json& value, int depth) {
  if (is_falsy(value) || (value.is_array() && value.empty())) {
    if (key == "$not") fail("$not operator cannot be empty");
    return {key == "$or" ? "false" : "true", {}};
  }
  if (key == "$not") {
    if (!value.is_object()) fail("$not operator requires an object");
    std::vector<Condition> parts;
    for (const auto& [k, v] : value.items()) parts.push_back(build_condition(k, v, depth + 1));
    auto c = join(parts, " AND ");
    c.sql = "NOT (" + c.sql + ")";
    return c;
  }
  // The reference recurses forever on anything but an array here.
  if (!value.is_array()) fail(key + " requires an array of conditions");
  // Each item is one condition: its fields are AND-ed. (The reference flattens the items' fields
  // into one list, so {$or: [{a: 1, b: 2}]} matched a=1 OR b=2.)
  std::vector<Condition> parts;
  for (const auto& f : value) {
    if (!f.is_object()) fail(key + " requires an array of conditions");
    std::vector<Condition> fields;
    for (const auto& [k, v] : f.items()) fields.push_back(build_condition(k, v, depth + 1));
    if (fields.empty()) fail(key + " requires non-empty conditions");
    auto item = join(fields, " AND ");
    if (fields.size() > 1) item.sql = "(" + item.sql + ")";
    parts.push_back(std::move(item));
  }
  auto c = join(parts, key == "$and" ? " AND " : " OR ");
  c.sql = (key == "$nor" ? "NOT (" : "(") + c.sql + ")";
  return c;
}

Condition build_condition(const std::string& key, const Json& value, int depth) {
  check_depth(depth);
  if (is_logical(key)) return handle_logical(key, value, depth);
  if (is_falsy(value) || !(value.is_object() || value.is_array())) {
    // A bare value here (inside $elemMatch): plain equality, which NULL never satisfies.
    return {field(json_path(key)) + " = ?", {value}};
  }
  return handle_operator(key, value, depth);
}

/// How @libsql/client binds a JavaScript value; objects and arrays cannot be bound.
core::Value to_value(const Json& v) {
  if (v.is_null()) return nullptr;
  if (v.is_boolean()) return std::int64_t{v.get<bool>() ? 1 : 0};
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) {
    if (const auto i = core::exact_int64(v)) return *i;
    return v.get<double>();
  }
  fail("Unsupported filter value: " + core::to_json_text(v) +
       " (a condition compares with a string, number, boolean or null)");
}

}  // namespace

FilterSql build_filter(const Json& filter) {
  if (is_empty(filter)) return {};
  std::vector<std::string> messages;
  validate(filter, "", messages, 0);
  if (!messages.empty()) {
    std::string text;
    for (const auto& m : messages) text += (text.empty() ? "" : ", ") + m;
    fail(text);
  }
  const Json translated = translate_node(filter, "", 0);
  std::vector<Condition> parts;
  for (const auto& [key, value] : translated.items())
    parts.push_back(build_condition(key, value, 0));
  auto c = join(parts, " AND ");
  FilterSql out;
  if (!c.sql.empty()) out.where = "WHERE " + c.sql;
  out.values.reserve(c.values.size());
  for (const auto& v : c.values) out.values.push_back(to_value(v));
  return out;
}

}  // namespace libsqlstore::vectors
