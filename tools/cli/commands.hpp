// The libsqlstore command-line tool: one function per subcommand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace libsqlstore::cli {

/// Where the tool connects and how (docs/cli.md, "Connection options"):
///  - the URL from --url, else $LIBSQLSTORE_URL, else file:./storage.db;
///  - the token from --auth-token, else the file named by --auth-token-file, else
///    $LIBSQLSTORE_AUTH_TOKEN, else the file named by $LIBSQLSTORE_AUTH_TOKEN_FILE. An explicit
///    empty --auth-token means "no token". The token is never printed.
struct Connection {
  std::string url;
  std::string auth_token;
  /// Do not run init() before the first storage call.
  bool no_init = false;
};

/// Options of `libsqlstore call`.
struct CallOptions {
  /// The method and its JSON params ("-" = read them from stdin; absent = []).
  std::string method;
  std::optional<std::string> params;
};

/// `libsqlstore call METHOD [PARAMS]`: prints the result JSON (exit 0) or the error JSON on
/// stderr (exit 1); PARAMS that are not JSON exit 2.
int run_call(const Connection& conn, const CallOptions& options);

/// `libsqlstore rpc`: JSON-RPC 2.0 on stdin/stdout until EOF (docs/cli.md).
int run_rpc(const Connection& conn);

/// `libsqlstore demo`: init, save a thread and messages, read them back, print them.
int run_demo(const Connection& conn);

/// Options of `libsqlstore search`.
struct SearchCommand {
  std::string query;
  std::optional<std::string> resource;
  std::optional<std::string> thread;
  std::vector<std::string> roles;
  std::string mode = "words";
  std::int64_t page = 0;
  std::int64_t perPage = 20;
  bool threads = false;  ///< search thread titles instead of messages
  bool json = false;     ///< JSON even on a terminal
  bool text = false;     ///< the list for people even when stdout is not a terminal
  bool enable = false;
  std::string tokenizer = "unicode61";
  bool disable = false;
  bool status = false;
  bool check = false;
  bool rebuild = false;
};

/// `libsqlstore search QUERY` and its index management flags (docs/cli.md, "search"): exit 0,
/// 1 when the operation fails (or --check finds the index inconsistent).
int run_search(const Connection& conn, const SearchCommand& options);

/// `libsqlstore methods [--json]`: every method `call` and `rpc` accept, with its arguments.
int run_methods(bool json);

}  // namespace libsqlstore::cli
