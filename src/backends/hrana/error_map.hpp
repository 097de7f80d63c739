// Every failure of the remote backend becomes one of the store's typed exceptions here, and only
// here: HTTP statuses, Hrana request and batch-step errors, transport failures, protocol
// violations. Texts that came from the server are scrubbed of the auth token before they go into
// a message.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "backends/hrana/http_transport.hpp"
#include "backends/hrana/protocol.hpp"

namespace libsqlstore::hrana {

/// What a request whose response was lost may have done.
enum class Effect {
  Read,         ///< nothing: safe to send again
  Write,        ///< an atomic write that may have committed
  Uncommitted,  ///< part of an interactive transaction before its COMMIT: certainly not committed
};

struct ErrorContext {
  std::string url;                   ///< the server's base URL (never holds the token)
  std::optional<std::string> token;  ///< removed from every server-supplied text
};

/// `text` with every occurrence of the token replaced by "[REDACTED]".
std::string redact(std::string text, const ErrorContext& ctx);

/// A Hrana error ({"message","code"}) of a request or a batch step.
[[noreturn]] void throw_server_error(const ServerError& error, long http_status,
                                     const ErrorContext& ctx);

/// A non-2xx HTTP response.
[[noreturn]] void throw_http_error(const HttpResponse& response, Effect effect,
                                   const ErrorContext& ctx);

/// No response: connection refused, DNS, timeout, connection reset. `attempts` is how many times
/// the request was tried.
[[noreturn]] void throw_transport_error(const TransportFailure& failure, Effect effect,
                                        int attempts, const ErrorContext& ctx);

/// A 2xx response that does not follow the protocol.
[[noreturn]] void throw_protocol_error(const ProtocolViolation& violation, long http_status,
                                       Effect effect, const ErrorContext& ctx);

/// tursodb rejects the whole pipeline (before running any of it) when it holds a "close"
/// request. Such a pipeline may be sent again without "close".
bool rejects_close_request(const HttpResponse& response);

/// 502, 503, 504: a proxy or load balancer could not get an answer; a read may be sent again.
bool is_gateway_failure(long status);

}  // namespace libsqlstore::hrana
