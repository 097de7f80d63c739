// The libsqlstore command-line tool: one function per subcommand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/options.hpp"

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
  /// Every other StoreOptions field (url and authToken are the members above).
  StoreOptions options;
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

/// What `export` and `copy` select (docs/export-format.md, "Filters").
struct ExportFilter {
  std::optional<std::string> thread;
  std::optional<std::string> resource;
  std::optional<std::string> since;  ///< ISO-8601
  std::vector<std::string> tables;
};

/// Options of `libsqlstore export`.
struct ExportCommand {
  ExportFilter filter;
  std::string output = "-";  ///< a file, or - for stdout
  bool json = false;         ///< the summary on stderr as JSON
};

/// Options of `libsqlstore import`.
struct ImportCommand {
  std::string input = "-";  ///< a file, or - for stdin
  bool dry_run = false;
  std::string on_conflict = "skip";
  std::int64_t batch = 0;
  bool json = false;
};

/// Options of `libsqlstore copy`.
struct CopyCommand {
  std::string from;
  std::string to;
  std::optional<std::string> from_token_file;
  std::optional<std::string> to_token_file;
  ExportFilter filter;
  bool dry_run = false;
  std::string on_conflict = "skip";
  bool json = false;
};

/// `libsqlstore export`: the dump on stdout (or --output), a summary on stderr.
int run_export(const Connection& conn, const ExportCommand& options);
/// `libsqlstore import FILE`: the rows into the store; a summary table (JSON when piped).
int run_import(const Connection& conn, const ImportCommand& options);
/// `libsqlstore copy --from URL --to URL`.
int run_copy(const Connection& conn, const CopyCommand& options);

/// Options of `libsqlstore prune` (durations as text: 30d, 12h, 90m, 45s, 2w, 500ms).
struct PruneCommand {
  std::optional<std::string> config;  ///< a JSON file with the same keys as RetentionPolicy
  std::optional<std::string> traces_max_age, evals_max_age, scores_max_age, workflow_runs_max_age,
      messages_max_age;
  std::optional<std::int64_t> keep_last_messages;
  bool delete_empty_threads = false;
  bool dry_run = false;
  std::int64_t batch = 500;
  std::int64_t pause_ms = 25;
  bool json = false;
};

/// `libsqlstore stats`: what the database holds (a report on a terminal, JSON when piped).
int run_stats(const Connection& conn, bool json);
/// `libsqlstore compact`: VACUUM and WAL truncation, bytes before and after.
int run_compact(const Connection& conn, bool json);
/// `libsqlstore prune`: deletes what the retention policy does not keep.
int run_prune(const Connection& conn, const PruneCommand& options);

/// `libsqlstore doctor [--fix]`: exit 0 only when the database is clean.
int run_doctor(const Connection& conn, bool fix, bool json);

/// Options of `libsqlstore threads`, `messages`, `show` and `runs`.
struct BrowseCommand {
  std::string kind;  ///< show: thread, resource or run
  std::string id;    ///< messages: the thread; show: the id
  std::optional<std::string> resource;
  std::optional<std::string> workflow;
  std::int64_t last = 40;
  std::int64_t page = 0;
  std::int64_t per_page = 50;
  bool json = false;
};

/// `libsqlstore threads [--resource R]`: threads, most recently updated first, with counts.
int run_threads(const Connection& conn, const BrowseCommand& options);
/// `libsqlstore messages THREAD [--last N]`: a thread's newest messages, oldest first.
int run_messages(const Connection& conn, const BrowseCommand& options);
/// `libsqlstore show thread|resource|run ID`: one object, as the JSON interface returns it.
int run_show(const Connection& conn, const BrowseCommand& options);
/// `libsqlstore runs [--workflow W] [--resource R]`: workflow runs, newest first.
int run_runs(const Connection& conn, const BrowseCommand& options);

/// Reads a token file (one trailing newline removed); throws std::runtime_error.
std::string read_token_file(const std::string& path);

/// `libsqlstore methods [--json]`: every method `call` and `rpc` accept, with its arguments.
int run_methods(bool json);

}  // namespace libsqlstore::cli
