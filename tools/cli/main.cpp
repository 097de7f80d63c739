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

  cli::Connection conn;
  app.add_option("--url", conn.url,
                 "Database URL (:memory:, file:path.db, libsql://host, http(s)://host). Default: "
                 "$LIBSQLSTORE_URL, else file:./storage.db");
  app.add_option("--auth-token", conn.auth_token,
                 "Bearer token for a remote server. Default: $LIBSQLSTORE_AUTH_TOKEN");

  auto* demo = app.add_subcommand(
      "demo",
      "Open the store, init, save a thread and two messages, read them back and print them");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (conn.url.empty()) conn.url = env_or("LIBSQLSTORE_URL", "file:./storage.db");
  if (conn.auth_token.empty()) conn.auth_token = env_or("LIBSQLSTORE_AUTH_TOKEN", "");

  try {
    if (demo->parsed()) return cli::run_demo(conn);
  } catch (const Error& e) {
    std::cerr << "libsqlstore: " << e.id() << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "libsqlstore: " << e.what() << "\n";
    return 1;
  }
  return 2;
}
