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

Error::Error(std::string id, ErrorCategory category, const std::string& message, Json details)
    : std::runtime_error(message),
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
