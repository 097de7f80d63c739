#include "workflows/snapshot_codec.hpp"

#include "libsqlstore/error.hpp"

#include "core/json_text.hpp"

namespace libsqlstore::workflows {

namespace {

bool looks_like_json(const std::string& s) {
  return !s.empty() && (s.front() == '{' || s.front() == '[');
}

}  // namespace

std::string encode_snapshot(const Json& snapshot) {
  if (snapshot.is_string()) {
    const auto& text = snapshot.get_ref<const std::string&>();
    if (looks_like_json(text) && !core::try_parse_json(text)) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                 "snapshot string starts with '" + std::string(1, text.front()) +
                                     "' but is not valid JSON; it could not be read back");
    }
    return text;
  }
  if (snapshot.is_object() || snapshot.is_array()) return core::to_json_text(snapshot);
  throw InvalidArgumentError(
      "LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
      "snapshot must be a JSON object, array or string, got " + std::string(snapshot.type_name()));
}

Json decode_snapshot(const core::Value& v, const core::CellRef& where) {
  const auto text = core::decode_required_text(v, where);
  if (looks_like_json(text)) return core::decode_json(v, where);
  return text;
}

}  // namespace libsqlstore::workflows
