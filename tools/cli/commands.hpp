// The libsqlstore command-line tool: one function per subcommand.
#pragma once

#include <string>

namespace libsqlstore::cli {

/// Where the tool connects: --url, else $LIBSQLSTORE_URL, else file:./storage.db; the token from
/// --auth-token, else $LIBSQLSTORE_AUTH_TOKEN. The token is never printed.
struct Connection {
  std::string url;
  std::string auth_token;
};

/// `libsqlstore demo`: init, save a thread and messages, read them back, print them.
int run_demo(const Connection& conn);

}  // namespace libsqlstore::cli
