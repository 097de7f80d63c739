// The options every command takes to reach its database: the URL, the token, and every
// StoreOptions field (same names, kebab-case, each with a $LIBSQLSTORE_... fallback; docs/cli.md).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace libsqlstore::cli {

/// What the options said, before defaults: each option is given on the main command or on the
/// subcommand (both spellings land here), and help shows them on both.
struct ConnectionFlags {
  std::optional<std::string> url;
  std::optional<std::string> auth_token;
  std::optional<std::string> auth_token_file;
  bool no_init = false;
  std::optional<std::string> sync_url;
  std::optional<std::int64_t> sync_interval_ms;
  std::optional<int> max_retries;
  std::optional<std::int64_t> initial_backoff_ms;
  std::optional<std::int64_t> busy_timeout_ms;
  std::optional<std::int64_t> connect_timeout_ms;
  std::optional<std::int64_t> request_timeout_ms;
  std::optional<std::int64_t> max_response_bytes;
  bool no_verify_tls = false;
  bool read_only = false;
  bool group_commit = false;
  bool delete_message_vectors = false;
};

/// Adds the connection options (URL, token, --no-init) and the store options to `app`.
void add_connection_options(CLI::App& app, ConnectionFlags& flags);
/// Adds only the store options (timeouts, retries, TLS, ...): for `copy`, whose URLs and tokens
/// are its own.
void add_store_options(CLI::App& app, ConnectionFlags& flags);

/// The connection the flags and the environment name. Throws CLI::ValidationError for an empty
/// --url or an environment variable that does not hold what its option takes.
Connection resolve(const ConnectionFlags& flags);

}  // namespace libsqlstore::cli
