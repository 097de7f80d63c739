// compact(): checkpoint, VACUUM, checkpoint(TRUNCATE). VACUUM is one atomic transaction of
// SQLite's: interrupted at any point, the database is the one it was before.
#include "libsqlstore/error.hpp"
#include "libsqlstore/maintenance.hpp"

#include "maintenance/file_bytes.hpp"
#include "store/store_access.hpp"

namespace libsqlstore {
namespace {

std::int64_t scalar(core::Db& db, const char* sql) {
  return core::first_int(db.read(core::Statement(sql)));
}

}  // namespace

CompactSummary compact(LibSQLStore& store) {
  auto& ctx = detail::StoreAccess::context(store);
  return ctx.call("LIBSQL_STORE_COMPACT_FAILED", {}, [&] {
    if (store.backend() == BackendKind::Remote) {
      throw UnsupportedError("LIBSQL_STORE_COMPACT_UNSUPPORTED", ErrorCategory::User,
                             "compact() works on local databases: a libSQL server manages its "
                             "own storage");
    }
    if (store.backend() == BackendKind::Replica) {
      throw UnsupportedError("LIBSQL_STORE_COMPACT_UNSUPPORTED", ErrorCategory::User,
                             "compact() works on local databases: a replica holds its primary's "
                             "pages as they are, and the primary manages its own storage");
    }
    if (store.options().groupCommit && store.backend() == BackendKind::File) {
      // Grouped writes run inside a shared transaction, where VACUUM cannot: a second
      // connection to the same file does it.
      StoreOptions options = store.options();
      options.groupCommit = false;
      options.autoInit = false;
      LibSQLStore side(std::move(options));
      return compact(side);
    }
    auto& db = ctx.db();
    const bool file = store.backend() == BackendKind::File;
    const auto& path = store.database_path();
    const auto bytes = [&] {
      if (file) {
        return maintenance::file_bytes(path).value_or(0) +
               maintenance::file_bytes(path + "-wal").value_or(0);
      }
      return scalar(db, "PRAGMA page_count") * scalar(db, "PRAGMA page_size");
    };
    CompactSummary s;
    s.bytesBefore = bytes();
    s.freePagesBefore = scalar(db, "PRAGMA freelist_count");
    const bool wal =
        file && core::to_text(db.read(core::Statement("PRAGMA journal_mode")).rows.at(0).at(0))
                        .value_or("") == "wal";
    if (wal) db.write(core::Statement("PRAGMA wal_checkpoint(TRUNCATE)"));
    db.write(core::Statement("VACUUM"));
    s.walTruncated = !wal;
    if (wal) {
      // VACUUM wrote the whole database through the WAL: move it into the file and cut the WAL.
      const auto rs = db.write(core::Statement("PRAGMA wal_checkpoint(TRUNCATE)"));
      s.walTruncated = !rs.rows.empty() && core::to_int(rs.rows.front().at(0)).value_or(1) == 0;
    }
    s.bytesAfter = bytes();
    s.freePagesAfter = scalar(db, "PRAGMA freelist_count");
    return s;
  });
}

}  // namespace libsqlstore
