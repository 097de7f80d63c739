// `libsqlstore stats`, `compact` and `prune` (docs/operations.md): reports for people on a
// terminal (aligned tables, human sizes, progress), JSON when piped or with --json.
#include <cctype>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "json_io.hpp"
#include "terminal.hpp"

namespace libsqlstore::cli {
namespace {

Json optional_json(const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); }

Json stats_json(const DatabaseStats& s) {
  Json tables = Json::array();
  for (const auto& t : s.tables) {
    tables.push_back(
        {{"name", t.name}, {"kind", t.kind}, {"rows", t.rows}, {"bytes", optional_json(t.bytes)}});
  }
  Json indexes = Json::array();
  for (const auto& i : s.indexes) {
    indexes.push_back({{"name", i.name}, {"table", i.table}, {"bytes", optional_json(i.bytes)}});
  }
  return {{"backend", to_string(s.backend)},
          {"journalMode", s.journalMode},
          {"pageSize", s.pageSize},
          {"pageCount", s.pageCount},
          {"freePages", s.freePages},
          {"fileBytes", optional_json(s.fileBytes)},
          {"walBytes", optional_json(s.walBytes)},
          {"schemaVersion", s.schemaVersion},
          {"searchEnabled", s.searchEnabled},
          {"tables", std::move(tables)},
          {"indexes", std::move(indexes)},
          {"missingIndexes", s.missingIndexes}};
}

std::string size_text(const std::optional<std::int64_t>& bytes) {
  return bytes ? human_size(*bytes) : "?";
}

void print_stats(const DatabaseStats& s) {
  std::cout << "backend " << to_string(s.backend);
  if (!s.journalMode.empty()) std::cout << ", journal " << s.journalMode;
  if (s.fileBytes) std::cout << ", file " << human_size(*s.fileBytes);
  if (s.walBytes) std::cout << ", WAL " << human_size(*s.walBytes);
  std::cout << "\n"
            << s.pageCount << " pages of " << s.pageSize << " B, " << s.freePages
            << " free (libsqlstore compact gives them back), schema version " << s.schemaVersion
            << ", keyword search " << (s.searchEnabled ? "enabled" : "off") << "\n\n";
  std::vector<std::vector<std::string>> rows = {{"table", "kind", "rows", "size"}};
  for (const auto& t : s.tables) {
    rows.push_back({t.name, t.kind, std::to_string(t.rows), size_text(t.bytes)});
  }
  print_table(rows);
  std::cout << "\n";
  rows = {{"index", "table", "size"}};
  for (const auto& i : s.indexes) rows.push_back({i.name, i.table, size_text(i.bytes)});
  print_table(rows);
  if (!s.missingIndexes.empty()) {
    std::cout << "\nmissing libsqlstore indexes (libsqlstore call init adds them):";
    for (const auto& name : s.missingIndexes) std::cout << " " << name;
    std::cout << "\n";
  }
}

/// "30d", "12h", "90m", "45s", "2w", "500ms" (a bare number is seconds).
std::chrono::milliseconds parse_duration(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  const std::string unit = text.substr(digits);
  const auto bad = [&] {
    return InvalidArgumentError(
        "LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
        "\"" + text + "\" is not a duration (a number and ms, s, m, h, d or w: 30d)");
  };
  if (digits == 0 || digits > 12) throw bad();
  const std::int64_t n = std::stoll(text.substr(0, digits));
  if (unit == "ms") return std::chrono::milliseconds(n);
  if (unit.empty() || unit == "s") return std::chrono::seconds(n);
  if (unit == "m") return std::chrono::minutes(n);
  if (unit == "h") return std::chrono::hours(n);
  if (unit == "d") return std::chrono::hours(std::int64_t{24} * n);
  if (unit == "w") return std::chrono::hours(std::int64_t{168} * n);
  throw bad();
}

/// The policy: the config file's keys, then the flags over them.
RetentionPolicy policy_of(const PruneCommand& o) {
  RetentionPolicy p;
  if (o.config) {
    std::ifstream in(*o.config);
    if (!in) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                 "Cannot read " + *o.config);
    }
    Json c;
    try {
      c = Json::parse(in);
    } catch (const Json::exception&) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                 *o.config + " is not JSON");
    }
    if (!c.is_object()) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                 *o.config + " must hold a JSON object");
    }
    for (const auto& item : c.items()) {
      // Named, not structured, bindings: clang 14 cannot capture those in the lambda below.
      const std::string& key = item.key();
      const Json& value = item.value();
      const auto age = [&]() {
        if (!value.is_string()) {
          throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                     key + " must be a duration string such as \"30d\"");
        }
        return parse_duration(value.get<std::string>());
      };
      if (key == "tracesMaxAge") {
        p.tracesMaxAge = age();
      } else if (key == "evalsMaxAge") {
        p.evalsMaxAge = age();
      } else if (key == "scoresMaxAge") {
        p.scoresMaxAge = age();
      } else if (key == "workflowRunsMaxAge") {
        p.workflowRunsMaxAge = age();
      } else if (key == "messagesMaxAge") {
        p.messagesMaxAge = age();
      } else if (key == "keepLastMessages" && value.is_number_integer()) {
        p.keepLastMessages = value.get<std::int64_t>();
      } else if (key == "deleteEmptyThreads" && value.is_boolean()) {
        p.deleteEmptyThreads = value.get<bool>();
      } else {
        throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                   *o.config + ": unknown key or wrong type: " + key);
      }
    }
  }
  if (o.traces_max_age) p.tracesMaxAge = parse_duration(*o.traces_max_age);
  if (o.evals_max_age) p.evalsMaxAge = parse_duration(*o.evals_max_age);
  if (o.scores_max_age) p.scoresMaxAge = parse_duration(*o.scores_max_age);
  if (o.workflow_runs_max_age) p.workflowRunsMaxAge = parse_duration(*o.workflow_runs_max_age);
  if (o.messages_max_age) p.messagesMaxAge = parse_duration(*o.messages_max_age);
  if (o.keep_last_messages) p.keepLastMessages = *o.keep_last_messages;
  if (o.delete_empty_threads) p.deleteEmptyThreads = true;
  return p;
}

}  // namespace

int run_stats(const Connection& conn, bool json_flag) {
  const Redactor redact(conn);
  const bool json = json_flag || !is_terminal(stdout);
  try {
    auto store = open_store(conn, /*read_only=*/conn.url != ":memory:");
    const auto s = database_stats(*store);
    if (json) {
      std::cout << json_api::stringify(stats_json(s)) << "\n";
    } else {
      print_stats(s);
    }
    return 0;
  } catch (const Error& e) {
    return report_error(e, redact, json);
  }
}

int run_compact(const Connection& conn, bool json_flag) {
  const Redactor redact(conn);
  const bool json = json_flag || !is_terminal(stdout);
  try {
    auto store = open_store(conn);
    const auto s = compact(*store);
    if (json) {
      std::cout << json_api::stringify({{"bytesBefore", s.bytesBefore},
                                        {"bytesAfter", s.bytesAfter},
                                        {"freePagesBefore", s.freePagesBefore},
                                        {"freePagesAfter", s.freePagesAfter},
                                        {"walTruncated", s.walTruncated}})
                << "\n";
    } else {
      std::cout << "compacted: " << human_size(s.bytesBefore) << " -> " << human_size(s.bytesAfter)
                << " (" << s.freePagesBefore << " free pages given back)\n";
      if (!s.walTruncated) {
        std::cout << "the WAL could not be truncated: another connection is reading; run "
                     "compact again when it is idle\n";
      }
    }
    return 0;
  } catch (const Error& e) {
    return report_error(e, redact, json);
  }
}

int run_prune(const Connection& conn, const PruneCommand& o) {
  const Redactor redact(conn);
  const bool json = o.json || !is_terminal(stdout);
  try {
    PruneOptions options;
    options.policy = policy_of(o);
    options.dryRun = o.dry_run;
    options.batchSize = o.batch;
    options.pause = std::chrono::milliseconds(o.pause_ms);
    options.onProgress = [](const std::string& table, std::int64_t deleted) {
      if (is_terminal(stderr)) std::cerr << "\rpruning " << table << ": " << deleted << std::flush;
    };
    auto store = open_store(conn);
    const auto s = prune(*store, options);
    if (is_terminal(stderr) && !o.dry_run) std::cerr << "\r\x1b[K";
    if (json) {
      Json deleted = Json::object();
      for (const auto& [table, n] : s.deleted) deleted[table] = n;
      std::cout << json_api::stringify(
                       {{"dryRun", s.dryRun}, {"total", s.total}, {"deleted", std::move(deleted)}})
                << "\n";
    } else {
      std::vector<std::vector<std::string>> rows = {
          {"table", s.dryRun ? "would delete" : "deleted"}};
      for (const auto& [table, n] : s.deleted) rows.push_back({table, std::to_string(n)});
      rows.push_back({"total", std::to_string(s.total)});
      print_table(rows);
      if (s.deleted.empty()) std::cout << "the policy is empty: nothing to prune\n";
    }
    return 0;
  } catch (const Error& e) {
    return report_error(e, redact, json);
  }
}

int run_doctor(const Connection& conn, bool fix, bool json_flag) {
  const Redactor redact(conn);
  const bool json = json_flag || !is_terminal(stdout);
  try {
    // Read-only unless asked to repair.
    auto store = open_store(conn, /*read_only=*/!fix && conn.url != ":memory:");
    const auto r = doctor(*store, {.fix = fix});
    if (json) {
      Json findings = Json::array();
      for (const auto& f : r.findings) {
        findings.push_back({{"check", f.check},
                            {"problem", f.problem},
                            {"message", f.message},
                            {"items", f.items},
                            {"fixable", f.fixable},
                            {"fixed", f.fixed}});
      }
      Json quarantine = Json::array();
      for (const auto& q : r.quarantine) {
        quarantine.push_back(
            {{"table", q.table}, {"rowId", q.rowId}, {"column", q.column}, {"reason", q.reason}});
      }
      std::cout << json_api::stringify({{"clean", r.clean()},
                                        {"checks", r.checks},
                                        {"findings", std::move(findings)},
                                        {"quarantine", std::move(quarantine)},
                                        {"quarantinedRows", r.quarantinedRows}})
                << "\n";
    } else {
      for (const auto& check : r.checks) {
        bool bad = false;
        for (const auto& f : r.findings) bad = bad || (f.check == check && f.problem && !f.fixed);
        std::cout << (bad ? "PROBLEM " : "ok      ") << check << "\n";
      }
      for (const auto& f : r.findings) {
        std::cout << "\n"
                  << (f.fixed     ? "fixed: "
                      : f.problem ? "problem: "
                                  : "note: ")
                  << f.check << ": " << f.message
                  << (f.fixable && !f.fixed ? " [--fix repairs it]" : "") << "\n";
        for (const auto& item : f.items) std::cout << "    " << item << "\n";
      }
      if (!r.quarantine.empty()) {
        std::cout << "\nquarantine (" << r.quarantinedRows << " rows):\n";
        std::vector<std::vector<std::string>> rows = {{"table", "row", "column"}};
        for (const auto& q : r.quarantine) rows.push_back({q.table, q.rowId, q.column});
        print_table(rows);
      }
      std::cout << "\n" << (r.clean() ? "clean" : "NOT clean") << "\n";
    }
    return r.clean() ? 0 : 1;
  } catch (const Error& e) {
    return report_error(e, redact, json);
  }
}

}  // namespace libsqlstore::cli
