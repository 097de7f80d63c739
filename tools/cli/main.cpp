// libsqlstore: the command-line face of the store. stdout carries results, stderr diagnostics.
// Exit codes: 0 success, 1 the operation failed, 2 usage error.
#include <cstdlib>
#include <iostream>

#include "libsqlstore/libsqlstore.hpp"

#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace {

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::move(fallback);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace libsqlstore;
  CLI::App app{"libsqlstore: the storage of Mastra agent applications (LibSQLStore) in C++"};
  app.set_version_flag("--version", std::string("libsqlstore ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough();  // --url / --auth-token may also follow the subcommand

  cli::Connection conn;
  app.add_option("--url", conn.url,
                 "Database URL (:memory:, file:path.db, libsql://host, http(s)://host). Default: "
                 "$LIBSQLSTORE_URL, else file:./storage.db");
  app.add_option("--auth-token", conn.auth_token,
                 "Bearer token for a remote server. Default: $LIBSQLSTORE_AUTH_TOKEN");

  auto* demo = app.add_subcommand(
      "demo",
      "Open the store, init, save a thread and two messages, read them back and print them");

  cli::CallOptions call_options;
  auto* call = app.add_subcommand(
      "call",
      "Call one storage method by its reference (camelCase) name with JSON params; print the "
      "result JSON");
  call->add_option("METHOD", call_options.method, "Method, e.g. getThreadById (see docs/cli.md)")
      ->required();
  call->add_option("PARAMS", call_options.params,
                   "JSON array of the method's arguments (an object = the single argument; - = "
                   "read from stdin). Default: []");
  call->add_flag("--no-init", call_options.no_init, "Do not create the tables before the call");

  auto* rpc = app.add_subcommand(
      "rpc", "Serve JSON-RPC 2.0 on stdin/stdout: one request per line, one response per line");
  rpc->add_flag("--no-init", call_options.no_init,
                "Do not create the tables before the first storage call");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (conn.url.empty()) conn.url = env_or("LIBSQLSTORE_URL", "file:./storage.db");
  if (conn.auth_token.empty()) conn.auth_token = env_or("LIBSQLSTORE_AUTH_TOKEN", "");

  try {
    if (demo->parsed()) return cli::run_demo(conn);
    if (call->parsed()) return cli::run_call(conn, call_options);
    if (rpc->parsed()) return cli::run_rpc(conn, call_options);
  } catch (const Error& e) {
    std::cerr << "libsqlstore: " << e.id() << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "libsqlstore: " << e.what() << "\n";
    return 1;
  }
  return 2;
}
