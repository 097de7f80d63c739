#include "connection.hpp"

#include <cstdlib>

namespace libsqlstore::cli {
namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

/// A number from the flag, else from the environment variable, else nullopt.
std::optional<std::int64_t> number(const std::optional<std::int64_t>& flag, const char* name) {
  if (flag) return flag;
  const auto v = env(name);
  if (!v) return std::nullopt;
  std::size_t used = 0;
  std::int64_t n = -1;
  try {
    n = std::stoll(*v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v->size() || n < 0) {
    throw CLI::ValidationError(name, "$" + std::string(name) + " must be a number >= 0");
  }
  return n;
}

/// A flag, else a boolean environment variable (1/true/yes, 0/false/no).
bool boolean(bool flag, const char* name) {
  if (flag) return true;
  const auto v = env(name);
  if (!v) return false;
  if (*v == "1" || *v == "true" || *v == "yes") return true;
  if (*v == "0" || *v == "false" || *v == "no") return false;
  throw CLI::ValidationError(name, "$" + std::string(name) + " must be 1/true/yes or 0/false/no");
}

}  // namespace

void add_store_options(CLI::App& app, ConnectionFlags& flags) {
  auto* group = app.add_option_group("Store options (StoreOptions, docs/cli.md)");
  const auto ms = [&](const char* name, std::optional<std::int64_t>& into, const char* help) {
    group
        ->add_option_function<std::int64_t>(
            name, [&into](std::int64_t v) { into = v; }, help)
        ->check(CLI::NonNegativeNumber)
        ->type_name("MS");
  };
  group
      ->add_option_function<int>(
          "--max-retries", [&](int v) { flags.max_retries = v; },
          "Retries of a busy read or write (maxRetries). Default: $LIBSQLSTORE_MAX_RETRIES, else 5")
      ->check(CLI::NonNegativeNumber)
      ->type_name("N");
  ms("--initial-backoff-ms", flags.initial_backoff_ms,
     "First retry's backoff, doubling (initialBackoffMs). Default: "
     "$LIBSQLSTORE_INITIAL_BACKOFF_MS, else 100");
  ms("--busy-timeout-ms", flags.busy_timeout_ms,
     "Local files: SQLite's busy timeout (busyTimeout). Default: $LIBSQLSTORE_BUSY_TIMEOUT_MS, "
     "else 5000");
  ms("--connect-timeout-ms", flags.connect_timeout_ms,
     "Remote: connect timeout (connectTimeout). Default: $LIBSQLSTORE_CONNECT_TIMEOUT_MS, else "
     "10000");
  ms("--request-timeout-ms", flags.request_timeout_ms,
     "Remote: one request's timeout (requestTimeout). Default: $LIBSQLSTORE_REQUEST_TIMEOUT_MS, "
     "else 30000");
  group
      ->add_option_function<std::int64_t>(
          "--max-response-bytes", [&](std::int64_t v) { flags.max_response_bytes = v; },
          "Remote: the largest answer accepted (maxResponseBytes). Default: "
          "$LIBSQLSTORE_MAX_RESPONSE_BYTES, else 67108864 (64 MiB)")
      ->check(CLI::PositiveNumber)
      ->type_name("BYTES");
  group->add_flag("--no-verify-tls", flags.no_verify_tls,
                  "Remote: do not verify the server's certificate (verifyTls = false; tests "
                  "against self-signed servers only). Default: $LIBSQLSTORE_VERIFY_TLS=0");
  group->add_flag("--read-only", flags.read_only,
                  "Open read-only: nothing is written (readOnly). Default: "
                  "$LIBSQLSTORE_READ_ONLY=1");
  group->add_flag("--group-commit", flags.group_commit,
                  "Concurrent writes share commits (groupCommit). Default: "
                  "$LIBSQLSTORE_GROUP_COMMIT=1");
  group->add_flag("--delete-message-vectors", flags.delete_message_vectors,
                  "Deleting messages deletes their Memory embeddings (deleteMessageVectors). "
                  "Default: $LIBSQLSTORE_DELETE_MESSAGE_VECTORS=1");
}

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
  group
      ->add_option_function<std::string>(
          "--sync-url", [&](const std::string& v) { flags.sync_url = v; },
          "Open --url (a local file) as an embedded replica of this primary (syncUrl, "
          "docs/replica.md): reads local, writes on the primary. Default: $LIBSQLSTORE_SYNC_URL")
      ->type_name("URL");
  group
      ->add_option_function<std::int64_t>(
          "--sync-interval-ms", [&](std::int64_t v) { flags.sync_interval_ms = v; },
          "Embedded replica: pull in the background this often (syncInterval). Default: "
          "$LIBSQLSTORE_SYNC_INTERVAL_MS, else 0 (after writes and on `call sync` only)")
      ->check(CLI::NonNegativeNumber)
      ->type_name("MS");
  group->add_flag("--no-init", flags.no_init,
                  "Do not create or upgrade the tables (init()) before the first storage call "
                  "(autoInit = false). Default: $LIBSQLSTORE_AUTO_INIT=0");
  add_store_options(app, flags);
}

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
  if (!conn.no_init && env("LIBSQLSTORE_AUTO_INIT")) {
    conn.no_init = !boolean(false, "LIBSQLSTORE_AUTO_INIT");
  }
  auto& o = conn.options;
  if (flags.sync_url) {
    o.syncUrl = *flags.sync_url;
  } else if (auto sync = env("LIBSQLSTORE_SYNC_URL")) {
    o.syncUrl = *sync;
  }
  if (const auto n = number(flags.sync_interval_ms, "LIBSQLSTORE_SYNC_INTERVAL_MS")) {
    o.syncInterval = std::chrono::milliseconds(*n);
  }
  const std::optional<std::int64_t> retries =
      flags.max_retries ? std::optional<std::int64_t>(*flags.max_retries) : std::nullopt;
  if (const auto n = number(retries, "LIBSQLSTORE_MAX_RETRIES"))
    o.maxRetries = static_cast<int>(*n);
  if (const auto n = number(flags.initial_backoff_ms, "LIBSQLSTORE_INITIAL_BACKOFF_MS")) {
    o.initialBackoffMs = std::chrono::milliseconds(*n);
  }
  if (const auto n = number(flags.busy_timeout_ms, "LIBSQLSTORE_BUSY_TIMEOUT_MS")) {
    o.busyTimeout = std::chrono::milliseconds(*n);
  }
  if (const auto n = number(flags.connect_timeout_ms, "LIBSQLSTORE_CONNECT_TIMEOUT_MS")) {
    o.connectTimeout = std::chrono::milliseconds(*n);
  }
  if (const auto n = number(flags.request_timeout_ms, "LIBSQLSTORE_REQUEST_TIMEOUT_MS")) {
    o.requestTimeout = std::chrono::milliseconds(*n);
  }
  if (const auto n = number(flags.max_response_bytes, "LIBSQLSTORE_MAX_RESPONSE_BYTES")) {
    if (*n <= 0) {
      throw CLI::ValidationError("LIBSQLSTORE_MAX_RESPONSE_BYTES",
                                 "$LIBSQLSTORE_MAX_RESPONSE_BYTES must be > 0");
    }
    o.maxResponseBytes = static_cast<std::size_t>(*n);
  }
  o.verifyTls = !flags.no_verify_tls;
  if (o.verifyTls && env("LIBSQLSTORE_VERIFY_TLS")) {
    o.verifyTls = boolean(false, "LIBSQLSTORE_VERIFY_TLS");
  }
  o.readOnly = boolean(flags.read_only, "LIBSQLSTORE_READ_ONLY");
  o.groupCommit = boolean(flags.group_commit, "LIBSQLSTORE_GROUP_COMMIT");
  o.deleteMessageVectors =
      boolean(flags.delete_message_vectors, "LIBSQLSTORE_DELETE_MESSAGE_VECTORS");
  return conn;
}

}  // namespace libsqlstore::cli
