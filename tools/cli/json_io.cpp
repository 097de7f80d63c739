#include "json_io.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <new>
#include <stdexcept>

namespace libsqlstore::cli {

namespace {

// Below this length a token is not searched for in error objects: the library never puts a
// token in an error (and scrubs the server's own texts of it, whatever its length), so this guard
// only matters for real, long tokens, while masking a short one ("x") would also mask the
// caller's own values that happen to equal it ({"threadId": "x"}).
constexpr std::size_t kMinRedactedLength = 8;

}  // namespace

Redactor::Redactor(const Connection& conn) { also(conn); }

void Redactor::also(const Connection& conn) {
  if (conn.auth_token.size() >= kMinRedactedLength) secrets_.push_back(conn.auth_token);
  // A token passed in the URL (?authToken=...) is as secret as --auth-token.
  const auto q = conn.url.find("authToken=");
  if (q != std::string::npos) {
    const auto start = q + 10;
    const auto end = conn.url.find_first_of("&#", start);
    std::string token = conn.url.substr(start, end == std::string::npos ? end : end - start);
    if (token.size() >= kMinRedactedLength) secrets_.push_back(std::move(token));
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

std::string to_text(const Json& value) {
  try {
    return json_api::stringify(value);
  } catch (const std::exception&) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
}

int report_error(const Error& e, const Redactor& redact, bool json) {
  if (json) {
    std::cerr << to_text(redact(error_object(e))) << "\n";
  } else {
    std::cerr << "libsqlstore: " << e.id() << ": " << redact(std::string(e.what())) << "\n";
  }
  return 1;
}

std::string read_token_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the auth token file " + path);
  std::string token((std::istreambuf_iterator<char>(in)), {});
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  return token;
}

std::unique_ptr<LibSQLStore> open_store(const Connection& conn, bool read_only) {
  StoreOptions options = conn.options;
  options.url = conn.url;
  options.readOnly = options.readOnly || read_only;
  if (!conn.auth_token.empty()) options.authToken = conn.auth_token;
  return std::make_unique<LibSQLStore>(std::move(options));
}

}  // namespace libsqlstore::cli
