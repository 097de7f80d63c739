// Reading a dump line by line: the header, each row decoded to SQL values, and the trailer,
// checked against what was read (counts, SHA-256 of the row lines). Every fault is a DataError
// naming the line: ..._INVALID_DUMP, ..._TRUNCATED, ..._CHECKSUM_MISMATCH, with the id prefix the
// caller gives (LIBSQL_STORE_IMPORT_FAILED, LIBSQL_STORE_VERIFY_DUMP_FAILED).
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/json.hpp"
#include "libsqlstore/transfer.hpp"

#include "transfer/catalog.hpp"
#include "transfer/checksum_thread.hpp"
#include "transfer/dump_format.hpp"

namespace libsqlstore::transfer {

/// What the header says.
struct DumpHeader {
  int version = 0;
  std::vector<TableEntry> tables;
  std::optional<SearchTokenizer> search;  ///< the source had keyword search with this tokenizer
};

/// One row line: the index of its table in the header and its values in the header's columns.
struct DumpRow {
  std::size_t table = 0;
  std::vector<DumpValue> values;
};

/// Thread-safety: none; one reader per stream.
class DumpReader {
 public:
  /// Reads and checks the header. `id_prefix` starts every error id (e.g.
  /// "LIBSQL_STORE_IMPORT_FAILED").
  DumpReader(std::istream& in, std::string id_prefix);

  const DumpHeader& header() const noexcept { return header_; }

  /// The next row, or nullopt once the trailer has been read and checked (counts and
  /// checksum match, nothing but blank lines after it).
  std::optional<DumpRow> next();

  /// Rows read so far, per header table.
  const std::vector<std::int64_t>& counts() const noexcept { return counts_; }
  std::int64_t rows() const noexcept { return rows_; }
  std::int64_t line_number() const noexcept { return line_no_; }

 private:
  [[noreturn]] void fail(const char* suffix, const std::string& message) const;
  void check_trailer(const Json& trailer);

  std::istream& in_;
  std::string id_prefix_;
  DumpHeader header_;
  std::string line_;
  std::int64_t line_no_ = 0;
  std::vector<std::int64_t> counts_;
  std::int64_t rows_ = 0;
  ChecksumThread sha_;
  bool done_ = false;
};

}  // namespace libsqlstore::transfer
