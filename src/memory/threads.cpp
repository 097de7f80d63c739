// Threads: the reference's memory-domain thread methods (docs/compatibility.md, "Threads").
#include <limits>
#include <string>

#include "core/guard.hpp"
#include "core/json_text.hpp"
#include "core/paging.hpp"
#include "core/row_codec.hpp"
#include "core/store_impl.hpp"
#include "memory/thread_rows.hpp"

namespace libsqlstore {

namespace memory {

Thread decode_thread(const core::Row& row) {
  Thread t;
  t.id = core::decode_required_text(row[0], {"mastra_threads", "id", ""});
  const core::CellRef at{"mastra_threads", "", t.id};
  auto cell = [&](const char* column) { return core::CellRef{at.table, column, t.id}; };
  t.resourceId = core::decode_required_text(row[1], cell("resourceId"));
  t.title = core::decode_text(row[2]).value_or("");
  t.metadata = core::decode_json(row[3], cell("metadata"));
  t.createdAt = core::decode_timestamp(row[4], cell("createdAt"));
  t.updatedAt = core::decode_timestamp(row[5], cell("updatedAt"));
  return t;
}

}  // namespace memory

namespace {

void require_non_empty(const std::string& value, const char* what) {
  if (value.empty()) {
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                               std::string(what) + " must be a non-empty string");
  }
}

std::string order_clause(ThreadOrderBy by, SortDirection dir) {
  const char* column = by == ThreadOrderBy::UpdatedAt ? "updatedAt" : "createdAt";
  const char* d = dir == SortDirection::Asc ? "ASC" : "DESC";
  // rowid breaks ties in insertion order, so equal timestamps list deterministically.
  return std::string(" ORDER BY ") + column + " " + d + ", rowid " + d;
}

}  // namespace

std::optional<Thread> LibSQLStore::get_thread_by_id(const std::string& threadId) {
  return core::guarded("LIBSQL_STORE_GET_THREAD_BY_ID_FAILED", {{"threadId", threadId}},
                       [&]() -> std::optional<Thread> {
                         impl_->ensure_ready();
                         const auto rs =
                             impl_->db->read({std::string("SELECT ") + memory::kThreadColumns +
                                                  " FROM mastra_threads WHERE id = ?",
                                              {threadId}});
                         if (rs.rows.empty()) return std::nullopt;
                         return memory::decode_thread(rs.rows.front());
                       });
}

std::vector<Thread> LibSQLStore::get_threads_by_resource_id(const ThreadsByResourceQuery& query) {
  return core::guarded(
      "LIBSQL_STORE_GET_THREADS_BY_RESOURCE_ID_FAILED", {{"resourceId", query.resourceId}}, [&] {
        impl_->ensure_ready();
        const auto rs = impl_->db->read({std::string("SELECT ") + memory::kThreadColumns +
                                             " FROM mastra_threads WHERE resourceId = ?" +
                                             order_clause(query.orderBy, query.sortDirection),
                                         {query.resourceId}});
        std::vector<Thread> out;
        out.reserve(rs.rows.size());
        for (const auto& row : rs.rows) out.push_back(memory::decode_thread(row));
        return out;
      });
}

ThreadPage LibSQLStore::get_threads_by_resource_id_paginated(
    const ThreadsByResourcePageQuery& query) {
  return core::guarded(
      "LIBSQL_STORE_GET_THREADS_BY_RESOURCE_ID_FAILED", {{"resourceId", query.resourceId}}, [&] {
        core::validate_paging(query.page, query.perPage);
        impl_->ensure_ready();
        const core::Statement stmts[] = {
            {"SELECT COUNT(*) FROM mastra_threads WHERE resourceId = ?", {query.resourceId}},
            {std::string("SELECT ") + memory::kThreadColumns +
                 " FROM mastra_threads WHERE resourceId = ?" +
                 order_clause(query.orderBy, query.sortDirection) + " LIMIT ? OFFSET ?",
             {query.resourceId, query.perPage, query.page * query.perPage}},
        };
        const auto rs = impl_->db->read(stmts);
        ThreadPage page;
        page.total = core::to_int(rs[0].rows.at(0).at(0)).value_or(0);
        page.page = query.page;
        page.perPage = query.perPage;
        page.threads.reserve(rs[1].rows.size());
        for (const auto& row : rs[1].rows) page.threads.push_back(memory::decode_thread(row));
        page.hasMore = core::has_more(query.page * query.perPage,
                                      static_cast<std::int64_t>(page.threads.size()), page.total,
                                      query.perPage);
        return page;
      });
}

Thread LibSQLStore::save_thread(const Thread& thread) {
  return core::guarded("LIBSQL_STORE_SAVE_THREAD_FAILED", {{"threadId", thread.id}}, [&] {
    require_non_empty(thread.id, "thread.id");
    require_non_empty(thread.resourceId, "thread.resourceId");
    impl_->ensure_ready();
    impl_->db->write(
        {"INSERT OR REPLACE INTO mastra_threads (id, resourceId, title, metadata, createdAt, "
         "updatedAt) VALUES (?, ?, ?, ?, ?, ?)",
         {thread.id, thread.resourceId, thread.title, core::encode_json(thread.metadata),
          core::encode_timestamp(thread.createdAt), core::encode_timestamp(thread.updatedAt)}});
    return thread;
  });
}

Thread LibSQLStore::update_thread(const ThreadUpdate& update) {
  return core::guarded("LIBSQL_STORE_UPDATE_THREAD_FAILED", {{"threadId", update.id}}, [&] {
    if (!update.metadata.is_null() && !update.metadata.is_object()) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                 "metadata must be a JSON object");
    }
    impl_->ensure_ready();
    Thread result;
    impl_->db->transaction([&](core::Transaction& tx) {
      const auto rs = tx.query(
          {std::string("SELECT ") + memory::kThreadColumns + " FROM mastra_threads WHERE id = ?",
           {update.id}});
      if (rs.rows.empty()) {
        throw NotFoundError("LIBSQL_STORE_UPDATE_THREAD_FAILED_THREAD_NOT_FOUND",
                            ErrorCategory::User, "Thread " + update.id + " not found",
                            {{"status", 404}, {"threadId", update.id}});
      }
      result = memory::decode_thread(rs.rows.front());
      Json merged = result.metadata.is_object() ? result.metadata : Json::object();
      if (update.metadata.is_object()) {
        for (const auto& [key, value] : update.metadata.items()) merged[key] = value;
      }
      result.title = update.title;
      result.metadata = std::move(merged);
      result.updatedAt = now();
      tx.execute({"UPDATE mastra_threads SET title = ?, metadata = ?, updatedAt = ? WHERE id = ?",
                  {result.title, core::encode_json(result.metadata),
                   core::encode_timestamp(result.updatedAt), update.id}});
    });
    return result;
  });
}

void LibSQLStore::delete_thread(const std::string& threadId) {
  core::guarded("LIBSQL_STORE_DELETE_THREAD_FAILED", {{"threadId", threadId}}, [&] {
    impl_->ensure_ready();
    const core::Statement stmts[] = {
        {"DELETE FROM mastra_messages WHERE thread_id = ?", {threadId}},
        {"DELETE FROM mastra_threads WHERE id = ?", {threadId}},
    };
    impl_->db->write(stmts);
  });
}

}  // namespace libsqlstore
