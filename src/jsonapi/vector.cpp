// JSON interface: the vector store (LibSQLVector over the store's connection), as vector.*
// methods taking the reference's single argument object and answering what it resolves to.
#include "libsqlstore/vector.hpp"

#include <cfloat>
#include <cmath>

#include "core/json_text.hpp"
#include "jsonapi/domains.hpp"

namespace libsqlstore::json_api::detail {

namespace {

/// A number array as float32, as the reference's vector32(JSON text) stores it. A value beyond
/// float's range would be stored as Infinity: refused.
std::vector<float> as_vector(const Json& v, const Path& at) {
  const Json& items = as_array(v, at);
  std::vector<float> out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const double d = as_number(items[i], at.index(i));
    if (std::fabs(d) > static_cast<double>(FLT_MAX)) {
      at.index(i).fail("is outside float32's range (finite numbers up to 3.4e38)");
    }
    out.push_back(static_cast<float>(d));
  }
  return out;
}

/// A JSON number, or null for what JSON cannot hold (+Infinity scores, as JSON.stringify).
Json number_or_null(double d) { return std::isfinite(d) ? Json(d) : Json(nullptr); }

Json create_index(LibSQLStore& store, Obj& a) {
  CreateIndexParams p;
  p.indexName = a.str("indexName");
  p.dimension = a.integer("dimension");
  if (auto metric = a.opt_str("metric")) p.metric = *metric;
  a.finish();
  LibSQLVector(store).create_index(p);
  return nullptr;
}

Json upsert(LibSQLStore& store, Obj& a) {
  UpsertParams p;
  p.indexName = a.str("indexName");
  p.vectors = a.map_array("vectors", as_vector);
  if (a.has("metadata")) {
    p.metadata = a.map_array("metadata", [](const Json& v, const Path&) { return v; });
  }
  if (a.has("ids")) p.ids = as_string_array(a.array("ids"), a.field("ids"));
  a.finish();
  return LibSQLVector(store).upsert(p);
}

Json query(LibSQLStore& store, Obj& a) {
  QueryParams p;
  p.indexName = a.str("indexName");
  p.queryVector = as_vector(a.any("queryVector"), a.field("queryVector"));
  if (const Json* k = a.get("topK")) {
    const auto topK = core::exact_int64(*k);
    if (!topK) a.field("topK").fail("must be a positive integer, got " + describe(*k));
    p.topK = *topK;
  }
  p.filter = a.opt_any("filter");
  p.includeVector = a.opt_bool("includeVector").value_or(false);
  if (const Json* m = a.get("minScore")) p.minScore = as_number(*m, a.field("minScore"));
  a.finish();
  Json out = Json::array();
  for (auto& hit : LibSQLVector(store).query(p)) {
    Json h = {{"id", hit.id}, {"score", number_or_null(hit.score)}, {"metadata", hit.metadata}};
    if (hit.vector) {
      Json values = Json::array();
      for (double d : *hit.vector) values.push_back(number_or_null(d));
      h["vector"] = std::move(values);
    }
    out.push_back(std::move(h));
  }
  return out;
}

Json list_indexes(LibSQLStore& store, const Args& args) {
  args.at_most(0);
  return LibSQLVector(store).list_indexes();
}

Json describe_index(LibSQLStore& store, Obj& a) {
  const auto name = a.str("indexName");
  a.finish();
  const auto stats = LibSQLVector(store).describe_index(name);
  return {{"dimension", stats.dimension}, {"count", stats.count}, {"metric", stats.metric}};
}

Json delete_index(LibSQLStore& store, Obj& a) {
  const auto name = a.str("indexName");
  a.finish();
  LibSQLVector(store).delete_index(name);
  return nullptr;
}

Json update_vector(LibSQLStore& store, Obj& a) {
  UpdateVectorParams p;
  p.indexName = a.str("indexName");
  p.id = a.str("id");
  auto update = a.obj("update");
  if (const Json* v = update.get("vector")) p.vector = as_vector(*v, update.field("vector"));
  if (const Json* m = update.get("metadata")) p.metadata = *m;
  update.finish();
  a.finish();
  LibSQLVector(store).update_vector(p);
  return nullptr;
}

Json delete_vector(LibSQLStore& store, Obj& a) {
  const auto name = a.str("indexName");
  const auto id = a.str("id");
  a.finish();
  LibSQLVector(store).delete_vector(name, id);
  return nullptr;
}

Json truncate_index(LibSQLStore& store, Obj& a) {
  const auto name = a.str("indexName");
  a.finish();
  LibSQLVector(store).truncate_index(name);
  return nullptr;
}

}  // namespace

void add_vector(Registry& r) {
  r.add("vector.createIndex", &create_index, "({indexName, dimension, metric?})");
  r.add("vector.upsert", &upsert, "({indexName, vectors, metadata?, ids?})");
  r.add("vector.query", &query,
        "({indexName, queryVector, topK?, filter?, includeVector?, minScore?})");
  r.add("vector.listIndexes", &list_indexes, "()");
  r.add("vector.describeIndex", &describe_index, "({indexName})");
  r.add("vector.deleteIndex", &delete_index, "({indexName})");
  r.add("vector.updateVector", &update_vector, "({indexName, id, update: {vector?, metadata?}})");
  r.add("vector.deleteVector", &delete_vector, "({indexName, id})");
  r.add("vector.truncateIndex", &truncate_index, "({indexName})");
}

}  // namespace libsqlstore::json_api::detail
