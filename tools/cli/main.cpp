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
#include "connection.hpp"

namespace {

using libsqlstore::cli::add_connection_options;
using libsqlstore::cli::Connection;
using libsqlstore::cli::ConnectionFlags;
using libsqlstore::cli::resolve;

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

  cli::ExportCommand export_options;
  const auto add_filter = [](CLI::App& cmd, cli::ExportFilter& f) {
    cmd.add_option("--thread", f.thread, "Only this thread (its messages, resource, scores)")
        ->type_name("ID");
    cmd.add_option("--resource", f.resource, "Only this resource (its threads, messages, runs)")
        ->type_name("ID");
    cmd.add_option("--since", f.since, "Only rows created or updated at or after this time")
        ->type_name("ISO-8601");
    cmd.add_option("--tables", f.tables, "Only these tables (comma-separated)")
        ->delimiter(',')
        ->type_name("T,...");
  };
  auto* export_cmd = app.add_subcommand(
      "export", "Write the database (or part of it) as a dump (NDJSON, docs/export-format.md)");
  add_filter(*export_cmd, export_options.filter);
  export_cmd
      ->add_option("-o,--output", export_options.output, "Write to this file. Default: stdout")
      ->type_name("FILE");
  export_cmd->add_flag("--json", export_options.json, "Print the summary on stderr as JSON");
  add_connection_options(*export_cmd, flags);

  cli::ImportCommand import_options;
  auto* import_cmd = app.add_subcommand(
      "import", "Read a dump into the database (writes; all or nothing unless --batch)");
  import_cmd->add_option("FILE", import_options.input, "The dump. Default: - (stdin)");
  import_cmd->add_flag("--dry-run", import_options.dry_run,
                       "Check the dump and count what would be written; write nothing");
  import_cmd
      ->add_option("--on-conflict", import_options.on_conflict,
                   "A row whose key exists: skip (default), replace, or fail")
      ->check(CLI::IsMember({"skip", "replace", "fail"}));
  import_cmd
      ->add_option("--batch", import_options.batch,
                   "Commit every N rows (resumable; the file is verified first). Default: one "
                   "transaction")
      ->check(CLI::NonNegativeNumber);
  import_cmd->add_flag("--json", import_options.json,
                       "Print the summary as JSON (the default when stdout is not a terminal)");
  add_connection_options(*import_cmd, flags);

  cli::CopyCommand copy_options;
  auto* copy_cmd =
      app.add_subcommand("copy", "Copy data from one database to another (writes to --to)");
  copy_cmd->add_option("--from", copy_options.from, "Source URL")->required()->type_name("URL");
  copy_cmd->add_option("--to", copy_options.to, "Target URL")->required()->type_name("URL");
  copy_cmd
      ->add_option("--from-auth-token-file", copy_options.from_token_file,
                   "The source's token. Default: $LIBSQLSTORE_FROM_AUTH_TOKEN, "
                   "$LIBSQLSTORE_FROM_AUTH_TOKEN_FILE")
      ->type_name("PATH");
  copy_cmd
      ->add_option("--to-auth-token-file", copy_options.to_token_file,
                   "The target's token. Default: $LIBSQLSTORE_TO_AUTH_TOKEN, "
                   "$LIBSQLSTORE_TO_AUTH_TOKEN_FILE")
      ->type_name("PATH");
  add_filter(*copy_cmd, copy_options.filter);
  copy_cmd->add_flag("--dry-run", copy_options.dry_run,
                     "Count what would be copied; write nothing");
  copy_cmd
      ->add_option("--on-conflict", copy_options.on_conflict,
                   "A row whose key exists: skip (default), replace, or fail")
      ->check(CLI::IsMember({"skip", "replace", "fail"}));
  copy_cmd->add_flag("--json", copy_options.json,
                     "Print the summary as JSON (the default when stdout is not a terminal)");
  cli::add_store_options(*copy_cmd, flags);

  bool stats_json = false;
  auto* stats_cmd = app.add_subcommand(
      "stats", "Rows and bytes per table and index, WAL, free pages, journal mode (read-only)");
  stats_cmd->add_flag("--json", stats_json, "JSON (the default when stdout is not a terminal)");
  add_connection_options(*stats_cmd, flags);

  bool compact_json = false;
  auto* compact_cmd = app.add_subcommand(
      "compact", "Give free pages back to the file system and truncate the WAL (writes)");
  compact_cmd->add_flag("--json", compact_json, "JSON (the default when stdout is not a terminal)");
  add_connection_options(*compact_cmd, flags);

  cli::PruneCommand prune_options;
  auto* prune_cmd = app.add_subcommand(
      "prune", "Delete what a retention policy does not keep, in small batches (writes)");
  prune_cmd
      ->add_option("--config", prune_options.config,
                   "A JSON file: {\"tracesMaxAge\": \"30d\", \"keepLastMessages\": 200, ...}")
      ->type_name("FILE");
  prune_cmd->add_option("--traces-max-age", prune_options.traces_max_age, "Spans older than this")
      ->type_name("AGE");
  prune_cmd->add_option("--evals-max-age", prune_options.evals_max_age, "Evals older than this")
      ->type_name("AGE");
  prune_cmd->add_option("--scores-max-age", prune_options.scores_max_age, "Scores older than this")
      ->type_name("AGE");
  prune_cmd
      ->add_option("--workflow-runs-max-age", prune_options.workflow_runs_max_age,
                   "Finished runs (success, failed, canceled) last updated before this")
      ->type_name("AGE");
  prune_cmd
      ->add_option("--messages-max-age", prune_options.messages_max_age, "Messages older than this")
      ->type_name("AGE");
  prune_cmd
      ->add_option("--keep-last-messages", prune_options.keep_last_messages,
                   "Keep only the newest N messages of every thread")
      ->check(CLI::NonNegativeNumber)
      ->type_name("N");
  prune_cmd->add_flag("--delete-empty-threads", prune_options.delete_empty_threads,
                      "Also delete threads left without messages");
  prune_cmd->add_flag("--dry-run", prune_options.dry_run, "Count what would go; delete nothing");
  prune_cmd->add_option("--batch", prune_options.batch, "Rows per transaction. Default 500")
      ->check(CLI::PositiveNumber);
  prune_cmd
      ->add_option("--pause-ms", prune_options.pause_ms,
                   "Rest between batches, so that other writers get the lock. Default 25")
      ->check(CLI::NonNegativeNumber);
  prune_cmd->add_flag("--json", prune_options.json,
                      "JSON (the default when stdout is not a terminal)");
  add_connection_options(*prune_cmd, flags);

  bool doctor_fix = false;
  bool doctor_json = false;
  auto* doctor_cmd = app.add_subcommand(
      "doctor",
      "Check the database (integrity, orphans, unreadable rows, indexes, search); exit "
      "0 only when clean");
  doctor_cmd->add_flag("--fix", doctor_fix,
                       "Repair what is safe: missing indexes, the search index (writes)");
  doctor_cmd->add_flag("--json", doctor_json, "JSON (the default when stdout is not a terminal)");
  add_connection_options(*doctor_cmd, flags);

  cli::BrowseCommand browse;
  const auto add_paging = [&](CLI::App& cmd) {
    cmd.add_option("--page", browse.page, "Zero-based page. Default 0")
        ->check(CLI::NonNegativeNumber);
    cmd.add_option("--per-page", browse.per_page, "Rows per page. Default 50")
        ->check(CLI::PositiveNumber);
    cmd.add_flag("--json", browse.json, "JSON (the default when stdout is not a terminal)");
    add_connection_options(cmd, flags);
  };
  auto* threads_cmd = app.add_subcommand(
      "threads", "List threads, most recently updated first, with their message counts");
  threads_cmd->add_option("--resource", browse.resource, "Only this resource's")->type_name("ID");
  add_paging(*threads_cmd);
  auto* messages_cmd =
      app.add_subcommand("messages", "A thread's newest messages, oldest first (getMessages)");
  messages_cmd->add_option("THREAD", browse.id, "The thread")->required();
  messages_cmd->add_option("--last", browse.last, "How many. Default 40")
      ->check(CLI::NonNegativeNumber);
  messages_cmd->add_flag("--json", browse.json, "JSON (the default when stdout is not a terminal)");
  add_connection_options(*messages_cmd, flags);
  auto* show_cmd = app.add_subcommand("show", "One thread, resource or workflow run, as JSON");
  show_cmd->add_option("KIND", browse.kind, "thread, resource or run")
      ->required()
      ->check(CLI::IsMember({"thread", "resource", "run"}));
  show_cmd->add_option("ID", browse.id, "Its id")->required();
  show_cmd->add_option("--workflow", browse.workflow, "run: the workflow's name")->type_name("W");
  show_cmd->add_flag("--json", browse.json,
                     "Compact JSON (the default when stdout is not a terminal)");
  add_connection_options(*show_cmd, flags);
  auto* runs_cmd = app.add_subcommand("runs", "Workflow runs, newest first (getWorkflowRuns)");
  runs_cmd->add_option("--workflow", browse.workflow, "Only this workflow's")->type_name("W");
  runs_cmd->add_option("--resource", browse.resource, "Only this resource's")->type_name("ID");
  add_paging(*runs_cmd);

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
    if (export_cmd->parsed()) return cli::run_export(conn, export_options);
    if (import_cmd->parsed()) return cli::run_import(conn, import_options);
    if (copy_cmd->parsed()) return cli::run_copy(conn, copy_options);
    if (stats_cmd->parsed()) return cli::run_stats(conn, stats_json);
    if (compact_cmd->parsed()) return cli::run_compact(conn, compact_json);
    if (prune_cmd->parsed()) return cli::run_prune(conn, prune_options);
    if (doctor_cmd->parsed()) return cli::run_doctor(conn, doctor_fix, doctor_json);
    if (threads_cmd->parsed()) return cli::run_threads(conn, browse);
    if (messages_cmd->parsed()) return cli::run_messages(conn, browse);
    if (show_cmd->parsed()) return cli::run_show(conn, browse);
    if (runs_cmd->parsed()) return cli::run_runs(conn, browse);
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
