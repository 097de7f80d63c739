#include "backends/hrana/remote_client.hpp"

#include <atomic>
#include <set>

#include "libsqlstore/error.hpp"

#include "backends/hrana/error_map.hpp"
#include "backends/hrana/http_transport.hpp"
#include "backends/hrana/protocol.hpp"
#include "backends/hrana/stream.hpp"
#include "backends/hrana/transactional_batch.hpp"
#include "core/retry.hpp"
#include "core/thread_annotations.hpp"

namespace libsqlstore::hrana {

namespace {

// A request that certainly did not leave this process (refused connection, DNS) is tried this
// many times in all before ConnectionError, waiting the store's backoff (capped at 2 s) between.
constexpr int kConnectAttempts = 3;
constexpr std::chrono::milliseconds kMaxConnectBackoff{2000};

// Servers (by base URL) that turned out to reject "close" (tursodb): every later client of this
// process skips it from its first request instead of learning it again.
class ServersWithoutClose {
 public:
  static ServersWithoutClose& instance() {
    static ServersWithoutClose servers;
    return servers;
  }
  bool contains(const std::string& url) LIBSQLSTORE_EXCLUDES(mutex_) {
    core::MutexLock lock(mutex_);
    return urls_.contains(url);
  }
  void add(const std::string& url) LIBSQLSTORE_EXCLUDES(mutex_) {
    core::MutexLock lock(mutex_);
    urls_.insert(url);
  }
  void clear() LIBSQLSTORE_EXCLUDES(mutex_) {
    core::MutexLock lock(mutex_);
    urls_.clear();
  }

 private:
  core::Mutex mutex_;
  std::set<std::string> urls_ LIBSQLSTORE_GUARDED_BY(mutex_);
};

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
  RemoteClient(const core::DatabaseUrl& url, const StoreOptions& options, core::Clock& clock)
      : transport_(HttpTransport::Config{
            .connect_timeout = options.connectTimeout,
            .request_timeout = options.requestTimeout,
            .verify_tls = options.verifyTls,
            .bearer_token = url.auth_token ? url.auth_token : options.authToken,
            .max_response_bytes = options.maxResponseBytes,
        }),
        pipeline_url_(url.http_base() + "/v2/pipeline"),
        logger_(options.logger),
        backoff_{std::max(options.initialBackoffMs, std::chrono::milliseconds{1}),
                 kMaxConnectBackoff},
        clock_(clock) {
    ctx_.url = url.http_base();
    ctx_.token = url.auth_token ? url.auth_token : options.authToken;
    if (ServersWithoutClose::instance().contains(ctx_.url)) {
      accepts_close_.store(false, std::memory_order_relaxed);
    }
  }

  std::vector<core::ResultSet> batch(std::span<const core::Statement> stmts,
                                     core::Access access) override {
    core::MutexLock lock(mutex_);
    return run_batch(stmts, access);
  }

  void transaction(const std::function<void(core::Transaction&)>& body) override {
    core::MutexLock lock(mutex_);
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

  /// The transaction's body runs under mutex_ (taken by transaction()).
  void assert_locked() const LIBSQLSTORE_ASSERT_CAPABILITY(mutex_) {}

  std::vector<core::ResultSet> run_batch(std::span<const core::Statement> stmts,
                                         core::Access access) LIBSQLSTORE_REQUIRES(mutex_) {
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
  // results of `requests`. Each round is attempt() (one POST), classify() (what the outcome
  // means) and decide() (send again, or stop): retries only what is safe to retry, and maps
  // every failure to a typed error.
  Response send(Stream& stream, const Json& requests, bool close, Effect effect)
      LIBSQLSTORE_REQUIRES(mutex_) {
    Round round;
    for (;;) {
      round.with_close = close && accepts_close_.load(std::memory_order_relaxed);
      Outcome outcome = attempt(stream, requests, round);
      const Verdict verdict = classify(outcome, round, effect);
      if (verdict == Verdict::Answered) return answer(stream, outcome, round, effect);
      decide(verdict, outcome, round, effect);  // waits, or throws
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
  /// What one round of send() has done so far.
  struct Round {
    int attempts = 0;
    int connect_failures = 0;
    bool resent = false;
    bool with_close = false;
    Json sent;  // the requests as sent ("close" appended when with_close)
  };

  /// One POST: the response, or why none came.
  struct Outcome {
    std::optional<HttpResponse> http;
    std::optional<TransportFailure> failure;
  };

  enum class Verdict {
    Answered,        ///< a 2xx response: decode it
    RetryConnect,    ///< nothing was sent (refused, DNS): try again after the backoff
    ResendRead,      ///< a read got no usable answer: send it once more
    DropClose,       ///< tursodb rejected the pipeline for its "close": nothing ran
    TransportError,  ///< no response, and no retry is safe
    HttpError,       ///< a non-2xx response, and no retry is safe
  };

  Outcome attempt(const Stream& stream, const Json& requests, Round& round)
      LIBSQLSTORE_REQUIRES(mutex_) {
    round.sent = requests;
    if (round.with_close) round.sent.push_back(close_request());
    ++round.attempts;
    try {
      return {transport_.post(stream.url, pipeline_body(stream.baton, round.sent)), std::nullopt};
    } catch (const TransportFailure& f) {
      return {std::nullopt, f};
    }
  }

  Verdict classify(const Outcome& outcome, const Round& round, Effect effect) const {
    if (outcome.failure) {
      const auto& f = *outcome.failure;
      if (f.stage == TransportFailure::Stage::NotSent && f.transient &&
          round.connect_failures + 1 < kConnectAttempts) {
        return Verdict::RetryConnect;
      }
      // A read may run twice; a write whose fate is unknown never goes again.
      // (An answer too large would only be too large again.)
      if (f.stage == TransportFailure::Stage::MaybeSent && effect == Effect::Read &&
          !round.resent && !f.too_large) {
        return Verdict::ResendRead;
      }
      return Verdict::TransportError;
    }
    const auto& http = *outcome.http;
    if (http.status >= 200 && http.status < 300) return Verdict::Answered;
    if (round.with_close && rejects_close_request(http)) return Verdict::DropClose;
    if (effect == Effect::Read && is_gateway_failure(http.status) && !round.resent) {
      return Verdict::ResendRead;
    }
    return Verdict::HttpError;
  }

  void decide(Verdict verdict, const Outcome& outcome, Round& round, Effect effect) {
    switch (verdict) {
      case Verdict::RetryConnect: {
        const auto delay = backoff_.delay(round.connect_failures++);
        log(LogLevel::Warn, "LibSQLStore: cannot reach " + ctx_.url + " (" +
                                redact(outcome.failure->what(), ctx_) + "), retrying in " +
                                std::to_string(delay.count()) + " ms");
        clock_.sleep_for(delay);
        return;
      }
      case Verdict::ResendRead:
        round.resent = true;
        log(LogLevel::Warn,
            "LibSQLStore: a read from " + ctx_.url + " got no usable answer; sending it once more");
        return;
      case Verdict::DropClose:
        // tursodb --sync-server: it parses the whole body before running any of it, so nothing
        // ran; send the same requests without "close" from now on.
        accepts_close_.store(false, std::memory_order_relaxed);
        ServersWithoutClose::instance().add(ctx_.url);
        log(LogLevel::Info, "LibSQLStore: " + ctx_.url +
                                " does not support Hrana \"close\" requests; not sending them");
        return;
      case Verdict::TransportError:
        throw_transport_error(*outcome.failure, effect, round.attempts, ctx_);
      case Verdict::HttpError:
        throw_http_error(*outcome.http, effect, ctx_);
      case Verdict::Answered:
        break;
    }
  }

  Response answer(Stream& stream, const Outcome& outcome, const Round& round, Effect effect) {
    const auto& http = *outcome.http;
    PipelineResponse decoded;
    try {
      decoded = decode_pipeline_response(http.body, round.sent.size());
    } catch (const ProtocolViolation& v) {
      throw_protocol_error(v, http.status, effect, ctx_);
    }
    if (round.with_close) decoded.results.pop_back();  // the stream is over; its result is moot
    stream.baton = decoded.baton;
    if (decoded.base_url) {
      std::string base = *decoded.base_url;
      while (!base.empty() && base.back() == '/') base.pop_back();
      if (base.starts_with("http://") || base.starts_with("https://"))
        stream.url = base + "/v2/pipeline";
    }
    return Response{std::move(decoded.results), http.status};
  }

  mutable core::Mutex mutex_;  // one request at a time on the one connection
  HttpTransport transport_ LIBSQLSTORE_GUARDED_BY(mutex_);
  ErrorContext ctx_;
  std::string pipeline_url_;
  Logger logger_;
  core::Backoff backoff_;
  core::Clock& clock_;
  // Cleared when the server turns out to reject "close" (tursodb); never set again.
  std::atomic<bool> accepts_close_{true};
};

core::ResultSet RemoteTransaction::query(const core::Statement& stmt) {
  client_.assert_locked();
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
  client_.assert_locked();
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
  client_.assert_locked();
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
                                                 const StoreOptions& options, core::Clock& clock) {
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
  return std::make_unique<RemoteClient>(url, options, clock);
}

void forget_learned_server_quirks() { ServersWithoutClose::instance().clear(); }

}  // namespace libsqlstore::hrana
