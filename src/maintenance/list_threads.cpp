// list_threads(): the threads listing with message counts (counted through the
// (thread_id, createdAt) index), paged like the reference's listings.
#include "libsqlstore/error.hpp"
#include "libsqlstore/maintenance.hpp"

#include "core/listing.hpp"
#include "core/paging.hpp"
#include "schema/row_spec.hpp"
#include "schema/tables.hpp"
#include "store/store_access.hpp"

namespace libsqlstore {

ThreadSummaryPage list_threads(LibSQLStore& store, const ThreadListQuery& query) {
  auto& ctx = detail::StoreAccess::context(store);
  return ctx.call("LIBSQL_STORE_LIST_THREADS_FAILED", {}, [&] {
    if (query.page < 0 || query.perPage <= 0) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                 "page must be >= 0 and perPage > 0");
    }
    if (query.resourceId && query.resourceId->empty()) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                 "resourceId must not be empty");
    }
    const auto& spec = schema::threads();
    core::Listing listing(spec.name(),
                          spec.select_list() +
                              ", (SELECT count(*) FROM mastra_messages m WHERE m.thread_id = "
                              "mastra_threads.id) AS libsqlstore_messages");
    if (query.resourceId) listing.where("resourceId = ?", *query.resourceId);
    listing.order_by(" ORDER BY updatedAt DESC, id");
    auto page = core::read_page(
        ctx.db(), listing, {.page = query.page, .perPage = query.perPage}, core::HasMore::RowsShown,
        [&](core::ResultSet& rs) {
          const int at = schema::ColumnMap::find(rs.columns, "libsqlstore_messages");
          std::vector<std::int64_t> counts;
          for (const auto& row : rs.rows) {
            counts.push_back(at < 0 ? 0
                                    : core::to_int(row[static_cast<std::size_t>(at)]).value_or(0));
          }
          auto threads = spec.decode_all(rs);
          std::vector<ThreadSummary> out;
          for (std::size_t i = 0; i < threads.size(); ++i) {
            out.push_back({std::move(threads[i]), counts[i]});
          }
          return out;
        });
    return ThreadSummaryPage{std::move(page.rows), page.total, query.page, query.perPage,
                             page.hasMore};
  });
}

}  // namespace libsqlstore
