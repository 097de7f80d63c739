#include "backends/hrana/remote_client.hpp"

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "libsqlstore/error.hpp"

#include "backends/hrana/error_map.hpp"
#include "backends/hrana/http_transport.hpp"
#include "backends/hrana/protocol.hpp"
#include "backends/hrana/stream.hpp"
#include "backends/hrana/transactional_batch.hpp"

namespace libsqlstore::hrana {

namespace {

// A request that certainly did not leave this process (refused connection, DNS) is tried this
// many times in all before ConnectionError.
constexpr int kConnectAttempts = 3;
constexpr std::chrono::milliseconds kMaxConnectBackoff{2000};

// Servers (by base URL) that turned out to reject "close" (tursodb): every later client of this
// process skips it from its first request instead of learning it again.
std::mutex g_no_close_mutex;
std::set<std::string>& servers_without_close() {
  static std::set<std::string> urls;
  return urls;
}
bool rejects_close_known(const std::string& url) {
  std::lock_guard lock(g_no_close_mutex);
  return servers_without_close().contains(url);
}
void remember_rejects_close(const std::string& url) {
  std::lock_guard lock(g_no_close_mutex);
  servers_without_close().insert(url);
}

class RemoteClient;

class RemoteTransaction final : public core::Transaction {
 public:
  RemoteTransaction(RemoteClient& client, std::string url) : client_(client) {
    stream_.url = std::move(url);
  }
  core::ResultSet query(const core::Statement& stmt) override;
  void execute(core::Statement stmt) override { pending_.push_back(std::move(stmt)); }
  void commit();
  void abandon() noexcept;

 private:
  RemoteClient& client_;
  Stream stream_;
  bool sent_ = false;    // a request of this stream went out
  bool in_tx_ = false;   // the server ran our BEGIN IMMEDIATE
  bool broken_ = false;  // a request's fate is unknown: the stream's state is unknown too
  std::vector<core::Statement> pending_;
};

class RemoteClient final : public core::Client {
 public:
  RemoteClient(const core::DatabaseUrl& url, const StoreOptions& options)
      : transport_(HttpTransport::Config{
            .connect_timeout = options.connectTimeout,
            .request_timeout = options.requestTimeout,
            .verify_tls = options.verifyTls,
            .bearer_token = url.auth_token ? url.auth_token : options.authToken,
        }),
        pipeline_url_(url.http_base() + "/v2/pipeline"),
        logger_(options.logger),
        backoff_(std::max(options.initialBackoffMs, std::chrono::milliseconds{1})) {
    ctx_.url = url.http_base();
    ctx_.token = url.auth_token ? url.auth_token : options.authToken;
    if (rejects_close_known(ctx_.url)) accepts_close_.store(false, std::memory_order_relaxed);
  }

  std::vector<core::ResultSet> batch(std::span<const core::Statement> stmts,
                                     core::Access access) override {
    std::lock_guard lock(mutex_);
    return run_batch(stmts, access);
  }

  void transaction(const std::function<void(core::Transaction&)>& body) override {
    std::lock_guard lock(mutex_);
    RemoteTransaction tx(*this, pipeline_url_);
    try {
      body(tx);
    } catch (...) {
      tx.abandon();
      throw;
    }
    tx.commit();
  }

  // --- used by RemoteTransaction, with mutex_ held ---

  std::vector<core::ResultSet> run_batch(std::span<const core::Statement> stmts,
                                         core::Access access) {
    if (stmts.empty()) return {};
    const bool write = access == core::Access::Write;
    // A single read needs no transaction; several reads share one snapshot (BEGIN ... COMMIT);
    // a write always runs inside BEGIN IMMEDIATE ... COMMIT so that it is all or nothing.
    const bool wrap = write || stmts.size() > 1;
    TransactionalBatch t = make_transactional_batch(
        stmts, wrap ? (write ? &kBeginImmediate : &kBeginDeferred) : nullptr, wrap);
    Stream stream{pipeline_url_, std::nullopt};
    const Effect effect = write ? Effect::Write : Effect::Read;
    auto response = send(stream, Json::array({t.builder.request()}), true, effect);
    return batch_results(response.results.front(), t, effect, response.http_status);
  }

  struct Response {
    std::vector<StreamResult> results;
    long http_status = 0;
  };

  // Sends one pipeline on `stream` (appending "close" when `close` is set) and returns the
  // results of `requests`. Retries what is safe to retry; maps every failure to a typed error.
  Response send(Stream& stream, const Json& requests, bool close, Effect effect) {
    int attempts = 0;
    int connect_failures = 0;
    bool resent = false;
    for (;;) {
      const bool with_close = close && accepts_close_.load(std::memory_order_relaxed);
      Json reqs = requests;
      if (with_close) reqs.push_back(close_request());
      const std::string body = pipeline_body(stream.baton, reqs);
      ++attempts;
      HttpResponse http;
      try {
        http = transport_.post(stream.url, body);
      } catch (const TransportFailure& f) {
        if (f.stage == TransportFailure::Stage::NotSent && f.transient &&
            ++connect_failures < kConnectAttempts) {
          const std::chrono::milliseconds delay =
              std::min(std::chrono::milliseconds{backoff_.count() << (connect_failures - 1)},
                       kMaxConnectBackoff);
          log(LogLevel::Warn, "LibSQLStore: cannot reach " + ctx_.url + " (" +
                                  redact(f.what(), ctx_) + "), retrying in " +
                                  std::to_string(delay.count()) + " ms");
          std::this_thread::sleep_for(delay);
          continue;
        }
        if (f.stage == TransportFailure::Stage::MaybeSent && effect == Effect::Read && !resent) {
          resent = true;
          log(LogLevel::Warn, "LibSQLStore: a read from " + ctx_.url + " got no response (" +
                                  redact(f.what(), ctx_) + "), sending it once more");
          continue;
        }
        throw_transport_error(f, effect, attempts, ctx_);
      }
      if (http.status < 200 || http.status >= 300) {
        if (with_close && rejects_close_request(http)) {
          // tursodb --sync-server: it parses the whole body before running any of it, so
          // nothing ran; send the same requests without "close" from now on.
          accepts_close_.store(false, std::memory_order_relaxed);
          remember_rejects_close(ctx_.url);
          log(LogLevel::Info, "LibSQLStore: " + ctx_.url +
                                  " does not support Hrana \"close\" requests; not sending them");
          continue;
        }
        if (effect == Effect::Read && is_gateway_failure(http.status) && !resent) {
          resent = true;
          continue;
        }
        throw_http_error(http, effect, ctx_);
      }
      PipelineResponse decoded;
      try {
        decoded = decode_pipeline_response(http.body, reqs.size());
      } catch (const ProtocolViolation& v) {
        throw_protocol_error(v, http.status, effect, ctx_);
      }
      if (with_close) decoded.results.pop_back();  // the stream is over; its result is moot
      stream.baton = decoded.baton;
      if (decoded.base_url) {
        std::string base = *decoded.base_url;
        while (!base.empty() && base.back() == '/') base.pop_back();
        if (base.starts_with("http://") || base.starts_with("https://"))
          stream.url = base + "/v2/pipeline";
      }
      return Response{std::move(decoded.results), http.status};
    }
  }

  std::vector<core::ResultSet> batch_results(const StreamResult& result,
                                             const TransactionalBatch& t, Effect effect,
                                             long http_status) {
    return transactional_batch_results(result, t, effect, http_status, ctx_);
  }

  bool accepts_close() const noexcept { return accepts_close_.load(std::memory_order_relaxed); }
  const ErrorContext& context() const noexcept { return ctx_; }

  void log(LogLevel level, const std::string& message) const {
    if (logger_) logger_(level, message);
  }

 private:
  std::mutex mutex_;
  HttpTransport transport_;
  ErrorContext ctx_;
  std::string pipeline_url_;
  Logger logger_;
  std::chrono::milliseconds backoff_;
  // Cleared when the server turns out to reject "close" (tursodb); never set again.
  std::atomic<bool> accepts_close_{true};
};

core::ResultSet RemoteTransaction::query(const core::Statement& stmt) {
  // The first request opens the transaction; deferred statements go before the query so that it
  // sees them.
  std::vector<core::Statement> stmts = std::move(pending_);
  pending_.clear();
  stmts.push_back(stmt);
  TransactionalBatch t =
      make_transactional_batch(stmts, in_tx_ ? nullptr : &kBeginImmediate, false);
  RemoteClient::Response response;
  try {
    sent_ = true;
    response =
        client_.send(stream_, Json::array({t.builder.request()}), false, Effect::Uncommitted);
  } catch (...) {
    broken_ = true;
    throw;
  }
  if (!response.results.front().ok) {
    broken_ = !in_tx_;  // unknown whether BEGIN ran
    throw_server_error(response.results.front().error, response.http_status, client_.context());
  }
  if (t.begin) {
    // Peek at BEGIN's own outcome before reporting anything else.
    const auto it = response.results.front().response.find("result");
    if (it != response.results.front().response.end()) {
      const auto& errors = it->find("step_errors");
      if (errors != it->end() && errors->is_array() && !errors->empty() && errors->at(0).is_null())
        in_tx_ = true;
    }
  }
  // A server without streams (tursodb --sync-server) answers with no baton; it runs every
  // request on one shared connection, so the transaction lives on there and later requests go
  // without a baton too.
  auto results =
      client_.batch_results(response.results.front(), t, Effect::Uncommitted, response.http_status);
  return std::move(results.back());
}

void RemoteTransaction::commit() {
  if (!in_tx_) {
    if (sent_) {
      // BEGIN failed (that error was thrown to the body, which went on regardless).
      throw Error("LIBSQL_STORE_REMOTE_SERVER_ERROR", ErrorCategory::ThirdParty,
                  "The remote transaction could not be started, so it cannot be committed");
    }
    // The body only wrote: one atomic batch, one round trip.
    if (!pending_.empty()) client_.run_batch(pending_, core::Access::Write);
    return;
  }
  TransactionalBatch t = make_transactional_batch(pending_, nullptr, true);
  pending_.clear();
  auto response = client_.send(stream_, Json::array({t.builder.request()}), true, Effect::Write);
  client_.batch_results(response.results.front(), t, Effect::Write, response.http_status);
}

void RemoteTransaction::abandon() noexcept {
  if (!sent_ || broken_) return;
  try {
    Json requests = Json::array();
    if (in_tx_) requests.push_back(execute_request(kRollback, false));
    if (requests.empty() && (!stream_.baton || !client_.accepts_close())) return;
    client_.send(stream_, requests, true, Effect::Read);
  } catch (const std::exception& e) {
    client_.log(LogLevel::Warn, std::string("LibSQLStore: rolling back a remote transaction "
                                            "failed (the server discards it): ") +
                                    e.what());
  }
}

}  // namespace

std::unique_ptr<core::Client> make_remote_client(const core::DatabaseUrl& url,
                                                 const StoreOptions& options) {
  // The token goes into an HTTP header: a CR or LF in it would end the header and start another
  // (header injection); no other control character belongs in a token either. The message never
  // holds the token.
  const auto& token = url.auth_token ? url.auth_token : options.authToken;
  if (token) {
    for (std::size_t i = 0; i < token->size(); ++i) {
      const auto c = static_cast<unsigned char>((*token)[i]);
      if (c < 0x20 || c == 0x7F) {
        throw InvalidArgumentError(
            "LIBSQL_STORE_INVALID_AUTH_TOKEN", ErrorCategory::User,
            "The auth token contains a control character (byte " + std::to_string(i) + " of " +
                std::to_string(token->size()) +
                "); it is sent in an HTTP header, where it would end the header. A token read "
                "from a file often ends with a newline: remove it");
      }
    }
  }
  return std::make_unique<RemoteClient>(url, options);
}

}  // namespace libsqlstore::hrana
