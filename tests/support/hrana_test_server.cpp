#include "hrana_test_server.hpp"

#include <atomic>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
// The system cpp-httplib library is built with OpenSSL: its pkg-config file (tests/CMakeLists.txt)
// defines CPPHTTPLIB_OPENSSL_SUPPORT and the other options it was built with.
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include "backends/sqlite/vector_functions.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {

namespace {

using J = nlohmann::json;

// A Hrana error of one request or batch step: {"message", "code"}.
struct StmtError {
  std::string message;
  std::string code;
};

// Something that breaks the protocol: HTTP 400 text/plain, like sqld's ProtocolError.
struct ProtocolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// sqld reports the primary SQLite code through rusqlite, where SQLITE_ERROR is "unknown".
std::string code_name(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
      return "SQLITE_BUSY";
    case SQLITE_LOCKED:
      return "SQLITE_LOCKED";
    case SQLITE_CONSTRAINT:
      return "SQLITE_CONSTRAINT";
    case SQLITE_READONLY:
      return "SQLITE_READONLY";
    case SQLITE_MISMATCH:
      return "SQLITE_MISMATCH";
    case SQLITE_TOOBIG:
      return "SQLITE_TOOBIG";
    case SQLITE_RANGE:
      return "SQLITE_RANGE";
    default:
      return "SQLITE_UNKNOWN";
  }
}

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Unpadded, as sqld and tursodb send blobs.
std::string b64_encode(const unsigned char* p, std::size_t n) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    acc = (acc << 8) | p[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kB64[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kB64[(acc << (6 - bits)) & 63]);
  return out;
}

std::string b64_decode(const std::string& s) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    if (c == '=') break;
    const char* pos = std::strchr(kB64, c);
    if (!pos || c == '\0') throw ProtocolError("invalid base64 in a blob value");
    acc = (acc << 6) | static_cast<std::uint32_t>(pos - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

void bind_value(sqlite3_stmt* stmt, int index, const J& v) {
  if (!v.is_object() || !v.contains("type")) throw ProtocolError("a value has no type");
  const std::string type = v.at("type").get<std::string>();
  int rc = SQLITE_OK;
  if (type == "null") {
    rc = sqlite3_bind_null(stmt, index);
  } else if (type == "integer") {
    // The spec (and both real servers) require a decimal string here.
    if (!v.at("value").is_string())
      throw ProtocolError("invalid type: integer, expected a borrowed string");
    const auto s = v.at("value").get<std::string>();
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size())
      throw ProtocolError("invalid integer value");
    rc = sqlite3_bind_int64(stmt, index, n);
  } else if (type == "float") {
    rc = sqlite3_bind_double(stmt, index, v.at("value").get<double>());
  } else if (type == "text") {
    const auto& s = v.at("value").get_ref<const std::string&>();
    rc = sqlite3_bind_text(stmt, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  } else if (type == "blob") {
    const auto bytes = b64_decode(v.at("base64").get<std::string>());
    rc = sqlite3_bind_blob(stmt, index, bytes.data(), static_cast<int>(bytes.size()),
                           SQLITE_TRANSIENT);
  } else {
    throw ProtocolError("unknown value type " + type);
  }
  if (rc != SQLITE_OK) throw ProtocolError("cannot bind a value");
}

J column_value(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return J{{"type", "integer"}, {"value", std::to_string(sqlite3_column_int64(stmt, i))}};
    case SQLITE_FLOAT:
      return J{{"type", "float"}, {"value", sqlite3_column_double(stmt, i)}};
    case SQLITE_TEXT:
      return J{{"type", "text"},
               {"value", std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)),
                                     static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)))}};
    case SQLITE_BLOB:
      return J{
          {"type", "blob"},
          {"base64", b64_encode(static_cast<const unsigned char*>(sqlite3_column_blob(stmt, i)),
                                static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)))}};
    default:
      return J{{"type", "null"}};
  }
}

struct Finalize {
  sqlite3_stmt* s;
  ~Finalize() { sqlite3_finalize(s); }
};

// Runs one Stmt; returns a StmtResult or fills `error`.
std::optional<J> run_stmt(sqlite3* db, const J& stmt, StmtError& error) {
  if (!stmt.is_object()) throw ProtocolError("a stmt is not an object");
  if (!stmt.contains("sql") || !stmt.at("sql").is_string()) {
    error = {"SQL text must be given (this server stores no SQL)", "SQL_NO_STATEMENT"};
    return std::nullopt;
  }
  const std::string sql = stmt.at("sql").get<std::string>();
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, &tail);
  Finalize fin{raw};
  if (rc != SQLITE_OK) {
    error = {std::string("SQLite error: ") + sqlite3_errmsg(db), code_name(rc)};
    return std::nullopt;
  }
  if (!raw) {
    error = {"SQL string does not contain any statement", "SQL_NO_STATEMENT"};
    return std::nullopt;
  }
  for (; tail && *tail; ++tail) {
    if (!std::isspace(static_cast<unsigned char>(*tail)) && *tail != ';') {
      error = {"SQL string contains more than one statement", "SQL_MANY_STATEMENTS"};
      return std::nullopt;
    }
  }
  const J args = stmt.value("args", J::array());
  const J named = stmt.value("named_args", J::array());
  if (!args.empty() && !named.empty()) {
    error = {"Arguments must be either positional or named", "ARGS_BOTH_POSITIONAL_AND_NAMED"};
    return std::nullopt;
  }
  const int params = sqlite3_bind_parameter_count(raw);
  if (named.empty() && static_cast<int>(args.size()) != params) {
    error = {"Statement expects " + std::to_string(params) + " arguments, got " +
                 std::to_string(args.size()),
             "ARGS_INVALID"};
    return std::nullopt;
  }
  for (std::size_t i = 0; i < args.size(); ++i) bind_value(raw, static_cast<int>(i) + 1, args[i]);
  for (const auto& na : named) {
    const int index = sqlite3_bind_parameter_index(raw, na.at("name").get<std::string>().c_str());
    if (index == 0) {
      error = {"Unknown named argument", "ARGS_INVALID"};
      return std::nullopt;
    }
    bind_value(raw, index, na.at("value"));
  }
  const bool want_rows = stmt.value("want_rows", true);
  J cols = J::array();
  const int ncols = sqlite3_column_count(raw);
  for (int i = 0; i < ncols; ++i) {
    const char* decl = sqlite3_column_decltype(raw, i);
    cols.push_back({{"name", sqlite3_column_name(raw, i)}, {"decltype", decl ? J(decl) : J()}});
  }
  J rows = J::array();
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    if (!want_rows) continue;
    J row = J::array();
    for (int i = 0; i < ncols; ++i) row.push_back(column_value(raw, i));
    rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) {
    error = {std::string("SQLite error: ") + sqlite3_errmsg(db), code_name(sqlite3_errcode(db))};
    return std::nullopt;
  }
  const bool readonly = sqlite3_stmt_readonly(raw) != 0;
  const auto changes = readonly ? 0 : sqlite3_changes64(db);
  J result = {
      {"cols", std::move(cols)},
      {"rows", std::move(rows)},
      {"affected_row_count", changes},
      {"last_insert_rowid", changes > 0 ? J(std::to_string(sqlite3_last_insert_rowid(db))) : J()},
      {"replication_index", nullptr}};
  return result;
}

// Step outcomes: 0 not run, 1 ok, 2 error.
bool eval_cond(const J& cond, const std::vector<int>& outcome, std::size_t current) {
  const std::string type = cond.at("type").get<std::string>();
  if (type == "ok" || type == "error") {
    const auto step = cond.at("step").get<std::size_t>();
    if (step >= current) throw ProtocolError("BatchCondBadStep: condition refers to a later step");
    return outcome[step] == (type == "ok" ? 1 : 2);
  }
  if (type == "not") return !eval_cond(cond.at("cond"), outcome, current);
  if (type == "and") {
    for (const auto& c : cond.at("conds"))
      if (!eval_cond(c, outcome, current)) return false;
    return true;
  }
  if (type == "or") {
    for (const auto& c : cond.at("conds"))
      if (eval_cond(c, outcome, current)) return true;
    return false;
  }
  // is_autocommit is Hrana 3; sqld rejects it on /v2.
  throw ProtocolError("NotSupported: condition " + type + " on /v2");
}

J run_batch(sqlite3* db, const J& batch) {
  const J& steps = batch.at("steps");
  std::vector<int> outcome(steps.size(), 0);
  J results = J::array();
  J errors = J::array();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const J& step = steps[i];
    if (step.contains("condition") && !step.at("condition").is_null() &&
        !eval_cond(step.at("condition"), outcome, i)) {
      results.push_back(nullptr);
      errors.push_back(nullptr);
      continue;
    }
    StmtError error;
    if (auto r = run_stmt(db, step.at("stmt"), error)) {
      outcome[i] = 1;
      results.push_back(std::move(*r));
      errors.push_back(nullptr);
    } else {
      outcome[i] = 2;
      results.push_back(nullptr);
      errors.push_back({{"message", error.message}, {"code", error.code}});
    }
  }
  return {{"step_results", std::move(results)},
          {"step_errors", std::move(errors)},
          {"replication_index", nullptr}};
}

struct StreamState {
  sqlite3* db = nullptr;
  std::uint64_t seq = 0;
  std::string secret;
  std::mutex mutex;
  ~StreamState() {
    if (db) sqlite3_close_v2(db);
  }
};

// Closes the server side of the TCP connection a request came on, without answering.
void drop_connection(int server_port, int client_port) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    int fd = -1;
    try {
      fd = std::stoi(entry.path().filename().string());
    } catch (...) {
      continue;
    }
    sockaddr_in local{};
    sockaddr_in peer{};
    socklen_t len = sizeof local;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0 ||
        local.sin_family != AF_INET)
      continue;
    len = sizeof peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0) continue;
    if (ntohs(local.sin_port) == server_port && ntohs(peer.sin_port) == client_port) {
      ::shutdown(fd, SHUT_RDWR);
      return;
    }
  }
}

}  // namespace

struct HranaTestServer::Impl {
  Options options;
  std::unique_ptr<httplib::Server> owned_server;
  httplib::Server& server() { return *owned_server; }
  std::thread thread;
  int port = 0;

  mutable std::mutex mutex;  // guards everything below
  std::map<std::uint64_t, std::shared_ptr<StreamState>> streams;
  std::uint64_t next_stream = 1;
  Fault fault = Fault::None;
  int fault_times = 0;
  std::chrono::milliseconds fault_delay{0};
  std::vector<std::string> bodies;
  std::vector<std::string> auth_headers;
  std::set<int> client_ports;
  std::atomic<int> requests{0};
  std::mt19937_64 rng{std::random_device{}()};

  std::shared_ptr<StreamState> open_stream(std::uint64_t& id) {
    auto s = std::make_shared<StreamState>();
    if (sqlite3_open_v2(options.db_path.c_str(), &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK)
      throw std::runtime_error("test server cannot open its database");
    sqlite3_busy_timeout(s->db, options.busy_timeout_ms);
    // sqld is libSQL: its connections have the vector functions.
    sqlite::register_vector_functions(s->db);
    sqlite3_exec(s->db, "PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr);
    std::lock_guard lock(mutex);
    id = next_stream++;
    s->secret = std::to_string(rng());
    streams[id] = s;
    return s;
  }

  std::string baton(std::uint64_t id, const StreamState& s) const {
    return std::to_string(id) + "." + std::to_string(s.seq) + "." + s.secret;
  }

  // The stream a baton names, checked like sqld does (reused -> BatonReused, bad -> BatonInvalid).
  std::shared_ptr<StreamState> find_stream(const std::string& baton, std::uint64_t& id) {
    const auto d1 = baton.find('.');
    const auto d2 = baton.find('.', d1 == std::string::npos ? 0 : d1 + 1);
    if (d1 == std::string::npos || d2 == std::string::npos) throw ProtocolError("BatonInvalid");
    id = std::stoull(baton.substr(0, d1));
    const auto seq = std::stoull(baton.substr(d1 + 1, d2 - d1 - 1));
    std::lock_guard lock(mutex);
    const auto it = streams.find(id);
    if (it == streams.end() || it->second->secret != baton.substr(d2 + 1))
      throw ProtocolError("BatonInvalid: the baton is invalid or the stream is closed");
    if (it->second->seq != seq) throw ProtocolError("BatonReused");
    return it->second;
  }

  void close_stream(std::uint64_t id) {
    std::lock_guard lock(mutex);
    streams.erase(id);
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    ++requests;
    Fault f = Fault::None;
    std::chrono::milliseconds delay{0};
    {
      std::lock_guard lock(mutex);
      bodies.push_back(req.body);
      auth_headers.push_back(req.get_header_value("Authorization"));
      client_ports.insert(req.remote_port);
      if (fault_times > 0) {
        --fault_times;
        f = fault;
        delay = fault_delay;
      }
    }
    if (f == Fault::Unauthorized) {
      res.status = 401;
      res.set_content(R"({"error":"Unauthorized: `The JWT is invalid`"})", "application/json");
      return;
    }
    if (f == Fault::HtmlError) {
      res.status = 500;
      res.set_content(
          "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body>"
          "<h1>Internal Server Error</h1><p>upstream crashed</p></body></html>",
          "text/html");
      return;
    }
    if (f == Fault::BadGateway) {
      res.status = 502;
      res.set_content("Bad Gateway", "text/plain");
      return;
    }
    if (f == Fault::TooManyRequests) {
      res.status = 429;
      res.set_content(R"({"error":"Too many requests"})", "application/json");
      return;
    }
    if (f == Fault::EchoAuthorization) {
      res.status = 400;
      res.set_content("cannot parse header: " + req.get_header_value("Authorization"),
                      "text/plain");
      return;
    }
    if (!options.token.empty() &&
        req.get_header_value("Authorization") != "Bearer " + options.token) {
      res.status = 401;
      res.set_content(req.has_header("Authorization")
                          ? R"({"error":"Unauthorized: `The JWT is invalid`"})"
                          : R"({"error":"Authorization header not found"})",
                      "application/json");
      return;
    }
    if (f == Fault::DropBeforeExecute) {
      drop_connection(port, req.remote_port);
      return;
    }
    if (f == Fault::StreamExpired) {
      res.status = 400;
      res.set_content(
          R"({"message":"The stream has expired due to inactivity","code":"STREAM_EXPIRED"})",
          "application/json");
      return;
    }
    if (f == Fault::UnknownBaton) {
      res.status = 400;
      res.set_content("Received an invalid baton: Stream handle for 7 was not found", "text/plain");
      return;
    }
    if (f == Fault::Oversized) {
      res.set_chunked_content_provider(
          "application/json",
          [sent = std::size_t{0}](std::size_t, httplib::DataSink& sink) mutable {
            static const std::string chunk(1 << 20, ' ');
            if (sent >= (std::size_t{1} << 30)) {
              sink.done();
              return true;
            }
            sent += chunk.size();
            return sink.write(chunk.data(), chunk.size());  // false once the client hung up
          });
      return;
    }
    try {
      const J body = J::parse(req.body);
      std::uint64_t id = 0;
      std::shared_ptr<StreamState> stream;
      if (body.contains("baton") && body.at("baton").is_string())
        stream = find_stream(body.at("baton").get<std::string>(), id);
      else
        stream = open_stream(id);
      std::lock_guard stream_lock(stream->mutex);
      bool closed = false;
      J results = J::array();
      for (const auto& r : body.at("requests")) {
        const std::string type = r.at("type").get<std::string>();
        if (closed) throw ProtocolError("a request follows close");
        if (type == "close") {
          closed = true;
          results.push_back({{"type", "ok"}, {"response", {{"type", "close"}}}});
        } else if (type == "execute") {
          StmtError error;
          if (auto result = run_stmt(stream->db, r.at("stmt"), error))
            results.push_back(
                {{"type", "ok"}, {"response", {{"type", "execute"}, {"result", *result}}}});
          else
            results.push_back(
                {{"type", "error"}, {"error", {{"message", error.message}, {"code", error.code}}}});
        } else if (type == "batch") {
          results.push_back(
              {{"type", "ok"},
               {"response",
                {{"type", "batch"}, {"result", run_batch(stream->db, r.at("batch"))}}}});
        } else {
          throw ProtocolError("unknown variant `" + type + "`");
        }
      }
      J out = {{"baton", nullptr}, {"base_url", nullptr}, {"results", std::move(results)}};
      if (closed) {
        close_stream(id);
      } else {
        ++stream->seq;
        out["baton"] = baton(id, *stream);
      }
      if (f == Fault::DropAfterExecute) {
        drop_connection(port, req.remote_port);
        return;
      }
      if (f == Fault::Delay) std::this_thread::sleep_for(delay);
      std::string text = out.dump();
      if (f == Fault::TruncatedBody) text.resize(text.size() / 2);
      if (f == Fault::CutMidResponse || f == Fault::StallAfterHeaders) {
        const std::size_t length = text.size();
        res.set_content_provider(length, "application/json",
                                 [f, delay, body = std::move(text)](std::size_t offset, std::size_t,
                                                                    httplib::DataSink& sink) {
                                   if (f == Fault::StallAfterHeaders) {
                                     std::this_thread::sleep_for(delay);
                                     return sink.write(body.data() + offset, body.size() - offset);
                                   }
                                   sink.write(body.data(), body.size() / 2);
                                   return false;  // httplib closes the connection mid-body
                                 });
        return;
      }
      res.set_content(text, "application/json");
    } catch (const ProtocolError& e) {
      res.status = 400;
      res.set_content(e.what(), "text/plain");
    } catch (const J::exception& e) {
      res.status = 400;
      res.set_content(std::string("invalid request: ") + e.what(), "text/plain");
    }
  }
};

HranaTestServer::HranaTestServer(Options options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  if (impl_->options.db_path.empty()) impl_->options.db_path = temp_path("-hrana.db");
  {
    // WAL, as a real server runs, so readers and the writer do not block each other.
    sqlite3* db = nullptr;
    sqlite3_open(impl_->options.db_path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  if (!impl_->options.tls_cert_file.empty())
    impl_->owned_server = std::make_unique<httplib::SSLServer>(impl_->options.tls_cert_file.c_str(),
                                                               impl_->options.tls_key_file.c_str());
  else
    impl_->owned_server = std::make_unique<httplib::Server>();
  if (!impl_->server().is_valid()) throw std::runtime_error("HranaTestServer: bad TLS setup");
  Impl* impl = impl_.get();
  impl_->server().set_tcp_nodelay(true);
  impl_->server().set_keep_alive_max_count(10000);  // httplib's default closes after 5 requests
  impl_->server().Post("/v2/pipeline", [impl](const httplib::Request& req, httplib::Response& res) {
    impl->handle(req, res);
  });
  impl_->server().Get("/v2", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("Hello, this is HTTP API v2 (Hrana over HTTP)", "text/plain");
  });
  if (impl_->options.port == 0) {
    impl_->port = impl_->server().bind_to_any_port("127.0.0.1");
  } else {
    impl_->port = impl_->options.port;
    if (!impl_->server().bind_to_port("127.0.0.1", impl_->port)) impl_->port = -1;
  }
  if (impl_->port <= 0) throw std::runtime_error("HranaTestServer: cannot bind");
  impl_->thread = std::thread([impl] { impl->server().listen_after_bind(); });
  // stop() before the accept loop runs would be lost and leave the thread running forever.
  for (int i = 0; i < 5000 && !impl_->server().is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

HranaTestServer::~HranaTestServer() { stop(); }

void HranaTestServer::stop() {
  if (impl_->thread.joinable()) {
    impl_->server().stop();
    impl_->thread.join();
  }
  std::lock_guard lock(impl_->mutex);
  impl_->streams.clear();
}

std::string HranaTestServer::url() const {
  return (impl_->options.tls_cert_file.empty() ? "http://127.0.0.1:" : "https://127.0.0.1:") +
         std::to_string(impl_->port);
}
int HranaTestServer::port() const { return impl_->port; }
const std::string& HranaTestServer::db_path() const { return impl_->options.db_path; }

void HranaTestServer::inject(Fault fault, int times, std::chrono::milliseconds delay) {
  std::lock_guard lock(impl_->mutex);
  impl_->fault = fault;
  impl_->fault_times = times;
  impl_->fault_delay = delay;
}

int HranaTestServer::requests() const { return impl_->requests.load(); }

std::vector<std::string> HranaTestServer::bodies() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->bodies;
}

std::vector<std::string> HranaTestServer::authorization_headers() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->auth_headers;
}

int HranaTestServer::connections() const {
  std::lock_guard lock(impl_->mutex);
  return static_cast<int>(impl_->client_ports.size());
}

int HranaTestServer::open_streams() const {
  std::lock_guard lock(impl_->mutex);
  return static_cast<int>(impl_->streams.size());
}

void HranaTestServer::reset_counters() {
  std::lock_guard lock(impl_->mutex);
  impl_->requests = 0;
  impl_->bodies.clear();
  impl_->auth_headers.clear();
  impl_->client_ports.clear();
}

}  // namespace libsqlstore::testing
