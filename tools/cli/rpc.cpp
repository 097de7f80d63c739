// `libsqlstore rpc`: JSON-RPC 2.0 over stdin/stdout. One request per line, one response per line,
// in order, until EOF. A line that is not a valid request gets an error response and the server
// carries on; the store stays open for the whole session.
#include <iostream>
#include <new>
#include <optional>
#include <string>

#include "commands.hpp"
#include "json_io.hpp"

namespace libsqlstore::cli {

namespace {

class Server {
 public:
  Server(LibSQLStore& store, const Connection& conn, const Redactor& redact)
      : store_(store), conn_(conn), redact_(redact) {}

  /// The response line for one input line, or nullopt when none is due (notifications).
  std::optional<std::string> handle_line(const std::string& line) {
    if (const auto bad = json_api::invalid_utf8_at(line); bad != std::string::npos) {
      return write(response(nullptr, error_object(kParseError,
                                                  "Parse error: the line is not valid "
                                                  "UTF-8 (byte " +
                                                      std::to_string(bad) + ")")));
    }
    Json request = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (request.is_discarded()) {
      return write(
          response(nullptr, error_object(kParseError, "Parse error: the line is not JSON")));
    }
    if (request.is_array()) {
      if (request.empty()) {
        return write(
            response(nullptr, error_object(kInvalidRequest, "Invalid Request: empty batch")));
      }
      Json responses = Json::array();
      for (const auto& r : request) {
        if (auto out = handle(r)) responses.push_back(std::move(*out));
      }
      if (responses.empty()) return std::nullopt;
      return write(responses);
    }
    auto out = handle(request);
    if (!out) return std::nullopt;
    return write(*out);
  }

 private:
  static Json response(Json id, Json error) {
    return {{"jsonrpc", "2.0"}, {"id", std::move(id)}, {"error", std::move(error)}};
  }

  static bool valid_id(const Json& id) { return id.is_string() || id.is_number() || id.is_null(); }

  /// One request object -> its response (nullopt for a notification).
  std::optional<Json> handle(const Json& request) {
    if (!request.is_object()) {
      return response(nullptr, error_object(kInvalidRequest,
                                            "Invalid Request: a request must be a JSON object"));
    }
    const auto id_it = request.find("id");
    const bool notification = id_it == request.end();
    Json id = notification ? Json(nullptr) : *id_it;
    if (!valid_id(id)) {
      return response(
          nullptr,
          error_object(kInvalidRequest, "Invalid Request: id must be a string, a number or null"));
    }
    const auto version = request.find("jsonrpc");
    if (version == request.end() || *version != "2.0") {
      return response(id,
                      error_object(kInvalidRequest, "Invalid Request: jsonrpc must be \"2.0\""));
    }
    const auto method = request.find("method");
    if (method == request.end() || !method->is_string()) {
      return response(id,
                      error_object(kInvalidRequest, "Invalid Request: method must be a string"));
    }
    for (const auto& [key, value] : request.items()) {
      if (key != "jsonrpc" && key != "method" && key != "params" && key != "id") {
        return response(
            id, error_object(kInvalidRequest, "Invalid Request: unknown member \"" + key + "\""));
      }
    }
    Json params = Json::array();
    if (const auto p = request.find("params"); p != request.end()) {
      if (!p->is_array() && !p->is_object()) {
        return response(id, error_object(kInvalidParams,
                                         "Invalid params: params must be an array or an object"));
      }
      params = *p;
    }

    Json out = {{"jsonrpc", "2.0"}, {"id", id}};
    try {
      const auto& name = method->get_ref<const std::string&>();
      ensure_init(name);
      out["result"] = json_api::call_raw(store_, name, params);
    } catch (const std::exception& e) {
      out["error"] = redact_(error_object(e));
    }
    if (notification) return std::nullopt;
    return out;
  }

  void ensure_init(const std::string& method) {
    if (initialized_ || conn_.no_init || method == "init") return;
    // Only storage calls need the schema; an unknown method is reported as such.
    if (!is_method(method)) return;
    store_.init();
    initialized_ = true;
  }

  static bool is_method(const std::string& name) {
    for (const auto& m : json_api::methods()) {
      if (m == name) return true;
    }
    return false;
  }

  /// JSON text of a response. A result that cannot be written (e.g. stored text that is not
  /// UTF-8) becomes an error response for the same id.
  std::string write(const Json& reply) {
    try {
      return json_api::stringify(reply);
    } catch (const std::exception& e) {
      Json id = reply.is_object() ? reply.value("id", Json(nullptr)) : Json(nullptr);
      return to_text(response(
          id, error_object(kInternalError,
                           std::string("Internal error: the result cannot be written as JSON: ") +
                               e.what())));
    }
  }

  LibSQLStore& store_;
  const Connection& conn_;
  const Redactor& redact_;
  bool initialized_ = false;
};

}  // namespace

int run_rpc(const Connection& conn) {
  std::ios::sync_with_stdio(false);
  std::cin.tie(nullptr);
  const Redactor redact(conn);
  std::unique_ptr<LibSQLStore> store;
  try {
    store = open_store(conn);
  } catch (const std::exception& e) {
    std::cerr << to_text(redact(error_object(e))) << "\n";
    return 1;
  }
  Server server(*store, conn, redact);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank line: no request
    std::optional<std::string> reply;
    try {
      reply = server.handle_line(line);
    } catch (const std::bad_alloc&) {
      reply =
          to_text(Json{{"jsonrpc", "2.0"},
                       {"id", nullptr},
                       {"error", error_object(kInternalError, "Internal error: out of memory")}});
    }
    if (reply) {
      std::cout << *reply << '\n';
      std::cout.flush();
    }
    line.clear();
    line.shrink_to_fit();  // do not keep a huge line's buffer for the rest of the session
  }
  return 0;
}

}  // namespace libsqlstore::cli
