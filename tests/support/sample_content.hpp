// Message content for tests: what a V2 message holding one text part stores.
#pragma once

#include <string>

#include "libsqlstore/json.hpp"

namespace libsqlstore::testing {

/// {"format": 2, "parts": [{"type": "text", "text": text}]}
inline Json v2(const std::string& text) {
  return Json{{"format", 2}, {"parts", Json::array({{{"type", "text"}, {"text", text}}})}};
}

}  // namespace libsqlstore::testing
