// What `libsqlstore call` and `libsqlstore rpc` share: opening the store, turning exceptions into
// JSON-RPC error objects, and keeping the auth token out of everything printed.
#pragma once

#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "libsqlstore/libsqlstore.hpp"

#include "commands.hpp"

namespace libsqlstore::cli {

/// JSON-RPC 2.0 error codes.
enum RpcCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kStorageError = -32000,
};

/// Replaces every secret (the auth token, also when given in the URL) by "***" in the strings of
/// an error object. Results are not touched: they hold only what the caller stored.
class Redactor {
 public:
  explicit Redactor(const Connection& conn);
  /// Also redacts `conn`'s secrets (a command with two connections: copy).
  void also(const Connection& conn);
  Json operator()(Json error) const;
  std::string operator()(std::string text) const;

 private:
  std::vector<std::string> secrets_;
};

/// The JSON-RPC error object for an exception thrown by json_api::call or the store:
/// {"code", "message", "data": {"id", "domain", "category", "details"}}.
Json error_object(const std::exception& e);
/// An error object with a code and message of our own (no data).
Json error_object(int code, std::string message);

/// JSON text of `value`; never throws (text that cannot be written as UTF-8 is replaced by U+FFFD).
std::string to_text(const Json& value);

/// Prints a failed command's error on stderr: its JSON-RPC error object when the output is for
/// programs (`json`), else "libsqlstore: ID: message"; secrets redacted. Returns 1, the exit code.
int report_error(const Error& e, const Redactor& redact, bool json);

/// Opens the store the connection names (read-only: StoreOptions::readOnly).
std::unique_ptr<LibSQLStore> open_store(const Connection& conn, bool read_only = false);

}  // namespace libsqlstore::cli
