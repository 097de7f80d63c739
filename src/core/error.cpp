#include "libsqlstore/error.hpp"

#include <exception>

#include "core/guard.hpp"

namespace libsqlstore {

std::string_view to_string(ErrorCategory category) noexcept {
  switch (category) {
    case ErrorCategory::User:
      return "USER";
    case ErrorCategory::System:
      return "SYSTEM";
    case ErrorCategory::ThirdParty:
      return "THIRD_PARTY";
    case ErrorCategory::Unknown:
      break;
  }
  return "UNKNOWN";
}

namespace {

// what() returns a C string: a NUL inside the message (e.g. from a caller's date string) would
// silently cut it short.
std::string without_nul(const std::string& message) {
  if (message.find('\0') == std::string::npos) return message;
  std::string out;
  out.reserve(message.size() + 8);
  for (const char c : message) {
    if (c == '\0') {
      out += "\\u0000";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Error::Error(std::string id, ErrorCategory category, const std::string& message, Json details)
    : std::runtime_error(without_nul(message)),
      id_(std::move(id)),
      category_(category),
      details_(details.is_object() ? std::move(details) : Json::object()) {}

Json Error::to_json() const {
  Json j = Json::object();
  j["message"] = what();
  j["details"] = Json{{"message", what()},
                      {"domain", "STORAGE"},
                      {"category", std::string(to_string(category_))},
                      {"details", details_}};
  j["code"] = id_;
  return j;
}

void Error::throw_copy(std::string id, Json details) const {
  throw Error(std::move(id), category_, what(), std::move(details));
}

}  // namespace libsqlstore

namespace libsqlstore::detail {

void ErrorAccess::settle(const Error& e, const char* method_id, const Json& method_details) {
  std::string id = e.id().rfind(method_id, 0) == 0 ? e.id() : std::string(method_id);
  Json details = e.details();
  if (method_details.is_object()) {
    for (const auto& [key, value] : method_details.items()) details[key] = value;
  }
  e.throw_copy(std::move(id), std::move(details));
  std::terminate();  // throw_copy always throws; the compiler cannot see it through the virtual
}

}  // namespace libsqlstore::detail
