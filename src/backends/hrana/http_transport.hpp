// HTTP POST over libcurl for the remote backends: one reused easy handle (keep-alive), JSON
// (or protobuf) bodies with a real Content-Length, a Bearer token only when one is set, connect and
// request timeouts, TLS verification. <curl/curl.h> is included by http_transport.cpp only.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace libsqlstore::hrana {

struct HttpResponse {
  long status = 0;
  std::string content_type;
  std::string body;
};

/// A request that got no HTTP response. The message is libcurl's description of the failure; it
/// never contains the token (the token is only ever in a header, and libcurl does not echo
/// headers in its error texts).
class TransportFailure : public std::runtime_error {
 public:
  enum class Stage {
    NotSent,    ///< failed before any of the body left this process (DNS, refused connection,
                ///< TLS handshake, connect timeout): the server cannot have executed it
    MaybeSent,  ///< the body was (partly) handed to the network: the server may have executed it
  };
  TransportFailure(Stage at, bool timeout, bool retryable, const std::string& message,
                   bool oversized = false)
      : std::runtime_error(message),
        stage(at),
        timed_out(timeout),
        transient(retryable),
        too_large(oversized) {}
  Stage stage;
  bool timed_out;
  /// NotSent failures worth retrying (refused connection, DNS) as opposed to a certificate the
  /// client rejects.
  bool transient;
  /// The answer grew beyond Config::max_response_bytes and was abandoned (MaybeSent).
  bool too_large;
};

class HttpTransport {
 public:
  struct Config {
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds request_timeout{30'000};
    bool verify_tls = true;
    std::optional<std::string> bearer_token;  ///< no Authorization header when empty
    /// A longer answer is abandoned as it arrives (TransportFailure::too_large).
    std::size_t max_response_bytes = std::size_t{64} << 20;
    /// The body's media type, sent as Content-Type and Accept.
    std::string media_type = "application/json";
  };

  /// Receives a 2xx answer's body piece by piece (post_streaming). It may throw: the transfer
  /// is then abandoned and post_streaming rethrows.
  using Sink = std::function<void(std::string_view piece)>;

  explicit HttpTransport(const Config& config);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;
  HttpTransport(HttpTransport&&) = delete;
  HttpTransport& operator=(HttpTransport&&) = delete;

  /// POSTs `body` (application/json) to `url`. Not thread-safe: the caller serialises.
  /// Throws TransportFailure when no response arrived. libcurl is never allowed to resend a body
  /// on its own (it would on a stale keep-alive connection): a resend is always the caller's
  /// decision.
  HttpResponse post(const std::string& url, const std::string& body);

  /// post() whose 2xx body goes to `sink` as it arrives instead of into the response (which
  /// then has an empty body), so a large answer never sits in memory; max_response_bytes does
  /// not apply to it. A non-2xx body is kept (bounded) for the error message.
  HttpResponse post_streaming(const std::string& url, const std::string& body, const Sink& sink);

 private:
  HttpResponse perform(const std::string& url, const std::string& body, const Sink* sink);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::size_t max_response_bytes_;
};

}  // namespace libsqlstore::hrana
