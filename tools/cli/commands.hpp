// The libsqlstore command-line tool: one function per subcommand.
#pragma once

#include <optional>
#include <string>

namespace libsqlstore::cli {

/// Where the tool connects: --url, else $LIBSQLSTORE_URL, else file:./storage.db; the token from
/// --auth-token, else $LIBSQLSTORE_AUTH_TOKEN. The token is never printed.
struct Connection {
  std::string url;
  std::string auth_token;
};

/// Options of `libsqlstore call` and `libsqlstore rpc`.
struct CallOptions {
  /// Do not run init() before the first storage call.
  bool no_init = false;
  /// call: the method and its JSON params ("-" = read them from stdin; absent = []).
  std::string method;
  std::optional<std::string> params;
};

/// `libsqlstore call METHOD [PARAMS]`: prints the result JSON (exit 0) or the error JSON on
/// stderr (exit 1); PARAMS that are not JSON exit 2.
int run_call(const Connection& conn, const CallOptions& options);

/// `libsqlstore rpc`: JSON-RPC 2.0 on stdin/stdout until EOF (docs/cli.md).
int run_rpc(const Connection& conn, const CallOptions& options);

/// `libsqlstore demo`: init, save a thread and messages, read them back, print them.
int run_demo(const Connection& conn);

}  // namespace libsqlstore::cli
