// JSON interface: threads and resources.
#include "jsonapi/domains.hpp"
#include "schema/tables.hpp"

namespace libsqlstore::json_api::detail {

namespace {

// ---- Threads -----------------------------------------------------------------------------------

/// getThreadById's shape: the row's column order.
Json thread_json(const Thread& t) { return schema::threads().to_json(t); }

/// The thread listings' shape: metadata last.
Json thread_list_json(const std::vector<Thread>& threads) {
  static const std::vector<std::string_view> kKeys = {"id",        "resourceId", "title",
                                                      "createdAt", "updatedAt",  "metadata"};
  return json_list(threads, [](const Thread& t) { return schema::threads().to_json(t, kKeys); });
}

ThreadOrderBy parse_order_by(const Json& v, const Path& at) {
  static constexpr std::string_view kNames[] = {"createdAt", "updatedAt"};
  static constexpr ThreadOrderBy kValues[] = {ThreadOrderBy::CreatedAt, ThreadOrderBy::UpdatedAt};
  return as_enum(v, at, kNames, kValues);
}

template <class Query>
void parse_thread_order(Obj& a, Query& q) {
  if (const Json* v = a.get("orderBy")) q.orderBy = parse_order_by(*v, a.field("orderBy"));
  if (const Json* v = a.get("sortDirection")) {
    q.sortDirection = parse_sort_direction(*v, a.field("sortDirection"));
  }
}

Json get_thread_by_id(LibSQLStore& store, Obj& a) {
  const auto id = a.str("threadId");
  a.finish();
  const auto t = store.get_thread_by_id(id);
  return t ? thread_json(*t) : Json(nullptr);
}

Json get_threads_by_resource_id(LibSQLStore& store, Obj& a) {
  ThreadsByResourceQuery q;
  q.resourceId = a.str("resourceId");
  parse_thread_order(a, q);
  a.finish();
  return thread_list_json(store.get_threads_by_resource_id(q));
}

Json get_threads_by_resource_id_paginated(LibSQLStore& store, Obj& a) {
  ThreadsByResourcePageQuery q;
  q.resourceId = a.str("resourceId");
  q.page = a.opt_int("page").value_or(0);
  q.perPage = a.opt_int("perPage").value_or(100);
  parse_thread_order(a, q);
  a.finish();
  const auto page = store.get_threads_by_resource_id_paginated(q);
  return page_answer("threads", thread_list_json(page.threads), page);
}

Json save_thread(LibSQLStore& store, Obj& a) {
  auto in = a.obj("thread");
  a.finish();
  Thread t;
  t.id = in.str("id");
  t.resourceId = in.str("resourceId");
  t.title = in.str("title");
  t.metadata = in.opt_object("metadata");
  t.createdAt = in.date("createdAt");
  t.updatedAt = in.date("updatedAt");
  in.finish();
  // The reference answers with the caller's object: same keys, same order.
  return in_input_order(in.json(), thread_json(store.save_thread(t)));
}

Json update_thread(LibSQLStore& store, Obj& a) {
  ThreadUpdate u;
  u.id = a.str("id");
  u.title = a.str("title");
  Json metadata = a.opt_object("metadata");
  u.metadata = metadata.is_null() ? Json::object() : std::move(metadata);
  a.finish();
  return thread_json(store.update_thread(u));
}

Json delete_thread(LibSQLStore& store, Obj& a) {
  const auto id = a.str("threadId");
  a.finish();
  store.delete_thread(id);
  return nullptr;
}

// ---- Resources ---------------------------------------------------------------------------------

Json resource_json(const Resource& r, bool omit_absent_working_memory = false) {
  Json out = schema::resources().to_json(r);
  if (omit_absent_working_memory && !r.workingMemory) out.erase("workingMemory");
  return out;
}

Json get_resource_by_id(LibSQLStore& store, Obj& a) {
  const auto id = a.str("resourceId");
  a.finish();
  const auto r = store.get_resource_by_id(id);
  return r ? resource_json(*r) : Json(nullptr);
}

Json save_resource(LibSQLStore& store, Obj& a) {
  auto in = a.obj("resource");
  a.finish();
  Resource r;
  r.id = in.str("id");
  r.workingMemory = in.opt_str("workingMemory");
  r.metadata = in.opt_object("metadata");
  r.createdAt = in.date("createdAt");
  r.updatedAt = in.date("updatedAt");
  in.finish();
  return in_input_order(in.json(), resource_json(store.save_resource(r)));
}

Json update_resource(LibSQLStore& store, Obj& a) {
  ResourceUpdate u;
  u.resourceId = a.str("resourceId");
  u.workingMemory = a.opt_str("workingMemory");
  Json metadata = a.opt_object("metadata");
  if (!metadata.is_null()) u.metadata = std::move(metadata);
  a.finish();
  // The reference omits workingMemory (undefined) when it creates the resource without one, and
  // answers null for an existing resource whose working memory is NULL.
  const bool existed = store.get_resource_by_id(u.resourceId).has_value();
  return resource_json(store.update_resource(u), /*omit_absent_working_memory=*/!existed);
}

}  // namespace

void add_threads(Registry& r) {
  r.add("getThreadById", &get_thread_by_id, "({threadId})");
  r.add("getThreadsByResourceId", &get_threads_by_resource_id,
        "({resourceId, orderBy?, sortDirection?})");
  r.add("getThreadsByResourceIdPaginated", &get_threads_by_resource_id_paginated,
        "({resourceId, page?, perPage?, orderBy?, sortDirection?})");
  r.add("saveThread", &save_thread,
        "({thread: {id, resourceId, title, metadata?, createdAt, updatedAt}})");
  r.add("updateThread", &update_thread, "({id, title, metadata?})");
  r.add("deleteThread", &delete_thread, "({threadId})");
}

void add_resources(Registry& r) {
  r.add("getResourceById", &get_resource_by_id, "({resourceId})");
  r.add("saveResource", &save_resource,
        "({resource: {id, workingMemory?, metadata?, createdAt, updatedAt}})");
  r.add("updateResource", &update_resource, "({resourceId, workingMemory?, metadata?})");
}

}  // namespace libsqlstore::json_api::detail
