// The remote backend against the in-process Hrana server: authentication, every injected fault
// (typed error, no token in any text, nothing half-written, in-doubt writes never resent,
// refused connections retried) and the round trips each call costs.
#include <chrono>
#include <mutex>
#include <thread>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "backends/hrana/remote_client.hpp"
#include "client_round_trip.hpp"
#include "core/url.hpp"
#include "fake_clock.hpp"
#include "hrana_test_server.hpp"
#include "matchers.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

using namespace std::chrono_literals;
using Fault = HranaTestServer::Fault;

constexpr const char* kToken = "tok-9f8e7d6c5b4a-SECRET";

class RemoteStoreTest : public ::testing::Test {
 protected:
  StoreOptions options(const std::string& url) {
    StoreOptions o{.url = url, .authToken = std::string(kToken)};
    o.maxRetries = 2;
    o.initialBackoffMs = 20ms;
    o.connectTimeout = 2000ms;
    o.requestTimeout = 2000ms;
    o.logger = [this](LogLevel, std::string_view message) {
      std::lock_guard lock(log_mutex_);
      logs_.emplace_back(message);
    };
    return o;
  }
  StoreOptions options() { return options(server_.url()); }

  std::unique_ptr<LibSQLStore> open(const StoreOptions& o) {
    auto s = std::make_unique<LibSQLStore>(o);
    s->init();
    return s;
  }
  std::unique_ptr<LibSQLStore> open() { return open(options()); }

  int threads_on_server() {
    SqlitePeek db(server_.db_path());
    return std::stoi(db.value("SELECT COUNT(*) FROM mastra_threads"));
  }

  std::vector<std::string> logs() {
    std::lock_guard lock(log_mutex_);
    return logs_;
  }

  void TearDown() override {
    for (const auto& line : logs()) EXPECT_EQ(line.find(kToken), std::string::npos) << line;
    for (const auto& body : server_.bodies())
      EXPECT_EQ(body.find(kToken), std::string::npos) << "token in a request body";
  }

  static Thread thread(const std::string& id) {
    return Thread{id, "res", "title " + id, Json{{"k", id}}, ts(1), ts(2)};
  }

  HranaTestServer server_{HranaTestServer::Options{.token = kToken}};

 private:
  std::mutex log_mutex_;
  std::vector<std::string> logs_;
};

// The error the call throws (matchers.hpp's caught()), checked to carry no token anywhere.
template <class E, class F>
E expect_error(F&& call) {
  const auto e = caught<E>(std::forward<F>(call));
  if (!e) throw std::logic_error("no such exception");  // caught() has recorded the failure
  EXPECT_EQ(std::string(e->what()).find(kToken), std::string::npos) << e->what();
  EXPECT_EQ(e->to_json().dump().find(kToken), std::string::npos) << e->to_json().dump();
  return *e;
}

// The connect retries follow the store's backoff (doubling from initialBackoffMs, capped at 2 s)
// through the clock seam: counted, not slept.
TEST(RemoteRetry, RefusedConnectionsBackOffThroughTheClock) {
  FakeClock clock;
  const StoreOptions options{.url = "http://127.0.0.1:9",
                             .initialBackoffMs = std::chrono::milliseconds{1500}};
  auto client = hrana::make_remote_client(core::parse_database_url(options.url), options, clock);
  const core::Statement select{"SELECT 1"};
  if (const auto e = caught<ConnectionError>([&] {
        client->batch({&select, 1}, core::Access::Read);
      })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_REMOTE_CONNECTION_FAILED");
    EXPECT_EQ(e->details()["attempts"], 3);
  }
  EXPECT_EQ(clock.slept, (std::vector<std::int64_t>{1500, 2000}));
}

TEST_F(RemoteStoreTest, SendsTheTokenAsBearerAndClosesEveryStream) {
  auto store = open();
  store->save_thread(thread("a"));
  EXPECT_EQ(store->get_thread_by_id("a")->title, "title a");
  for (const auto& h : server_.authorization_headers())
    EXPECT_EQ(h, std::string("Bearer ") + kToken);
  EXPECT_EQ(server_.open_streams(), 0);
  EXPECT_NE(server_.bodies().back().find(R"({"type":"close"})"), std::string::npos);
}

TEST_F(RemoteStoreTest, OneStoreKeepsOneConnection) {
  auto store = open();
  for (int i = 0; i < 10; ++i) store->save_thread(thread(std::to_string(i)));
  store->update_thread({"3", "x", Json::object()});
  EXPECT_GE(server_.requests(), 13);
  EXPECT_EQ(server_.connections(), 1) << "the HTTP connection is reused (keep-alive)";
}

TEST_F(RemoteStoreTest, TokenInTheUrlOverridesTheOption) {
  auto o = options(server_.url() + "?authToken=" + kToken);
  o.authToken = "wrong-token";
  auto store = open(o);
  EXPECT_FALSE(store->get_thread_by_id("x").has_value());
}

TEST_F(RemoteStoreTest, NoAuthorizationHeaderWithoutAToken) {
  HranaTestServer open_server;
  auto o = options(open_server.url());
  o.authToken.reset();
  open(o)->save_thread(thread("a"));
  for (const auto& h : open_server.authorization_headers()) EXPECT_EQ(h, "");
}

// Issue #9.12: a CR or LF in the token went out verbatim (an injected header). Any control
// character is refused when the store opens, without sending anything or quoting the token.
TEST_F(RemoteStoreTest, TokensWithControlCharactersAreRefused) {
  for (const std::string& bad :
       {std::string(kToken) + "\r\nX-Injected: yes", std::string(kToken) + "\n",
        std::string("a\0b", 3), std::string("tab\tbed")}) {
    auto o = options(server_.url());
    o.authToken = bad;
    const auto e = expect_error<InvalidArgumentError>([&] { open(o); });
    EXPECT_EQ(e.id(), "LIBSQL_STORE_INVALID_AUTH_TOKEN");
    EXPECT_EQ(std::string(e.what()).find("X-Injected"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("tab"), std::string::npos) << e.what();
  }
  EXPECT_EQ(server_.requests(), 0);
}

TEST_F(RemoteStoreTest, WrongTokenIsAnAuthenticationError) {
  auto o = options();
  o.authToken = "wrong-token-value";
  LibSQLStore store(o);
  const auto e = expect_error<AuthenticationError>([&] { store.init(); });
  EXPECT_EQ(e.id(), "LIBSQL_STORE_INIT_FAILED");
  EXPECT_EQ(e.details().value("httpStatus", 0), 401);
  EXPECT_NE(std::string(e.what()).find("refused the auth token"), std::string::npos);
  EXPECT_EQ(std::string(e.what()).find("wrong-token-value"), std::string::npos);
  EXPECT_EQ(server_.requests(), 1) << "an auth failure is not retried";
}

TEST_F(RemoteStoreTest, InjectedUnauthorizedIsAnAuthenticationError) {
  auto store = open();
  server_.inject(Fault::Unauthorized);
  const auto e = expect_error<AuthenticationError>([&] { store->save_thread(thread("a")); });
  EXPECT_EQ(e.id(), "LIBSQL_STORE_SAVE_THREAD_FAILED");
  EXPECT_EQ(e.details().value("threadId", ""), "a");
  EXPECT_EQ(threads_on_server(), 0);
}

TEST_F(RemoteStoreTest, HtmlErrorPageIsAThirdPartyErrorAndWritesNothing) {
  auto store = open();
  server_.inject(Fault::HtmlError);
  const auto e = expect_error<Error>([&] { store->save_thread(thread("a")); });
  EXPECT_EQ(e.category(), ErrorCategory::ThirdParty);
  EXPECT_EQ(e.id(), "LIBSQL_STORE_SAVE_THREAD_FAILED");
  EXPECT_EQ(e.details().value("httpStatus", 0), 500);
  EXPECT_NE(std::string(e.what()).find("500 Internal Server Error"), std::string::npos) << e.what();
  EXPECT_EQ(std::string(e.what()).find("<html"), std::string::npos) << "no raw HTML in messages";
  EXPECT_EQ(threads_on_server(), 0);
}

TEST_F(RemoteStoreTest, TimedOutWriteIsInDoubtAndNotResent) {
  auto o = options();
  o.requestTimeout = 300ms;
  auto store = open(o);
  const int before = server_.requests();
  server_.inject(Fault::Delay, 1, 900ms);
  const auto e = expect_error<InDoubtError>([&] { store->save_thread(thread("slow")); });
  EXPECT_EQ(e.id(), "LIBSQL_STORE_SAVE_THREAD_FAILED");
  EXPECT_TRUE(e.details().value("timedOut", false));
  EXPECT_EQ(server_.requests() - before, 1) << "an in-doubt write must not be resent";
  // The server did commit it (it only answered late): in doubt means exactly that.
  std::this_thread::sleep_for(800ms);
  EXPECT_EQ(threads_on_server(), 1);
}

TEST_F(RemoteStoreTest, ConnectionDroppedBeforeExecutingIsInDoubtAndWroteNothing) {
  auto store = open();
  const int before = server_.requests();
  server_.inject(Fault::DropBeforeExecute);
  expect_error<InDoubtError>([&] { store->save_thread(thread("a")); });
  EXPECT_EQ(server_.requests() - before, 1);
  EXPECT_EQ(threads_on_server(), 0);
}

TEST_F(RemoteStoreTest, ConnectionDroppedAfterCommitIsInDoubtAndNotResent) {
  auto store = open();
  store->save_thread(thread("first"));  // the next request reuses this kept-alive connection
  const int before = server_.requests();
  server_.inject(Fault::DropAfterExecute);
  const auto e = expect_error<InDoubtError>([&] { store->save_thread(thread("second")); });
  EXPECT_EQ(e.id(), "LIBSQL_STORE_SAVE_THREAD_FAILED");
  EXPECT_EQ(server_.requests() - before, 1) << "libcurl must not silently resend the write";
  EXPECT_EQ(threads_on_server(), 2) << "the write did commit";
}

TEST_F(RemoteStoreTest, LostReadIsSentOnceMore) {
  auto store = open();
  store->save_thread(thread("a"));
  int before = server_.requests();
  server_.inject(Fault::DropBeforeExecute);
  EXPECT_TRUE(store->get_thread_by_id("a").has_value());
  EXPECT_EQ(server_.requests() - before, 2);

  before = server_.requests();
  server_.inject(Fault::DropAfterExecute, 2);
  const auto e = expect_error<ConnectionError>([&] { store->get_thread_by_id("a"); });
  EXPECT_EQ(e.id(), "LIBSQL_STORE_GET_THREAD_BY_ID_FAILED");
  EXPECT_EQ(server_.requests() - before, 2) << "one resend, then the error";
}

TEST_F(RemoteStoreTest, GatewayErrorResendsAReadButMakesAWriteInDoubt) {
  auto store = open();
  store->save_thread(thread("a"));
  int before = server_.requests();
  server_.inject(Fault::BadGateway);
  EXPECT_TRUE(store->get_thread_by_id("a").has_value());
  EXPECT_EQ(server_.requests() - before, 2);

  before = server_.requests();
  server_.inject(Fault::BadGateway);
  const auto e = expect_error<InDoubtError>([&] { store->save_thread(thread("b")); });
  EXPECT_EQ(e.details().value("httpStatus", 0), 502);
  EXPECT_EQ(server_.requests() - before, 1);
}

TEST_F(RemoteStoreTest, TooManyRequestsIsBusyAndRetried) {
  auto store = open();
  const int before = server_.requests();
  server_.inject(Fault::TooManyRequests);
  store->save_thread(thread("a"));
  EXPECT_EQ(server_.requests() - before, 2);
  EXPECT_EQ(threads_on_server(), 1);
}

// Issue #15.6: the connection cut in the middle of the body, after the server committed.
TEST_F(RemoteStoreTest, ResponseCutMidBodyResendsAReadAndMakesAWriteInDoubt) {
  auto store = open();
  store->save_thread(thread("a"));
  int before = server_.requests();
  server_.inject(Fault::CutMidResponse);
  EXPECT_TRUE(store->get_thread_by_id("a").has_value());
  EXPECT_EQ(server_.requests() - before, 2) << "the read is sent once more";

  before = server_.requests();
  server_.inject(Fault::CutMidResponse);
  const auto e = expect_error<InDoubtError>([&] { store->save_thread(thread("b")); });
  EXPECT_EQ(e.id(), "LIBSQL_STORE_SAVE_THREAD_FAILED");
  EXPECT_EQ(server_.requests() - before, 1) << "an in-doubt write must not be resent";
  EXPECT_EQ(threads_on_server(), 2) << "the write did commit";
  EXPECT_TRUE(store->get_thread_by_id("b").has_value()) << "the store goes on";
}

// A server (or proxy) that sends the headers and then nothing: the request timeout ends it.
TEST_F(RemoteStoreTest, ServerStallingAfterTheHeadersTimesOut) {
  auto o = options();
  o.requestTimeout = 300ms;
  auto store = open(o);
  store->save_thread(thread("a"));
  int before = server_.requests();
  server_.inject(Fault::StallAfterHeaders, 1, 1500ms);
  EXPECT_TRUE(store->get_thread_by_id("a").has_value());
  EXPECT_EQ(server_.requests() - before, 2) << "the timed-out read is sent once more";

  before = server_.requests();
  server_.inject(Fault::StallAfterHeaders, 1, 1500ms);
  const auto start = std::chrono::steady_clock::now();
  const auto e = expect_error<InDoubtError>([&] { store->save_thread(thread("b")); });
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1200ms) << "the timeout did not apply";
  EXPECT_TRUE(e.details().value("timedOut", false));
  EXPECT_EQ(server_.requests() - before, 1);
  std::this_thread::sleep_for(1500ms);  // let the stalled answer finish before the server stops
}

// A 200 whose JSON stops half way (a proxy's truncation): the write ran, its answer is unreadable.
TEST_F(RemoteStoreTest, TruncatedAnswerIsAProtocolErrorOrInDoubt) {
  auto store = open();
  store->save_thread(thread("a"));
  server_.inject(Fault::TruncatedBody);
  const auto read = expect_error<Error>([&] { store->get_thread_by_id("a"); });
  EXPECT_EQ(read.id(), "LIBSQL_STORE_GET_THREAD_BY_ID_FAILED");
  EXPECT_NE(std::string(read.what()).find("JSON"), std::string::npos) << read.what();

  const int before = server_.requests();
  server_.inject(Fault::TruncatedBody);
  expect_error<InDoubtError>([&] { store->save_thread(thread("b")); });
  EXPECT_EQ(server_.requests() - before, 1);
  EXPECT_EQ(threads_on_server(), 2);
}

// An endless answer is abandoned at maxResponseBytes: memory stays bounded, nothing is resent.
TEST_F(RemoteStoreTest, OversizedAnswerIsAbandonedAtTheLimit) {
  auto o = options();
  o.maxResponseBytes = 4 << 20;
  auto store = open(o);
  store->save_thread(thread("a"));
  int before = server_.requests();
  server_.inject(Fault::Oversized);
  const auto start = std::chrono::steady_clock::now();
  const auto read = expect_error<Error>([&] { store->get_thread_by_id("a"); });
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(read.details().value("code", ""), "RESPONSE_TOO_LARGE") << read.details().dump();
  EXPECT_NE(std::string(read.what()).find("maxResponseBytes (4194304 bytes)"), std::string::npos)
      << read.what();
  EXPECT_EQ(server_.requests() - before, 1) << "a read too large would be too large again";

  before = server_.requests();
  server_.inject(Fault::Oversized);
  const auto write = expect_error<InDoubtError>([&] { store->save_thread(thread("b")); });
  EXPECT_EQ(write.details().value("code", ""), "RESPONSE_TOO_LARGE");
  EXPECT_EQ(server_.requests() - before, 1);
  EXPECT_TRUE(store->get_thread_by_id("a").has_value()) << "the store goes on";

  o.maxResponseBytes = 0;
  EXPECT_THROW(LibSQLStore{o}, InvalidArgumentError);
}

// sqld's answer to the baton of a stream that sat idle: the stream and its transaction are gone,
// nothing of the request ran, so the call runs again from the start (reads and writes alike).
TEST_F(RemoteStoreTest, ExpiredStreamIsRetriedFromTheStart) {
  auto store = open();
  store->save_thread(thread("a"));
  int before = server_.requests();
  server_.inject(Fault::StreamExpired);
  EXPECT_TRUE(store->get_thread_by_id("a").has_value());
  EXPECT_EQ(server_.requests() - before, 2);

  before = server_.requests();
  server_.inject(Fault::StreamExpired);
  store->update_thread({.id = "a", .title = "renamed", .metadata = {{"v", 2}}});
  EXPECT_GE(server_.requests() - before, 2);
  EXPECT_EQ(store->get_thread_by_id("a")->title, "renamed");

  server_.inject(Fault::StreamExpired, 100);
  const auto e = expect_error<BusyError>([&] { store->save_thread(thread("c")); });
  EXPECT_EQ(e.details().value("code", ""), "STREAM_EXPIRED");
  server_.inject(Fault::None, 0);
  EXPECT_EQ(threads_on_server(), 1) << "nothing of the refused calls ran";
}

// A stream idle for longer than sqld keeps even its expired handle (300 s): its baton is unknown,
// a 400 text/plain protocol error. As for an expired stream, nothing ran and the call runs again.
TEST_F(RemoteStoreTest, ForgottenStreamIsRetriedFromTheStart) {
  auto store = open();
  store->save_thread(thread("a"));
  int before = server_.requests();
  server_.inject(Fault::UnknownBaton);
  EXPECT_TRUE(store->get_thread_by_id("a").has_value());
  EXPECT_EQ(server_.requests() - before, 2);

  store->save_resource({"res", "old", Json::object(), ts(0), ts(0)});
  before = server_.requests();
  server_.inject(Fault::UnknownBaton);
  store->update_resource({.resourceId = "res", .workingMemory = "wm"});
  EXPECT_GE(server_.requests() - before, 2);
  EXPECT_EQ(store->get_resource_by_id("res")->workingMemory, "wm");
}

TEST_F(RemoteStoreTest, TokenEchoedByTheServerIsRedacted) {
  auto store = open();
  server_.inject(Fault::EchoAuthorization);
  const auto e = expect_error<Error>([&] { store->save_thread(thread("a")); });
  EXPECT_NE(std::string(e.what()).find("Bearer [REDACTED]"), std::string::npos) << e.what();
  EXPECT_EQ(e.details().value("httpStatus", 0), 400);
}

TEST_F(RemoteStoreTest, RefusedConnectionIsRetriedThenReported) {
  int port = 0;
  std::string db;
  {
    HranaTestServer probe;
    port = probe.port();
    db = probe.db_path();
  }  // nothing listens on `port` any more
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  auto o = options(url);
  o.initialBackoffMs = 200ms;
  // Declared before the store, so the store (and its idle keep-alive connection) goes first:
  // the server's stop() otherwise waits out httplib's 5 s keep-alive timeout.
  std::unique_ptr<HranaTestServer> late;
  LibSQLStore store(o);
  const auto t0 = std::chrono::steady_clock::now();
  const auto e = expect_error<ConnectionError>([&] { store.init(); });
  EXPECT_EQ(e.details().value("attempts", 0), 3);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 500ms) << "backoff 200 + 400 ms";
  EXPECT_NE(std::string(e.what()).find("safe to retry"), std::string::npos);

  // A server that comes up while the client backs off is reached by the retry.
  std::thread starter([&] {
    std::this_thread::sleep_for(100ms);
    late = std::make_unique<HranaTestServer>(
        HranaTestServer::Options{.token = kToken, .port = port, .db_path = db});
  });
  store.init();
  starter.join();
  store.save_thread(thread("a"));
  EXPECT_TRUE(store.get_thread_by_id("a").has_value());
  bool logged_retry = false;
  for (const auto& line : logs()) logged_retry |= line.find("retrying") != std::string::npos;
  EXPECT_TRUE(logged_retry);
}

TEST_F(RemoteStoreTest, TlsCertificateIsVerifiedUnlessTurnedOff) {
  const auto dir = temp_dir();
  const std::string cert = (dir / "cert.pem").string();
  const std::string key = (dir / "key.pem").string();
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-keyout " +
      key + " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl is needed (scripts/install-deps.sh)";
  HranaTestServer tls(
      HranaTestServer::Options{.token = kToken, .tls_cert_file = cert, .tls_key_file = key});
  ASSERT_EQ(tls.url().rfind("https://", 0), 0u);

  LibSQLStore verifying(options(tls.url()));
  const auto e = expect_error<ConnectionError>([&] { verifying.init(); });
  EXPECT_EQ(e.details().value("attempts", 0), 1) << "a rejected certificate is not retried";
  EXPECT_EQ(tls.requests(), 0);

  auto o = options(tls.url());
  o.verifyTls = false;
  auto store = open(o);
  store->save_thread(thread("over-tls"));
  EXPECT_TRUE(store->get_thread_by_id("over-tls").has_value());
  EXPECT_GE(tls.requests(), 3);
}

TEST_F(RemoteStoreTest, BusyServerIsRetriedThenBusyError) {
  auto store = open();
  SqlitePeek locker(server_.db_path());
  locker.exec("BEGIN IMMEDIATE");
  const int before = server_.requests();
  const auto e = expect_error<BusyError>([&] { store->save_thread(thread("a")); });
  EXPECT_EQ(e.details().value("code", ""), "SQLITE_BUSY");
  EXPECT_EQ(server_.requests() - before, 3) << "maxRetries = 2";
  locker.exec("ROLLBACK");
  store->save_thread(thread("a"));
  EXPECT_EQ(threads_on_server(), 1);
}

TEST_F(RemoteStoreTest, MissingTablesAreASchemaErrorNamingInit) {
  LibSQLStore store(options());
  const auto e = expect_error<SchemaError>([&] { store.get_thread_by_id("a"); });
  EXPECT_NE(std::string(e.what()).find("init()"), std::string::npos);
}

TEST_F(RemoteStoreTest, WrongPathIsAnHttpErrorWithAHint) {
  LibSQLStore store(options(server_.url() + "/not/here"));
  const auto e = expect_error<Error>([&] { store.init(); });
  EXPECT_EQ(e.details().value("httpStatus", 0), 404);
  EXPECT_NE(std::string(e.what()).find("/not/here/v2/pipeline"), std::string::npos) << e.what();
}

TEST_F(RemoteStoreTest, FailedUpdateRollsBackAndClosesTheStream) {
  auto store = open();
  expect_error<NotFoundError>([&] { store->update_thread({"missing", "t", Json::object()}); });
  EXPECT_EQ(server_.open_streams(), 0);
  // The write lock was released: another write goes through at once.
  store->save_thread(thread("a"));
  EXPECT_EQ(threads_on_server(), 1);
}

TEST_F(RemoteStoreTest, ConcurrentUpdatesFromSeveralStoresLoseNothing) {
  open()->save_thread(thread("shared"));
  constexpr int kStores = 4;
  constexpr int kUpdates = 5;
  std::vector<std::thread> workers;
  for (int w = 0; w < kStores; ++w) {
    workers.emplace_back([&, w] {
      auto o = options();
      o.maxRetries = 20;
      LibSQLStore store(o);
      for (int i = 0; i < kUpdates; ++i) {
        const std::string key = "w" + std::to_string(w) + "_" + std::to_string(i);
        store.update_thread({"shared", key, Json{{key, i}}});
      }
    });
  }
  for (auto& t : workers) t.join();
  const auto merged = open()->get_thread_by_id("shared")->metadata;
  EXPECT_EQ(merged->size(), 1u + kStores * kUpdates) << merged;
  EXPECT_EQ(server_.open_streams(), 0);
}

TEST_F(RemoteStoreTest, OneStoreSharedByThreads) {
  auto store = open();
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      for (int i = 0; i < 10; ++i) store->save_thread(thread(std::to_string(w * 100 + i)));
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(threads_on_server(), 40);
}

// --- the Client seam directly: atomicity of batches and transactions ---

class RemoteClientTest : public RemoteStoreTest {
 protected:
  void SetUp() override {
    opts_ = options();
    client_ = hrana::make_remote_client(core::parse_database_url(opts_.url), opts_);
    const core::Statement ddl{"CREATE TABLE kv (k TEXT PRIMARY KEY, v)"};
    client_->batch({&ddl, 1}, core::Access::Write);
  }
  int rows() {
    SqlitePeek db(server_.db_path());
    return std::stoi(db.value("SELECT COUNT(*) FROM kv"));
  }
  StoreOptions opts_;
  std::unique_ptr<core::Client> client_;
};

TEST_F(RemoteClientTest, FailingWriteBatchWritesNothing) {
  const core::Statement stmts[] = {
      {"INSERT INTO kv VALUES (?, ?)", {std::string("a"), std::int64_t{1}}},
      {"INSERT INTO kv VALUES (?, ?)", {std::string("b"), std::int64_t{2}}},
      {"INSERT INTO kv VALUES (?, ?)", {std::string("a"), std::int64_t{3}}},
  };
  const auto e = expect_error<ConstraintError>([&] { client_->batch(stmts, core::Access::Write); });
  EXPECT_EQ(e.details().value("code", ""), "SQLITE_CONSTRAINT");
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(server_.open_streams(), 0);
}

TEST_F(RemoteClientTest, ValuesRoundTripExactly) {
  core::Blob blob;
  for (int i = 0; i < 256; ++i) blob.bytes.push_back(static_cast<std::uint8_t>(i));
  const std::vector<core::Value> values = {nullptr,
                                           std::numeric_limits<std::int64_t>::min(),
                                           std::numeric_limits<std::int64_t>::max(),
                                           0.1,
                                           -1e300,
                                           std::string("héllo ✓ 🎉"),
                                           std::string(""),
                                           blob,
                                           core::Blob{}};
  testing::expect_values_round_trip(*client_, values);
}

TEST_F(RemoteClientTest, TransactionDefersWritesToTheCommitRequest) {
  const int before = server_.requests();
  client_->transaction([&](core::Transaction& tx) {
    tx.execute({"INSERT INTO kv VALUES ('a', 1)"});
    const auto rs = tx.query({"SELECT COUNT(*) FROM kv"});
    EXPECT_EQ(rs.rows[0][0], core::Value(std::int64_t{1})) << "the query sees earlier executes";
    tx.execute({"INSERT INTO kv VALUES ('b', 2)"});
  });
  EXPECT_EQ(server_.requests() - before, 2);
  EXPECT_EQ(rows(), 2);
  EXPECT_EQ(server_.open_streams(), 0);
}

TEST_F(RemoteClientTest, FailingDeferredWriteRollsBackTheWholeTransaction) {
  const auto e = expect_error<ConstraintError>([&] {
    client_->transaction([&](core::Transaction& tx) {
      tx.query({"SELECT 1"});
      tx.execute({"INSERT INTO kv VALUES ('a', 1)"});
      tx.execute({"INSERT INTO kv VALUES ('a', 2)"});
    });
  });
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(server_.open_streams(), 0);
}

TEST_F(RemoteClientTest, BodyThatThrowsRollsBack) {
  EXPECT_THROW(client_->transaction([&](core::Transaction& tx) {
    tx.execute({"INSERT INTO kv VALUES ('a', 1)"});
    tx.query({"SELECT * FROM kv"});
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(server_.open_streams(), 0);
}

TEST_F(RemoteClientTest, LostCommitIsInDoubt) {
  int before = 0;
  expect_error<InDoubtError>([&] {
    client_->transaction([&](core::Transaction& tx) {
      tx.query({"SELECT 1"});
      tx.execute({"INSERT INTO kv VALUES ('a', 1)"});
      before = server_.requests();
      server_.inject(Fault::DropAfterExecute);
    });
  });
  EXPECT_EQ(server_.requests() - before, 1);
  EXPECT_EQ(rows(), 1) << "the commit happened; only the answer was lost";
}

TEST_F(RemoteClientTest, LostRequestBeforeCommitIsNotInDoubt) {
  server_.inject(Fault::DropAfterExecute);
  const auto e = expect_error<ConnectionError>([&] {
    client_->transaction([&](core::Transaction& tx) {
      tx.query({"SELECT 1"});
      tx.execute({"INSERT INTO kv VALUES ('a', 1)"});
    });
  });
  EXPECT_NE(std::string(e.what()).find("not committed"), std::string::npos);
  EXPECT_EQ(rows(), 0);
}

// --- round trips per call (counted by the server) ---

TEST_F(RemoteStoreTest, RoundTripsPerCall) {
  auto count = [&](auto&& call) {
    const int before = server_.requests();
    call();
    return server_.requests() - before;
  };
  auto store = std::make_unique<LibSQLStore>(options());
  EXPECT_EQ(count([&] { store->init(); }), 2) << "init() on an empty database";
  EXPECT_EQ(count([&] { store->save_thread(thread("t")); }), 1);
  EXPECT_EQ(count([&] { store->get_thread_by_id("t"); }), 1);
  EXPECT_EQ(count([&] { store->get_threads_by_resource_id({.resourceId = "res"}); }), 1);
  EXPECT_EQ(count([&] {
              store->get_threads_by_resource_id_paginated({.resourceId = "res", .perPage = 10});
            }),
            1);
  EXPECT_EQ(count([&] { store->update_thread({"t", "new title", Json{{"x", 1}}}); }), 2);
  EXPECT_EQ(count([&] {
              EXPECT_THROW(store->update_thread({"nope", "x", Json::object()}), NotFoundError);
            }),
            2);
  EXPECT_EQ(count([&] { store->delete_thread("t"); }), 1);
  EXPECT_EQ(count([&] { store->save_resource({"r", "wm", nullptr, ts(1), ts(1)}); }), 1);
  EXPECT_EQ(count([&] { store->get_resource_by_id("r"); }), 1);
  EXPECT_EQ(count([&] { store->update_resource({"r", std::string("wm2"), Json{{"a", 1}}}); }), 2);

  store->save_thread(thread("m"));
  std::vector<Message> messages;
  for (int i = 0; i < 5; ++i) {
    Message m;
    m.id = "msg" + std::to_string(i);
    m.role = i % 2 ? "assistant" : "user";
    m.content = Json{{"format", 2}, {"parts", Json::array({{{"type", "text"}, {"text", "hi"}}})}};
    m.createdAt = ts(10 + i);
    m.threadId = "m";
    m.resourceId = "res";
    messages.push_back(m);
  }
  EXPECT_EQ(count([&] { store->save_messages(messages); }), 1);
  EXPECT_EQ(count([&] { store->get_messages({.threadId = "m"}); }), 1);
  EXPECT_EQ(count([&] {
              const auto page =
                  store->get_messages_paginated({.threadId = "m", .page = 0, .perPage = 2});
              EXPECT_EQ(page.messages.size(), 2u);
              EXPECT_EQ(page.total, 5);
            }),
            1);
  EXPECT_EQ(count([&] {
              store->get_messages({.threadId = "m", .last = 1, .include = {{.id = "msg0"}}});
            }),
            1);
  EXPECT_EQ(count([&] {
              store->get_messages_paginated(
                  {.threadId = "m", .include = {{.id = "msg0"}}, .page = 0, .perPage = 2});
            }),
            2)
      << "included windows are read first, then the page";
  EXPECT_EQ(
      count([&] {
        store->update_messages({{.id = "msg1", .content = Json{{"metadata", Json{{"x", 1}}}}}});
      }),
      2);
  EXPECT_EQ(count([&] { store->delete_messages({"msg0", "msg2"}); }), 1);

  LibSQLStore second(options());
  EXPECT_LE(count([&] { second.init(); }), 2) << "init() on a current schema";
}

}  // namespace
}  // namespace libsqlstore::testing
