// libsqlstore: moving data between databases. export_data() writes a database (or the part of it a
// filter selects) as a versioned NDJSON dump, import_data() reads one back, copy_data() moves
// rows from one store to another without a file. The format is a contract:
// docs/export-format.md.
//
// Rows are byte-faithful: what is stored is what is exported (text stays the stored text, an
// INTEGER stays an INTEGER, a REAL a REAL, a BLOB its bytes), so export -> import into an empty
// database -> export gives the same rows and trailer. Search indexes are derived data: the dump
// records that search was enabled (and its tokenizer), not the index, and import rebuilds it.
//
// Memory is constant: rows stream through, whatever the size of the database or the dump.
//
// Thread-safety: each function uses the stores it is given like any of their methods. An export
// from a local database reads one snapshot in one read transaction on the store's connection:
// other calls on that store wait until it ends (export from a second LibSQLStore on the same
// file to keep serving), other connections and processes keep reading and writing.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/export.hpp"
#include "libsqlstore/store.hpp"
#include "libsqlstore/types.hpp"

namespace libsqlstore {

/// The dump format version export_data() writes and import_data() reads.
inline constexpr int kDumpFormatVersion = 1;

/// Progress of a transfer: `done` of `total` rows of `table` so far (`total` is the table's
/// count in the dump's header).
struct TransferProgress {
  std::string table;
  std::int64_t done = 0;
  std::int64_t total = 0;
};

/// Which rows an export takes. Every filter is optional; together they all apply. A filter
/// applies to the tables that have a column for it (docs/export-format.md lists them); a table
/// without one is left out of a filtered export.
struct ExportOptions {
  /// Only this thread: the thread, its messages, its resource (working memory), its scores and
  /// Mastra Memory's embeddings of its messages.
  std::optional<std::string> threadId;
  /// Only this resource: its threads, their messages, the resource, its workflow runs and scores,
  /// and the embeddings of its messages.
  std::optional<std::string> resourceId;
  /// Only rows created or updated at or after this time.
  std::optional<Timestamp> since;
  /// Only these tables (names as in the database). Default: every table of the store (the seven
  /// mastra_* tables, vector indexes, tables made with create_table()), never the search index.
  std::vector<std::string> tables;
  /// Rows read per round trip from a remote database, and per step of a local one. Default 500;
  /// must be > 0.
  std::int64_t batchSize = 500;
  /// Called after each batch of rows, while the export holds the store's connection: it must
  /// not call the store. May be empty.
  std::function<void(const TransferProgress&)> onProgress;
};

/// Rows of one table in a transfer.
struct TableCount {
  std::string table;
  std::int64_t rows = 0;
};

/// What export_data() wrote.
struct ExportSummary {
  std::vector<TableCount> tables;  ///< in the dump's order
  std::int64_t rows = 0;           ///< all tables
  std::int64_t bytes = 0;          ///< of the whole dump, header and trailer included
  std::string sha256;              ///< the trailer's checksum of the row lines
  /// True when every table was read in one snapshot (local databases); a remote export reads
  /// each batch consistently, not the whole.
  bool snapshot = false;
};

/// What import_data() does with a row whose key (primary key or unique constraint) already
/// exists in the target.
enum class OnConflict {
  Skip,     ///< keep the target's row (the default: importing a dump twice changes nothing)
  Replace,  ///< overwrite the target's row with the dump's
  Fail,     ///< fail the import (ConstraintError), writing nothing
};

/// Arguments of import_data() and copy_data().
struct ImportOptions {
  /// Default Skip.
  OnConflict onConflict = OnConflict::Skip;
  /// Read and check the whole dump, and count what would be written, then roll everything back.
  /// Holds the target's write lock while it runs. Default false.
  bool dryRun = false;
  /// 0 (the default): the whole import is one transaction, committed only after the trailer's
  /// counts and checksum match: all or nothing. N > 0: commit every N rows, so that a huge
  /// import holds the write lock only a moment at a time and an interrupted one is resumed by
  /// running it again (with OnConflict::Skip); check the dump first with verify_dump(), since a
  /// bad checksum found at the end cannot undo the batches committed before it.
  std::int64_t batchRows = 0;
  /// Called after every batch of rows. May be empty.
  std::function<void(const TransferProgress&)> onProgress;
};

/// What import_data() did (or, with dryRun, would do).
struct ImportSummary {
  /// Per table: rows in the dump.
  std::vector<TableCount> tables;
  /// Per table: rows the target gained (with OnConflict::Skip, the rest were already there).
  std::vector<TableCount> inserted;
  std::int64_t rows = 0;                   ///< rows in the dump
  std::int64_t insertedRows = 0;           ///< rows the target gained
  std::vector<std::string> createdTables;  ///< tables the import created
  bool searchEnabled = false;  ///< import enabled keyword search (the dump's source had it)
  bool dryRun = false;         ///< nothing was written
};

/// Writes the store's data as a dump to `out`. Throws InvalidArgumentError for bad options (an
/// unknown table), Error (LIBSQL_STORE_EXPORT_FAILED_WRITE) when `out` fails, and the store's
/// errors. Error id LIBSQL_STORE_EXPORT_FAILED.
LIBSQLSTORE_EXPORT ExportSummary export_data(LibSQLStore& store, std::ostream& out,
                                             const ExportOptions& options = {});

/// Reads a dump from `in` into the store: init() first (the seven tables), then the dump's other
/// tables and search setting where the target lacks them, then the rows. Throws DataError for
/// a dump that is malformed (LIBSQL_STORE_IMPORT_FAILED_INVALID_DUMP, naming the line),
/// truncated (..._TRUNCATED) or whose counts or checksum do not match (..._CHECKSUM_MISMATCH);
/// SchemaError when a target table lacks a column of the dump's (..._SCHEMA_MISMATCH);
/// ConstraintError for a conflict under OnConflict::Fail. Error id LIBSQL_STORE_IMPORT_FAILED.
LIBSQLSTORE_EXPORT ImportSummary import_data(LibSQLStore& store, std::istream& in,
                                             const ImportOptions& options = {});

/// Checks a dump without a database: its format, every line, the counts and the checksum.
/// Returns the rows per table; throws what import_data() throws for a bad dump. Error id
/// LIBSQL_STORE_VERIFY_DUMP_FAILED.
LIBSQLSTORE_EXPORT std::vector<TableCount> verify_dump(std::istream& in);

/// Arguments of copy_data().
struct CopyOptions {
  ExportOptions from;  ///< what to read (filters, batch size)
  ImportOptions to;    ///< how to write it
};

/// export_data(from) piped into import_data(to), in constant memory, without a file; then
/// checks that the target holds at least the copied number of rows per table. Error id
/// LIBSQL_STORE_COPY_FAILED (the failing side's error keeps its own id in details.cause).
LIBSQLSTORE_EXPORT ImportSummary copy_data(LibSQLStore& from, LibSQLStore& to,
                                           const CopyOptions& options = {});

}  // namespace libsqlstore
