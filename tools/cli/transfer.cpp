// `libsqlstore export`, `import` and `copy` (docs/cli.md, docs/export-format.md): the dump streams
// through stdout/stdin or files; summaries go to stderr (export) or stdout (import, copy), as
// aligned tables on a terminal and JSON when piped or with --json.
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "json_io.hpp"
#include "terminal.hpp"

namespace libsqlstore::cli {
namespace {

ExportOptions export_options(const ExportFilter& f) {
  ExportOptions o;
  o.threadId = f.thread;
  o.resourceId = f.resource;
  if (f.since) {
    o.since = parse_iso8601(*f.since);
    if (!o.since) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                 "--since " + *f.since + " is not an ISO-8601 date");
    }
  }
  o.tables = f.tables;
  o.onProgress = [](const TransferProgress& p) {
    show_progress("exporting " + p.table, p.done, p.total);
  };
  return o;
}

ImportOptions import_options(const std::string& on_conflict, bool dry_run, std::int64_t batch) {
  ImportOptions o;
  o.onConflict = on_conflict == "replace" ? OnConflict::Replace
                 : on_conflict == "fail"  ? OnConflict::Fail
                                          : OnConflict::Skip;
  o.dryRun = dry_run;
  o.batchRows = batch;
  o.onProgress = [](const TransferProgress& p) {
    show_progress("importing " + p.table, p.done, p.total);
  };
  return o;
}

Json counts_json(const std::vector<TableCount>& counts) {
  Json out = Json::object();
  for (const auto& c : counts) out[c.table] = c.rows;
  return out;
}

Json import_json(const ImportSummary& s) {
  return {{"dryRun", s.dryRun},
          {"rows", s.rows},
          {"insertedRows", s.insertedRows},
          {"tables", counts_json(s.tables)},
          {"inserted", counts_json(s.inserted)},
          {"createdTables", s.createdTables},
          {"searchEnabled", s.searchEnabled}};
}

void print_import(const ImportSummary& s, bool json) {
  if (json) {
    std::cout << json_api::stringify(import_json(s)) << "\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {{"table", "rows in dump", "inserted"}};
  for (std::size_t i = 0; i < s.tables.size(); ++i) {
    rows.push_back(
        {s.tables[i].table, std::to_string(s.tables[i].rows), std::to_string(s.inserted[i].rows)});
  }
  rows.push_back({"total", std::to_string(s.rows), std::to_string(s.insertedRows)});
  print_table(rows);
  if (!s.createdTables.empty()) {
    std::cout << "created tables:";
    for (const auto& t : s.createdTables) std::cout << " " << t;
    std::cout << "\n";
  }
  if (s.searchEnabled) std::cout << "keyword search enabled (the source had it)\n";
  if (s.dryRun) std::cout << "dry run: nothing was written\n";
}

std::string env_token(const char* name, const char* file_name) {
  if (const char* v = std::getenv(name); v != nullptr && *v != '\0') return v;
  if (const char* f = std::getenv(file_name); f != nullptr && *f != '\0') {
    return read_token_file(f);
  }
  return {};
}

}  // namespace

int run_export(const Connection& conn, const ExportCommand& o) {
  const Redactor redact(conn);
  try {
    auto store = open_store(conn, /*read_only=*/conn.url != ":memory:");
    const auto options = export_options(o.filter);
    ExportSummary s;
    if (o.output == "-") {
      s = export_data(*store, std::cout, options);
    } else {
      // Written beside the target and renamed over it once complete: an interrupted export
      // never leaves a file that looks whole.
      const std::string partial = o.output + ".partial";
      {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out) {
          throw Error("LIBSQL_STORE_EXPORT_FAILED_WRITE", ErrorCategory::User,
                      "Cannot create " + partial);
        }
        s = export_data(*store, out, options);
      }
      if (std::rename(partial.c_str(), o.output.c_str()) != 0) {
        throw Error("LIBSQL_STORE_EXPORT_FAILED_WRITE", ErrorCategory::System,
                    "Cannot rename " + partial + " to " + o.output);
      }
    }
    if (o.json) {
      std::cerr << json_api::stringify({{"rows", s.rows},
                                        {"bytes", s.bytes},
                                        {"tables", counts_json(s.tables)},
                                        {"sha256", s.sha256},
                                        {"snapshot", s.snapshot}})
                << "\n";
    } else if (is_terminal(stderr)) {
      std::cerr << "exported " << s.rows << " rows of " << s.tables.size() << " tables ("
                << human_size(s.bytes) << "), sha256 " << s.sha256 << "\n";
    }
    return 0;
  } catch (const Error& e) {
    return report_error(e, redact, o.json);
  }
}

int run_import(const Connection& conn, const ImportCommand& o) {
  const Redactor redact(conn);
  const bool json = o.json || !is_terminal(stdout);
  if (o.input == "-" && o.batch > 0 && !o.dry_run) {
    std::cerr << "libsqlstore import: --batch needs a FILE (the dump is verified before the "
                 "first batch commits, and stdin cannot be read twice)\n";
    return 2;
  }
  try {
    auto store = open_store(conn);
    const auto options = import_options(o.on_conflict, o.dry_run, o.batch);
    ImportSummary s;
    if (o.input == "-") {
      s = import_data(*store, std::cin, options);
    } else {
      const auto open = [&] {
        std::ifstream in(o.input, std::ios::binary);
        if (!in) {
          throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                     "Cannot read " + o.input);
        }
        return in;
      };
      if (o.batch > 0 && !o.dry_run) {
        // Batches commit as they go: check the whole dump before the first one.
        auto in = open();
        verify_dump(in);
      }
      auto in = open();
      s = import_data(*store, in, options);
    }
    print_import(s, json);
    return 0;
  } catch (const Error& e) {
    return report_error(e, redact, json);
  }
}

int run_copy(const Connection& conn, const CopyCommand& o) {
  Connection from = conn;
  from.url = o.from;
  Connection to = conn;
  to.url = o.to;
  // The URLs are copy's own: --sync-url would make both sides replicas of one primary.
  from.options.syncUrl.clear();
  to.options.syncUrl.clear();
  from.auth_token = o.from_token_file ? read_token_file(*o.from_token_file)
                                      : env_token("LIBSQLSTORE_FROM_AUTH_TOKEN",
                                                  "LIBSQLSTORE_FROM_AUTH_TOKEN_FILE");
  to.auth_token = o.to_token_file
                      ? read_token_file(*o.to_token_file)
                      : env_token("LIBSQLSTORE_TO_AUTH_TOKEN", "LIBSQLSTORE_TO_AUTH_TOKEN_FILE");
  Redactor redact(from);
  redact.also(to);
  const bool json = o.json || !is_terminal(stdout);
  try {
    auto source = open_store(from, /*read_only=*/from.url != ":memory:");
    auto target = open_store(to);
    const CopyOptions options{.from = export_options(o.filter),
                              .to = import_options(o.on_conflict, o.dry_run, 0)};
    print_import(copy_data(*source, *target, options), json);
    return 0;
  } catch (const Error& e) {
    return report_error(e, redact, json);
  }
}

}  // namespace libsqlstore::cli
