#include "libsqlstore/error.hpp"

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

void Error::relabel(std::string id, const Json& details) {
  // An id that already refines the method's id (e.g. ..._FAILED_THREAD_NOT_FOUND) is kept.
  if (id_.rfind(id, 0) != 0) id_ = std::move(id);
  if (details.is_object()) {
    for (const auto& [key, value] : details.items()) details_[key] = value;
  }
}

}  // namespace libsqlstore
