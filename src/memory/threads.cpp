// Threads: the memory domain's thread methods (docs/compatibility.md, "Threads").
#include "core/errors.hpp"
#include "core/listing.hpp"
#include "core/paging.hpp"
#include "core/row_codec.hpp"
#include "memory/recall_vectors.hpp"
#include "memory/thread_rows.hpp"
#include "schema/tables.hpp"
#include "store/store_context.hpp"

namespace libsqlstore {

namespace memory {

std::string thread_order(ThreadOrderBy by, SortDirection dir) {
  const char* column = by == ThreadOrderBy::UpdatedAt ? "updatedAt" : "createdAt";
  const char* d = dir == SortDirection::Asc ? "ASC" : "DESC";
  // rowid breaks ties in insertion order, so equal timestamps list deterministically.
  return std::string(" ORDER BY ") + column + " " + d + ", rowid " + d;
}

Json merged_metadata(const Json& old, const Json& patch) {
  Json merged = old.is_object() ? old : Json::object();
  if (patch.is_object()) {
    for (const auto& [key, value] : patch.items()) merged[key] = value;
  }
  return merged;
}

}  // namespace memory

namespace {

const auto& thread_spec() { return schema::threads(); }

const std::string& select_by_id() {
  static const std::string sql = thread_spec().select_sql(" WHERE id = ?");
  return sql;
}

}  // namespace

std::optional<Thread> MemoryStore::get_thread_by_id(const std::string& threadId) {
  return context_->call("LIBSQL_STORE_GET_THREAD_BY_ID_FAILED", {{"threadId", threadId}}, [&] {
    auto rs = context_->db().read({select_by_id(), {threadId}});
    return thread_spec().decode_first(rs);
  });
}

std::vector<Thread> MemoryStore::get_threads_by_resource_id(const ThreadsByResourceQuery& query) {
  return context_->call(
      "LIBSQL_STORE_GET_THREADS_BY_RESOURCE_ID_FAILED", {{"resourceId", query.resourceId}}, [&] {
        auto rs = context_->db().read(
            {thread_spec().select_sql(" WHERE resourceId = ?" +
                                      memory::thread_order(query.orderBy, query.sortDirection)),
             {query.resourceId}});
        return thread_spec().decode_all(rs);
      });
}

ThreadPage MemoryStore::get_threads_by_resource_id_paginated(
    const ThreadsByResourcePageQuery& query) {
  return context_->call(
      "LIBSQL_STORE_GET_THREADS_BY_RESOURCE_ID_FAILED", {{"resourceId", query.resourceId}}, [&] {
        core::validate_paging(query.page, query.perPage);
        core::Listing listing(thread_spec().name(), thread_spec().select_list());
        listing.where("resourceId = ?", query.resourceId);
        listing.order_by(memory::thread_order(query.orderBy, query.sortDirection));
        auto page =
            core::read_page(context_->db(), listing, {.page = query.page, .perPage = query.perPage},
                            core::HasMore::RowsShown,
                            [](core::ResultSet& rs) { return thread_spec().decode_all(rs); });
        return ThreadPage{std::move(page.rows), page.total, query.page, query.perPage,
                          page.hasMore};
      });
}

Thread MemoryStore::save_thread(const Thread& thread) {
  return context_->call("LIBSQL_STORE_SAVE_THREAD_FAILED", {{"threadId", thread.id}}, [&] {
    core::require_non_empty(thread.id, "thread.id");
    core::require_non_empty(thread.resourceId, "thread.resourceId");
    static const std::string insert = thread_spec().insert_sql("INSERT OR REPLACE");
    context_->db().write({insert, thread_spec().values(thread)});
    return thread;
  });
}

Thread MemoryStore::update_thread(const ThreadUpdate& update) {
  return context_->call("LIBSQL_STORE_UPDATE_THREAD_FAILED", {{"threadId", update.id}}, [&] {
    if (!update.metadata.is_null() && !update.metadata.is_object()) {
      core::invalid_argument("metadata must be a JSON object");
    }
    Thread result;
    context_->db().transaction([&](core::Transaction& tx) {
      auto rs = tx.query({select_by_id(), {update.id}});
      if (!thread_spec().decode_first_into(rs, result)) {
        throw NotFoundError("LIBSQL_STORE_UPDATE_THREAD_FAILED_THREAD_NOT_FOUND",
                            ErrorCategory::User, "Thread " + update.id + " not found",
                            {{"status", 404}, {"threadId", update.id}});
      }
      result.title = update.title;
      result.metadata = memory::merged_metadata(result.metadata, update.metadata);
      result.updatedAt = now();
      tx.execute({"UPDATE mastra_threads SET title = ?, metadata = ?, updatedAt = ? WHERE id = ?",
                  {result.title, core::encode_json(result.metadata),
                   core::encode_timestamp(result.updatedAt), update.id}});
    });
    return result;
  });
}

void MemoryStore::delete_thread(const std::string& threadId) {
  context_->call("LIBSQL_STORE_DELETE_THREAD_FAILED", {{"threadId", threadId}}, [&] {
    const core::Statement stmts[] = {
        {"DELETE FROM mastra_messages WHERE thread_id = ?", {threadId}},
        {"DELETE FROM mastra_threads WHERE id = ?", {threadId}},
    };
    if (!context_->options().deleteMessageVectors) {
      context_->db().write(stmts);
      return;
    }
    const bool local = !context_->writes_remotely();
    context_->db().transaction([&](core::Transaction& tx) {
      memory::delete_recall_vectors(tx, local, "thread_id", {threadId});
      for (const auto& s : stmts) tx.execute(s);
    });
  });
}

}  // namespace libsqlstore
