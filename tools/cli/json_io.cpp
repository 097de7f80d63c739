#include "json_io.hpp"

#include <new>

namespace libsqlstore::cli {

Redactor::Redactor(const Connection& conn) {
  if (!conn.auth_token.empty()) secrets_.push_back(conn.auth_token);
  // A token passed in the URL (?authToken=...) is as secret as --auth-token.
  const auto q = conn.url.find("authToken=");
  if (q != std::string::npos) {
    const auto start = q + 10;
    const auto end = conn.url.find_first_of("&#", start);
    std::string token = conn.url.substr(start, end == std::string::npos ? end : end - start);
    if (!token.empty()) secrets_.push_back(std::move(token));
  }
}

std::string Redactor::operator()(std::string text) const {
  for (const auto& secret : secrets_) {
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
      text.replace(pos, secret.size(), "***");
    }
  }
  return text;
}

Json Redactor::operator()(Json error) const {
  if (secrets_.empty()) return error;
  if (error.is_string()) return (*this)(error.get<std::string>());
  if (error.is_object() || error.is_array()) {
    for (auto& child : error) child = (*this)(std::move(child));
  }
  return error;
}

Json error_object(int code, std::string message) {
  return {{"code", code}, {"message", std::move(message)}};
}

Json error_object(const std::exception& e) {
  if (const auto* err = dynamic_cast<const Error*>(&e)) {
    int code = kStorageError;
    if (dynamic_cast<const json_api::UnknownMethodError*>(err)) {
      code = kMethodNotFound;
    } else if (dynamic_cast<const InvalidArgumentError*>(err)) {
      code = kInvalidParams;
    }
    Json out = error_object(code, err->what());
    out["data"] = {{"id", err->id()},
                   {"domain", std::string(err->domain())},
                   {"category", std::string(to_string(err->category()))},
                   {"details", err->details()}};
    return out;
  }
  if (dynamic_cast<const std::bad_alloc*>(&e)) {
    return error_object(kInternalError, "Internal error: out of memory");
  }
  return error_object(kInternalError, std::string("Internal error: ") + e.what());
}

std::size_t invalid_utf8_at(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::string to_text(const Json& value) {
  try {
    return json_api::stringify(value);
  } catch (const std::exception&) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

std::unique_ptr<LibSQLStore> open_store(const Connection& conn) {
  StoreOptions options;
  options.url = conn.url;
  if (!conn.auth_token.empty()) options.authToken = conn.auth_token;
  return std::make_unique<LibSQLStore>(std::move(options));
}

}  // namespace libsqlstore::cli
