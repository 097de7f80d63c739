// copy_data(): an export on one thread feeding an import on this one through a bounded pipe,
// then a count check on the target.
#include <exception>
#include <thread>

#include "libsqlstore/error.hpp"
#include "libsqlstore/transfer.hpp"

#include "core/guard.hpp"
#include "store/store_access.hpp"
#include "transfer/catalog.hpp"
#include "transfer/pipe.hpp"

namespace libsqlstore {
namespace {

/// Whether the export stopped because its output (the pipe) was closed.
bool failed_to_write(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    return e.id() == "LIBSQL_STORE_EXPORT_FAILED_WRITE";
  } catch (...) {
    return false;
  }
}

}  // namespace

ImportSummary copy_data(LibSQLStore& from, LibSQLStore& to, const CopyOptions& options) {
  return core::guarded("LIBSQL_STORE_COPY_FAILED", {}, [&] {
    if (&from == &to) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                 "copy_data() needs two stores: a store cannot copy into itself");
    }
    transfer::Pipe pipe;
    std::exception_ptr export_error;
    std::thread exporter([&] {
      try {
        transfer::PipeWriteBuffer buffer(pipe);
        std::ostream out(&buffer);
        export_data(from, out, options.from);
      } catch (...) {
        export_error = std::current_exception();
      }
      pipe.close_write();
    });
    ImportSummary summary;
    try {
      transfer::PipeReadBuffer buffer(pipe);
      std::istream in(&buffer);
      summary = import_data(to, in, options.to);
    } catch (...) {
      pipe.close_read();
      exporter.join();
      // An export that failed on its own explains an import that saw its output end early; an
      // export that failed only to write is the import's failure seen from the other side.
      if (export_error && !failed_to_write(export_error)) std::rethrow_exception(export_error);
      throw;
    }
    pipe.close_read();
    exporter.join();
    if (export_error) std::rethrow_exception(export_error);
    if (summary.dryRun) return summary;
    // The final check: the target holds at least what was copied, table by table.
    auto& db = detail::StoreAccess::context(to).db();
    for (const auto& t : summary.tables) {
      const auto rs = db.read(core::Statement("SELECT count(*) FROM " + transfer::quoted(t.table)));
      const auto held = core::first_int(rs);
      if (held < t.rows) {
        throw DataError("LIBSQL_STORE_COPY_FAILED_COUNT_MISMATCH", ErrorCategory::System,
                        "After the copy the target's " + t.table + " holds " +
                            std::to_string(held) + " rows, fewer than the " +
                            std::to_string(t.rows) + " copied",
                        {{"table", t.table}});
      }
    }
    return summary;
  });
}

}  // namespace libsqlstore
