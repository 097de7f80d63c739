// libsqlstore: the command-line face of the store. stdout carries results, stderr diagnostics.
// Exit codes: 0 success, 1 the operation failed, 2 usage error.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <stdexcept>

#include "libsqlstore/libsqlstore.hpp"

#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace {

using libsqlstore::cli::Connection;

/// What the connection options said, before defaults: each option is given on the main command
/// or on the subcommand (both spellings land here), and help shows them on both.
struct ConnectionFlags {
  std::optional<std::string> url;
  std::optional<std::string> auth_token;
  std::optional<std::string> auth_token_file;
  bool no_init = false;
};

void add_connection_options(CLI::App& app, ConnectionFlags& flags) {
  auto* group = app.add_option_group("Connection");
  group
      ->add_option_function<std::string>(
          "--url", [&](const std::string& v) { flags.url = v; },
          "Database URL: :memory:, file:path.db (?mode=ro read-only), libsql://host, "
          "http(s)://host[:port]. Default: $LIBSQLSTORE_URL, else file:./storage.db")
      ->type_name("URL");
  group
      ->add_option_function<std::string>(
          "--auth-token", [&](const std::string& v) { flags.auth_token = v; },
          "Bearer token for a remote server. Visible to other users of this machine (ps): prefer "
          "$LIBSQLSTORE_AUTH_TOKEN or --auth-token-file. An empty value means no token")
      ->type_name("TOKEN");
  group
      ->add_option_function<std::string>(
          "--auth-token-file", [&](const std::string& v) { flags.auth_token_file = v; },
          "Read the token from this file (a trailing newline is removed). Default: "
          "$LIBSQLSTORE_AUTH_TOKEN_FILE")
      ->type_name("PATH");
  group->add_flag("--no-init", flags.no_init,
                  "Do not create or upgrade the tables (init()) before the first storage call");
}

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

std::string read_token_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the auth token file " + path);
  std::string token((std::istreambuf_iterator<char>(in)), {});
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  return token;
}

/// The connection the flags and the environment name. Throws CLI::ValidationError for an empty
/// --url.
Connection resolve(const ConnectionFlags& flags) {
  Connection conn;
  if (flags.url && flags.url->empty()) {
    throw CLI::ValidationError("--url", "the database URL is empty");
  }
  conn.url = flags.url ? *flags.url : env("LIBSQLSTORE_URL").value_or("file:./storage.db");
  if (flags.auth_token) {
    conn.auth_token = *flags.auth_token;
  } else if (flags.auth_token_file) {
    conn.auth_token = read_token_file(*flags.auth_token_file);
  } else if (auto token = env("LIBSQLSTORE_AUTH_TOKEN")) {
    conn.auth_token = *token;
  } else if (auto file = env("LIBSQLSTORE_AUTH_TOKEN_FILE")) {
    conn.auth_token = read_token_file(*file);
  }
  conn.no_init = flags.no_init;
  return conn;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace libsqlstore;
  CLI::App app{"libsqlstore: the storage of Mastra agent applications (LibSQLStore) in C++"};
  app.set_version_flag("--version", std::string("libsqlstore ") + kVersion);
  app.require_subcommand(1);

  ConnectionFlags flags;
  add_connection_options(app, flags);

  auto* demo = app.add_subcommand(
      "demo",
      "Open the store, init, save a thread and two messages, read them back and print them");
  add_connection_options(*demo, flags);

  cli::CallOptions call_options;
  auto* call = app.add_subcommand(
      "call",
      "Call one storage method by its reference (camelCase) name with JSON params; print the "
      "result JSON");
  call->add_option("METHOD", call_options.method,
                   "Method, e.g. getThreadById (libsqlstore methods lists them)")
      ->required();
  call->add_option("PARAMS", call_options.params,
                   "JSON array of the method's arguments (an object = the single argument; - = "
                   "read from stdin). Default: []");
  add_connection_options(*call, flags);

  auto* rpc = app.add_subcommand(
      "rpc", "Serve JSON-RPC 2.0 on stdin/stdout: one request per line, one response per line");
  add_connection_options(*rpc, flags);

  cli::SearchCommand search_options;
  auto* search = app.add_subcommand(
      "search",
      "Keyword search over messages (or thread titles), best first; manage the search index");
  search->add_option("QUERY", search_options.query, "The words to find");
  search->add_option("--resource", search_options.resource, "Only this resource's messages")
      ->type_name("ID");
  search->add_option("--thread", search_options.thread, "Only this thread's messages")
      ->type_name("ID");
  search->add_option("--role", search_options.roles, "Only messages with this role (repeatable)")
      ->type_name("ROLE");
  search
      ->add_option("--mode", search_options.mode,
                   "words (every word, the last a prefix; default), phrase, or fts5 (FTS5 "
                   "query syntax)")
      ->check(CLI::IsMember({"words", "phrase", "fts5"}));
  search->add_option("--page", search_options.page, "Zero-based page. Default 0")
      ->check(CLI::NonNegativeNumber);
  search->add_option("--per-page", search_options.perPage, "Hits per page. Default 20")
      ->check(CLI::NonNegativeNumber);
  search->add_flag("--threads", search_options.threads, "Search thread titles instead");
  search->add_flag("--json", search_options.json,
                   "Print the JSON of searchMessages / searchThreads (the default when stdout is "
                   "not a terminal)");
  search->add_flag("--text", search_options.text,
                   "Print the list for people even when stdout is not a terminal");
  search->add_flag("--enable", search_options.enable,
                   "Enable search on this database (builds the index, with progress)");
  search
      ->add_option("--tokenizer", search_options.tokenizer,
                   "With --enable: unicode61 (words; default) or trigram (substrings)")
      ->check(CLI::IsMember({"unicode61", "trigram"}));
  search->add_flag("--disable", search_options.disable, "Drop the search index");
  search->add_flag("--status", search_options.status, "Show whether search is enabled");
  search->add_flag("--check", search_options.check,
                   "Compare the index with the data (exit 1 when they differ)");
  search->add_flag("--rebuild", search_options.rebuild, "Rebuild the index from the data");
  add_connection_options(*search, flags);

  bool methods_json = false;
  auto* methods = app.add_subcommand(
      "methods", "List every method of call and rpc with its arguments (? = optional)");
  methods->add_flag("--json", methods_json, "Print a JSON array of {name, params, errorId}");

  Connection conn;
  try {
    app.parse(argc, argv);
    conn = resolve(flags);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::cerr << "libsqlstore: " << e.what() << "\n";
    return 2;
  }

  try {
    if (demo->parsed()) return cli::run_demo(conn);
    if (call->parsed()) return cli::run_call(conn, call_options);
    if (rpc->parsed()) return cli::run_rpc(conn);
    if (methods->parsed()) return cli::run_methods(methods_json);
    if (search->parsed()) {
      const auto& o = search_options;
      if (o.query.empty() && !o.enable && !o.disable && !o.status && !o.check && !o.rebuild) {
        std::cerr << "libsqlstore search: give a QUERY, or one of --enable, --disable, --status, "
                     "--check, --rebuild\n";
        return 2;
      }
      return cli::run_search(conn, o);
    }
  } catch (const Error& e) {
    std::cerr << "libsqlstore: " << e.id() << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "libsqlstore: " << e.what() << "\n";
    return 1;
  }
  return 2;
}
