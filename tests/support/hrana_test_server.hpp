// An in-process Hrana 2 server for tests (cpp-httplib + SQLite), written from the protocol spec
// (tursodatabase/libsql docs/HRANA_2_SPEC.md, HTTP_V2_SPEC.md) and sqld's observed behaviour:
// POST /v2/pipeline with batons, one SQLite connection per stream on a shared database file,
// `execute`, `batch` with conditions, `close`, Bearer-token checks, and sqld's error shapes.
// It counts requests and can inject faults (auth failure, an HTML 500, a slow answer, a dropped
// connection before or after running the request, a body cut, stalled, truncated or endless, an
// expired stream).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace libsqlstore::testing {

class HranaTestServer {
 public:
  struct Options {
    /// Required Bearer token; empty: no Authorization check.
    std::string token;
    /// Port on 127.0.0.1; 0: any free port.
    int port = 0;
    /// Database file; empty: a new temporary file.
    std::string db_path;
    /// SQLite busy timeout of each stream's connection.
    int busy_timeout_ms = 200;
    /// PEM certificate and key files: serve HTTPS instead of HTTP.
    std::string tls_cert_file;
    std::string tls_key_file;
  };

  enum class Fault {
    None,
    Unauthorized,       ///< 401 with sqld's {"error": ...} body, nothing runs
    HtmlError,          ///< 500 with an HTML page, nothing runs
    Delay,              ///< runs the requests, then answers after the given delay
    DropBeforeExecute,  ///< reads the request, closes the connection, runs nothing
    DropAfterExecute,   ///< runs the requests (commits), then closes the connection unanswered
    BadGateway,         ///< 502 text/plain, as a proxy says it; nothing runs
    TooManyRequests,    ///< 429 with sqld's {"error": ...} body; nothing runs
    EchoAuthorization,  ///< 400 text/plain quoting the request's Authorization header
    CutMidResponse,     ///< runs the requests, sends the headers and half the body, then closes
    StallAfterHeaders,  ///< runs the requests, sends the headers, waits `delay`, then the body
    TruncatedBody,      ///< runs the requests, answers 200 with the first half of the JSON only
    Oversized,          ///< answers 200 with an endless JSON body (whitespace), until the client
                        ///< hangs up (at most 1 GiB); nothing runs
    StreamExpired,      ///< sqld's answer to the baton of an idle stream: 400 application/json
                        ///< {"message": ..., "code": "STREAM_EXPIRED"}; nothing runs
    UnknownBaton,       ///< sqld's answer to a baton whose stream it has forgotten: 400
                        ///< text/plain "Received an invalid baton: ..."; nothing runs
  };

  explicit HranaTestServer(Options options);
  HranaTestServer() : HranaTestServer(Options{}) {}
  ~HranaTestServer();
  HranaTestServer(const HranaTestServer&) = delete;
  HranaTestServer& operator=(const HranaTestServer&) = delete;

  /// "http://127.0.0.1:<port>" ("https://..." with TLS)
  std::string url() const;
  int port() const;
  const std::string& db_path() const;

  /// The next `times` pipeline requests get `fault`.
  void inject(Fault fault, int times = 1, std::chrono::milliseconds delay = {});

  /// POST /v2/pipeline requests received (faulty ones included).
  int requests() const;
  /// Bodies of the requests received, oldest first.
  std::vector<std::string> bodies() const;
  /// Authorization headers received ("" when absent), oldest first.
  std::vector<std::string> authorization_headers() const;
  /// Distinct TCP connections the requests came on.
  int connections() const;
  /// Streams currently open (not closed by the client).
  int open_streams() const;
  void reset_counters();

  /// Stops listening and closes every stream (rolling back their transactions).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace libsqlstore::testing
