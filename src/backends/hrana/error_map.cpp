#include "backends/hrana/error_map.hpp"

#include <algorithm>
#include <cctype>

#include "libsqlstore/error.hpp"

#include "core/errors.hpp"

namespace libsqlstore::hrana {

namespace {

constexpr std::size_t kMaxServerText = 300;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// Server text made safe for a message: no token, no control characters, bounded length.
std::string clean(std::string text, const ErrorContext& ctx) {
  text = redact(std::move(text), ctx);
  for (auto& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  if (text.size() > kMaxServerText) text = text.substr(0, kMaxServerText) + "...";
  return text;
}

// What a non-2xx body says, whatever its shape: Hrana {"message","code"}, sqld's
// {"error": "..."}, plain text, or an HTML page from a proxy.
ServerError describe_body(const HttpResponse& r) {
  ServerError out;
  const std::string type = lower(r.content_type);
  if (contains(type, "json") || (!r.body.empty() && r.body.front() == '{')) {
    try {
      const Json doc = Json::parse(r.body);
      if (doc.is_object()) {
        if (auto it = doc.find("message"); it != doc.end() && it->is_string())
          out.message = it->get<std::string>();
        else if (auto e = doc.find("error"); e != doc.end() && e->is_string())
          out.message = e->get<std::string>();
        if (auto c = doc.find("code"); c != doc.end() && c->is_string())
          out.code = c->get<std::string>();
        if (!out.message.empty()) return out;
      }
    } catch (const Json::exception&) {
      // fall through to the text forms
    }
  }
  const std::string body_lower = lower(r.body.substr(0, 512));
  if (contains(type, "html") || body_lower.starts_with("<!doctype") ||
      body_lower.starts_with("<html")) {
    const auto open = body_lower.find("<title>");
    const auto close = body_lower.find("</title>");
    if (open != std::string::npos && close != std::string::npos && close > open)
      out.message = "an HTML page titled \"" + r.body.substr(open + 7, close - open - 7) + "\"";
    else
      out.message = "an HTML page";
    return out;
  }
  out.message = r.body.empty() ? "an empty body" : r.body;
  return out;
}

Json details_for(const ErrorContext& ctx, long http_status, const std::string& code) {
  Json d = Json::object();
  d["url"] = ctx.url;
  if (http_status > 0) d["httpStatus"] = http_status;
  if (!code.empty()) d["code"] = code;
  return d;
}

}  // namespace

std::string redact(std::string text, const ErrorContext& ctx) {
  if (!ctx.token || ctx.token->empty()) return text;
  const std::string& token = *ctx.token;
  for (auto pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos)) {
    text.replace(pos, token.size(), "[REDACTED]");
    pos += 10;
  }
  return text;
}

void throw_server_error(const ServerError& error, long http_status, const ErrorContext& ctx) {
  const std::string message = clean(error.message, ctx);
  const std::string code = clean(error.code, ctx);
  const std::string text = code.empty() ? message : code + ": " + message;
  const Json details = details_for(ctx, http_status, code);
  const std::string m = lower(message);
  if (code.starts_with("SQLITE_BUSY") || code.starts_with("SQLITE_LOCKED") ||
      code == "TRANSACTION_BUSY" || code == "TRANSACTION_TIMEOUT" || code == "STREAM_EXPIRED" ||
      contains(m, "database is locked") || contains(m, "database table is locked") ||
      // tursodb runs every client on one connection: another client's open transaction shows
      // up as this error, and waiting for it to finish is the remedy.
      contains(m, "cannot start a transaction within a transaction")) {
    throw BusyError("LIBSQL_STORE_BUSY", ErrorCategory::ThirdParty, text, details);
  }
  if (code.starts_with("SQLITE_CONSTRAINT") || contains(m, "constraint failed")) {
    throw ConstraintError("LIBSQL_STORE_CONSTRAINT", ErrorCategory::User, text, details);
  }
  if (contains(m, "no such table")) core::throw_no_such_table(text, details);
  if (code.starts_with("AUTH_")) {
    throw AuthenticationError("LIBSQL_STORE_REMOTE_AUTH_FAILED", ErrorCategory::User,
                              "The server refused the auth token (" + text + ")", details);
  }
  throw Error("LIBSQL_STORE_REMOTE_SERVER_ERROR", ErrorCategory::ThirdParty,
              "The remote database reported an error: " + text, details);
}

void throw_http_error(const HttpResponse& response, Effect effect, const ErrorContext& ctx) {
  const long status = response.status;
  const ServerError body = describe_body(response);
  const std::string said = clean(body.message, ctx);
  const std::string code = clean(body.code, ctx);
  const Json details = details_for(ctx, status, code);
  const std::string where = " (HTTP " + std::to_string(status) + " from " + ctx.url + ")";
  if (status == 401 || status == 403) {
    throw AuthenticationError("LIBSQL_STORE_REMOTE_AUTH_FAILED", ErrorCategory::User,
                              "The server refused the auth token" + where + ": " + said +
                                  ". Check StoreOptions::authToken (or ?authToken= in the URL).",
                              details);
  }
  // sqld's protocol errors for a baton whose stream is gone (forgotten after it expired, closed)
  // or was already answered: the request was refused before running, and the stream's
  // transaction with it.
  const std::string said_lower = lower(said);
  const bool lost_stream = status == 400 && (contains(said_lower, "invalid baton") ||
                                             contains(said_lower, "baton that has already been") ||
                                             contains(said_lower, "stream for this baton"));
  if (status == 429 || code == "STREAM_EXPIRED" || code == "TRANSACTION_TIMEOUT" || lost_stream) {
    // The server did not run the request (rate limit) or dropped the whole stream with its
    // transaction: nothing committed, the unit of work can run again.
    throw BusyError("LIBSQL_STORE_BUSY", ErrorCategory::ThirdParty,
                    "The remote database is busy" + where + ": " + said, details);
  }
  if (is_gateway_failure(status)) {
    if (effect == Effect::Write) {
      throw InDoubtError("LIBSQL_STORE_REMOTE_IN_DOUBT", ErrorCategory::ThirdParty,
                         "The write may or may not have been applied: a gateway answered" + where +
                             " (" + said + "). Read the current state before retrying.",
                         details);
    }
    throw ConnectionError(
        "LIBSQL_STORE_REMOTE_CONNECTION_FAILED", ErrorCategory::ThirdParty,
        "The remote database is unavailable" + where + ": " + said +
            (effect == Effect::Uncommitted ? " (the transaction was not committed)" : ""),
        details);
  }
  std::string hint;
  if (status == 404)
    hint = " Is the URL right? The server has no Hrana endpoint at " + ctx.url + "/v2/pipeline.";
  throw Error("LIBSQL_STORE_REMOTE_HTTP_ERROR", ErrorCategory::ThirdParty,
              "The remote database answered with an error" + where + ": " + said + "." + hint,
              details);
}

void throw_transport_error(const TransportFailure& failure, Effect effect, int attempts,
                           const ErrorContext& ctx) {
  const std::string why = clean(failure.what(), ctx);
  Json details = details_for(ctx, 0, "");
  details["attempts"] = attempts;
  const std::string tries =
      attempts > 1 ? " after " + std::to_string(attempts) + " attempts" : std::string();
  if (failure.stage == TransportFailure::Stage::NotSent) {
    throw ConnectionError("LIBSQL_STORE_REMOTE_CONNECTION_FAILED", ErrorCategory::ThirdParty,
                          "Cannot reach the remote database at " + ctx.url + tries + ": " + why +
                              ". Nothing was sent; the call is safe to retry.",
                          details);
  }
  if (failure.too_large) {
    details["code"] = "RESPONSE_TOO_LARGE";
    if (effect == Effect::Write) {
      throw InDoubtError("LIBSQL_STORE_REMOTE_IN_DOUBT", ErrorCategory::ThirdParty,
                         "The write was sent to " + ctx.url + " but its answer (" + why +
                             ") was abandoned: it may or may not have been applied. Read the "
                             "current state before retrying.",
                         details);
    }
    throw Error("LIBSQL_STORE_REMOTE_RESPONSE_TOO_LARGE", ErrorCategory::ThirdParty,
                "The answer of " + ctx.url + " was abandoned: " + why +
                    (effect == Effect::Uncommitted ? " (the transaction was not committed)" : "") +
                    ". Ask for less (a smaller page) or raise StoreOptions::maxResponseBytes.",
                details);
  }
  details["timedOut"] = failure.timed_out;
  const std::string lost = failure.timed_out ? "no response within the request timeout"
                                             : "the connection was lost before the response";
  switch (effect) {
    case Effect::Write:
      throw InDoubtError("LIBSQL_STORE_REMOTE_IN_DOUBT", ErrorCategory::ThirdParty,
                         "The write was sent to " + ctx.url + " but " + lost + " (" + why +
                             "): it may or may not have been applied. Read the current state "
                             "before retrying.",
                         details);
    case Effect::Uncommitted:
      throw ConnectionError("LIBSQL_STORE_REMOTE_CONNECTION_FAILED", ErrorCategory::ThirdParty,
                            "The remote database at " + ctx.url + " failed during a transaction: " +
                                lost + " (" + why + "). The transaction was not committed.",
                            details);
    case Effect::Read:
      break;
  }
  throw ConnectionError(
      "LIBSQL_STORE_REMOTE_CONNECTION_FAILED", ErrorCategory::ThirdParty,
      "The read from " + ctx.url + " failed" + tries + ": " + lost + " (" + why + ")", details);
}

void throw_protocol_error(const ProtocolViolation& violation, long http_status, Effect effect,
                          const ErrorContext& ctx) {
  const std::string why = clean(violation.what(), ctx);
  const Json details = details_for(ctx, http_status, "");
  if (effect == Effect::Write) {
    throw InDoubtError("LIBSQL_STORE_REMOTE_IN_DOUBT", ErrorCategory::ThirdParty,
                       "The write was sent but its result cannot be read (" + why +
                           "): it may or may not have been applied",
                       details);
  }
  throw Error("LIBSQL_STORE_REMOTE_PROTOCOL_ERROR", ErrorCategory::ThirdParty, why, details);
}

bool rejects_close_request(const HttpResponse& response) {
  return response.status >= 400 && contains(response.body, "unknown variant `close`");
}

bool is_gateway_failure(long status) { return status == 502 || status == 503 || status == 504; }

}  // namespace libsqlstore::hrana
