#include "core/url.hpp"

#include <cctype>
#include <filesystem>

#include "libsqlstore/error.hpp"

namespace libsqlstore::core {

namespace {

constexpr const char* kInvalidUrl = "LIBSQL_STORE_INVALID_URL";

[[noreturn]] void fail(const std::string& message) {
  throw InvalidArgumentError(kInvalidUrl, ErrorCategory::User, message);
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Query {
  std::optional<std::string> tls;
  std::optional<std::string> auth_token;
  std::optional<std::string> mode;   // file: ro | rw | rwc | memory
  std::optional<std::string> cache;  // file: shared | private
};

// Parses "a=b&c=d"; only the parameters the reference accepts (and, for file: URLs, SQLite's
// `mode` and `cache`) are allowed.
Query parse_query(std::string_view q, bool file) {
  Query out;
  while (!q.empty()) {
    const auto amp = q.find('&');
    const auto pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string key = percent_decode(pair.substr(0, eq));
    const std::string value =
        eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1));
    if (key == "tls") {
      if (value != "0" && value != "1")
        fail("Unknown value for the \"tls\" query argument: '" + value +
             "'. Supported values are: '0' and '1'");
      out.tls = value;
    } else if (key == "authToken") {
      out.auth_token = value;
    } else if (file && key == "mode") {
      if (value != "ro" && value != "rw" && value != "rwc" && value != "memory")
        fail("Unknown value for the \"mode\" query argument: '" + value +
             "'. Supported values are: 'ro', 'rw', 'rwc' and 'memory'");
      out.mode = value;
    } else if (file && key == "cache") {
      if (value != "shared" && value != "private")
        fail("Unknown value for the \"cache\" query argument: '" + value +
             "'. Supported values are: 'shared' and 'private'");
      out.cache = value;
    } else {
      fail("Unsupported URL query parameter \"" + key + "\"");
    }
  }
  return out;
}

}  // namespace

std::string DatabaseUrl::http_base() const {
  std::string out = scheme + "://";
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port) out += ":" + std::to_string(*port);
  out += base_path;
  return out;
}

DatabaseUrl parse_database_url(std::string_view url) {
  DatabaseUrl out;
  if (url.empty())
    fail("The database URL is empty; use \":memory:\", \"file:path.db\" or \"libsql://host\"");
  if (url == ":memory:" || url == "file::memory:" || url.starts_with(":memory:?") ||
      url.starts_with("file::memory:?")) {
    const auto q = url.find('?');
    if (q != std::string_view::npos) {
      auto query = url.substr(q + 1);
      while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair == "cache=shared") {
          // One database for every store of this process that opens it (SQLite's meaning).
          out.shared_memory_name = ":memory:";
        } else if (pair == "cache=private") {
          out.shared_memory_name.clear();
        } else if (!pair.empty()) {
          fail("Unsupported query parameter \"" + std::string(pair.substr(0, pair.find('='))) +
               "\" for an in-memory database (only cache=shared|private)");
        }
      }
    }
    out.kind = BackendKind::Memory;
    return out;
  }

  const auto colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    fail("The database URL \"" + std::string(url) +
         "\" has no scheme; use \"file:" + std::string(url) + "\" for a local file");
  }
  const std::string scheme = lower(url.substr(0, colon));
  for (char c : scheme) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
      fail("The database URL \"" + std::string(url.substr(0, colon)) +
           ":...\" has an invalid scheme");
  }
  std::string_view rest = url.substr(colon + 1);

  if (const auto hash = rest.find('#'); hash != std::string_view::npos)
    fail("URL fragments are not supported (\"#" + std::string(rest.substr(hash + 1)) + "\")");
  std::string_view query;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  const Query params = parse_query(query, scheme == "file");

  // Authority: "//userinfo@host:port" (optional for file:).
  std::string_view authority;
  bool has_authority = false;
  if (rest.starts_with("//")) {
    has_authority = true;
    rest.remove_prefix(2);
    const auto slash = rest.find('/');
    authority = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  }
  std::string host;
  std::optional<int> port;
  if (has_authority) {
    if (authority.find('@') != std::string_view::npos)
      fail("User info in the database URL is not supported; pass the token as authToken");
    std::string_view hostport = authority;
    const bool bracketed = hostport.starts_with("[");
    if (bracketed) {
      const auto close = hostport.find(']');
      if (close == std::string_view::npos) fail("Invalid IPv6 host in the database URL");
      host = std::string(hostport.substr(1, close - 1));
      hostport = hostport.substr(close + 1);
      if (!hostport.empty() && hostport[0] != ':') fail("Invalid host in the database URL");
      if (!hostport.empty())
        hostport.remove_prefix(1);
      else
        hostport = {};
      if (!hostport.empty() || authority.back() == ':') {
        int p = 0;
        for (char c : hostport) {
          if (!std::isdigit(static_cast<unsigned char>(c)))
            fail("Invalid port in the database URL");
          p = p * 10 + (c - '0');
          if (p > 65535) fail("Invalid port in the database URL");
        }
        if (hostport.empty()) fail("Invalid port in the database URL");
        port = p;
      }
    } else {
      const auto pc = hostport.rfind(':');
      host = std::string(hostport.substr(0, pc));
      if (pc != std::string_view::npos) {
        const auto ps = hostport.substr(pc + 1);
        int p = 0;
        if (ps.empty()) fail("Invalid port in the database URL");
        for (char c : ps) {
          if (!std::isdigit(static_cast<unsigned char>(c)))
            fail("Invalid port in the database URL");
          p = p * 10 + (c - '0');
          if (p > 65535) fail("Invalid port in the database URL");
        }
        port = p;
      }
    }
    // A host is a name (letters, digits, "-._~", UTF-8 for internationalised names) or, in
    // brackets, an IPv6 address (hex digits, ":" and "."; after "%" a zone name): nothing that
    // would end or change the endpoint http_base() puts it in (a NUL, "]", "/", an unbracketed
    // ":"; tests/fuzz/url_fuzz.cpp checks that the endpoint names the same server).
    const auto zone = bracketed ? host.find('%') : std::string::npos;
    if (bracketed && host.substr(0, zone).find(':') == std::string::npos)
      fail("Invalid IPv6 host in the database URL");
    for (std::size_t i = 0; i < host.size(); ++i) {
      const auto c = static_cast<unsigned char>(host[i]);
      const bool name = std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
      const bool ok = !bracketed ? name || c >= 0x80
                      : i < zone ? std::isxdigit(c) || c == ':' || c == '.'
                                 : i == zone || name || c == '%';
      if (!ok) fail("Invalid host in the database URL");
    }
    host = lower(host);
  }

  if (scheme == "file") {
    if (has_authority && !host.empty() && host != "localhost")
      fail("A file: URL cannot name a host (\"" + host + "\"); use file:/absolute/path.db");
    if (port) fail("A file: URL cannot have a port");
    const std::string path = percent_decode(rest);
    if (path.empty()) fail("The file: URL has no path; use file:path.db");
    if (params.mode == "memory") {
      // SQLite's named in-memory database: shared only with cache=shared, as in SQLite.
      out.kind = BackendKind::Memory;
      if (params.cache == "shared") out.shared_memory_name = path;
      return out;
    }
    if (params.cache == "shared") {
      fail(
          "cache=shared applies to in-memory databases only (file:NAME?mode=memory&cache=shared); "
          "a file is shared between stores through the file itself");
    }
    out.read_only = params.mode == "ro";
    out.create = !params.mode || *params.mode == "rwc";
    std::error_code ec;
    auto abs = std::filesystem::absolute(std::filesystem::path(path), ec);
    if (ec) fail("Cannot resolve the database path \"" + path + "\": " + ec.message());
    out.kind = BackendKind::File;
    out.path = abs.lexically_normal().string();
    return out;
  }

  if (scheme == "libsql" || scheme == "https" || scheme == "http" || scheme == "wss" ||
      scheme == "ws") {
    if (!has_authority || host.empty()) fail("The " + scheme + ": URL has no host");
    out.kind = BackendKind::Remote;
    out.host = host;
    out.port = port;
    std::string base(rest);
    while (!base.empty() && base.back() == '/') base.pop_back();
    // The path goes into the request URL as written (percent-encoding kept, not decoded).
    for (char c : base) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == '\\' || c == '"' || c == '<' || c == '>')
        fail("The database URL's path contains a character that must be percent-encoded");
    }
    if (port && *port == 0) fail("Invalid port in the database URL");
    out.base_path = base;
    out.auth_token = params.auth_token;
    if (scheme == "libsql") {
      const bool tls = params.tls.value_or("1") == "1";
      if (!tls && !port) fail("A libsql: URL with tls=0 must specify an explicit port");
      out.scheme = tls ? "https" : "http";
    } else if (scheme == "wss" || scheme == "https") {
      if (params.tls == "0") fail("A " + scheme + ": URL cannot have tls=0");
      out.scheme = "https";
    } else {
      if (params.tls == "1") fail("A " + scheme + ": URL cannot have tls=1");
      out.scheme = "http";
    }
    return out;
  }
  fail("The URL scheme \"" + scheme +
       ":\" is not supported; use \":memory:\", \"file:\", \"libsql:\", \"https:\", \"http:\", "
       "\"wss:\" or \"ws:\"");
}

}  // namespace libsqlstore::core
