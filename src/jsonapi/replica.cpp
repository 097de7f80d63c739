// JSON interface: an embedded replica's sync() and replica_status() (docs/replica.md).
#include "jsonapi/domains.hpp"

namespace libsqlstore::json_api::detail {

namespace {

Json sync(LibSQLStore& store, const Args& args) {
  args.at_most(0);
  const auto r = store.sync();
  return {{"changed", r.changed},
          {"bootstrapped", r.bootstrapped},
          {"pages", r.pages},
          {"revision", r.revision}};
}

/// null when the store is not a replica.
Json replica_status(LibSQLStore& store, const Args& args) {
  args.at_most(0);
  const auto s = store.replica_status();
  if (!s) return nullptr;
  return {{"syncUrl", s->syncUrl},
          {"revision", s->revision},
          {"pages", s->pages},
          {"lastSync", s->lastSync ? Json(to_iso8601(*s->lastSync)) : Json(nullptr)},
          {"lastError", s->lastError ? Json(*s->lastError) : Json(nullptr)},
          {"pullPending", s->pullPending}};
}

}  // namespace

void add_replica(Registry& r) {
  r.add("sync", &sync, "()");
  r.add("replicaStatus", &replica_status, "()");
}

}  // namespace libsqlstore::json_api::detail
