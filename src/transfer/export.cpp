// export_data(): the header, then each table's rows in rowid order, a batch at a time, then the
// trailer with the counts and the SHA-256 of the row lines (docs/export-format.md).
#include <ostream>

#include "libsqlstore/error.hpp"
#include "libsqlstore/transfer.hpp"
#include "libsqlstore/version.hpp"

#include "core/json_text.hpp"
#include "store/store_access.hpp"
#include "transfer/catalog.hpp"
#include "transfer/checksum_thread.hpp"
#include "transfer/dump_format.hpp"

namespace libsqlstore {
namespace {

using transfer::TableEntry;

/// The URL without its query (which may carry an auth token).
std::string source_url(const StoreOptions& options) {
  const auto q = options.url.find('?');
  return q == std::string::npos ? options.url : options.url.substr(0, q);
}

/// Writes lines to the stream and counts and hashes the row lines.
class DumpWriter {
 public:
  explicit DumpWriter(std::ostream& out) : out_(out) {}

  void line(const std::string& text, bool row) {
    out_.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out_) {
      throw Error("LIBSQL_STORE_EXPORT_FAILED_WRITE", ErrorCategory::System,
                  "The export could not write its output (disk full, or the reader went away)");
    }
    bytes_ += static_cast<std::int64_t>(text.size());
    if (row) sha_.update(text);
  }
  std::int64_t bytes() const noexcept { return bytes_; }
  std::string digest() { return sha_.digest(); }

 private:
  std::ostream& out_;
  transfer::ChecksumThread sha_;
  std::int64_t bytes_ = 0;
};

void check_export_options(const ExportOptions& options) {
  if (options.batchSize <= 0) {
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                               "batchSize must be > 0, got " + std::to_string(options.batchSize));
  }
  for (const auto* id : {&options.threadId, &options.resourceId}) {
    if (*id && id->value().empty()) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                 "An export filter's id must not be empty");
    }
  }
}

/// The tables the options select, with their filters; InvalidArgumentError for a --tables name
/// the database does not have.
struct Selected {
  TableEntry table;
  std::string where;  ///< "" or "WHERE ..." (without the rowid bound)
  std::vector<core::Value> args;
};

std::vector<Selected> select_tables(std::vector<TableEntry> catalog, const ExportOptions& options) {
  for (const auto& wanted : options.tables) {
    const bool known = std::any_of(catalog.begin(), catalog.end(),
                                   [&](const TableEntry& t) { return t.name == wanted; });
    if (!known) {
      throw InvalidArgumentError(
          "LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
          "The database has no table " + wanted +
              " to export (the search index is derived data and is never exported)",
          {{"table", wanted}});
    }
  }
  std::vector<Selected> out;
  for (auto& t : catalog) {
    if (!options.tables.empty() &&
        std::find(options.tables.begin(), options.tables.end(), t.name) == options.tables.end()) {
      continue;
    }
    Selected s;
    const auto condition = transfer::filter_condition(t, options, s.args);
    if (!condition) continue;
    if (!condition->empty()) s.where = "(" + *condition + ")";
    s.table = std::move(t);
    out.push_back(std::move(s));
  }
  return out;
}

std::string column_list(const TableEntry& t) {
  std::string out;
  for (const auto& c : t.columns) {
    if (!out.empty()) out += ", ";
    out += transfer::quoted(c);
  }
  return out;
}

Json header_json(const LibSQLStore& store, const std::vector<Selected>& tables,
                 const ExportOptions& options, const SearchStatus& search) {
  Json h = Json::object();
  h["format"] = std::string(transfer::kFormatName);
  h["version"] = kDumpFormatVersion;
  h["createdAt"] = to_iso8601(now());
  h["libsqlstore"] = kVersion;
  h["source"] = Json{{"backend", to_string(store.backend())}, {"url", source_url(store.options())}};
  Json filter = Json::object();
  if (options.threadId) filter["threadId"] = *options.threadId;
  if (options.resourceId) filter["resourceId"] = *options.resourceId;
  if (options.since) filter["since"] = to_iso8601(*options.since);
  if (!options.tables.empty()) filter["tables"] = options.tables;
  h["filter"] = std::move(filter);
  h["search"] = search.enabled
                    ? Json{{"tokenizer",
                            search.tokenizer == SearchTokenizer::Trigram ? "trigram" : "unicode61"}}
                    : Json(nullptr);
  Json list = Json::array();
  for (const auto& s : tables) {
    list.push_back(Json{{"name", s.table.name},
                        {"kind", s.table.kind},
                        {"sql", s.table.sql},
                        {"columns", s.table.columns},
                        {"indexes", s.table.indexes},
                        {"rows", s.table.rows}});
  }
  h["tables"] = std::move(list);
  return h;
}

}  // namespace

ExportSummary export_data(LibSQLStore& store, std::ostream& out, const ExportOptions& options) {
  auto& ctx = detail::StoreAccess::context(store);
  return ctx.call("LIBSQL_STORE_EXPORT_FAILED", {}, [&] {
    check_export_options(options);
    auto& db = ctx.db();
    // Asked before the snapshot, which holds the connection: an index being built is rebuilt
    // by the import anyway.
    SearchStatus search;
    if (ctx.capabilities().fts5) search = store.search().status();
    ExportSummary summary;
    DumpWriter writer(out);
    summary.snapshot = db.snapshot([&](core::SnapshotReader& reader) {
      auto tables = select_tables(transfer::read_catalog(reader), options);
      for (auto& s : tables) {
        core::Statement count("SELECT count(*) FROM " + transfer::quoted(s.table.name) +
                                  (s.where.empty() ? "" : " WHERE " + s.where),
                              s.args);
        reader.scan(count, [&](const core::RowView& row) { s.table.rows = row.integer(0); });
      }
      writer.line(core::to_json_text(header_json(store, tables, options, search)) + "\n", false);

      std::string line;
      for (const auto& s : tables) {
        const auto& t = s.table;
        const std::string sql = "SELECT rowid, " + column_list(t) + " FROM " +
                                transfer::quoted(t.name) + " WHERE rowid > ?" +
                                (s.where.empty() ? "" : " AND " + s.where) +
                                " ORDER BY rowid LIMIT ?";
        std::string prefix = "{\"table\":";
        transfer::append_json_string(prefix, t.name);
        prefix += ",\"row\":[";
        std::int64_t done = 0;
        std::int64_t after = std::numeric_limits<std::int64_t>::min();
        for (;;) {
          core::Statement page(sql, {after});
          page.args.insert(page.args.end(), s.args.begin(), s.args.end());
          page.args.emplace_back(options.batchSize);
          std::int64_t seen = 0;
          reader.scan(page, [&](const core::RowView& row) {
            after = row.integer(0);
            line = prefix;
            for (std::size_t c = 1; c < row.size(); ++c) {
              if (c > 1) line.push_back(',');
              transfer::append_value(line, row, c);
            }
            line += "]}\n";
            writer.line(line, true);
            ++seen;
          });
          done += seen;
          if (options.onProgress) options.onProgress({t.name, done, t.rows});
          if (seen < options.batchSize) break;
        }
        summary.tables.push_back({t.name, done});
        summary.rows += done;
      }
    });
    summary.sha256 = writer.digest();
    Json trailer = Json::object();
    trailer["end"] = true;
    trailer["rows"] = summary.rows;
    Json counts = Json::object();
    for (const auto& c : summary.tables) counts[c.table] = c.rows;
    trailer["tables"] = std::move(counts);
    trailer["sha256"] = summary.sha256;
    writer.line(core::to_json_text(trailer) + "\n", false);
    out.flush();
    if (!out) {
      throw Error("LIBSQL_STORE_EXPORT_FAILED_WRITE", ErrorCategory::System,
                  "The export could not write its output (disk full, or the reader went away)");
    }
    summary.bytes = writer.bytes();
    return summary;
  });
}

}  // namespace libsqlstore
