// Resources (working memory): the memory domain's resource methods (docs/compatibility.md,
// "Resources").
#include "core/errors.hpp"
#include "core/row_codec.hpp"
#include "memory/thread_rows.hpp"
#include "schema/tables.hpp"
#include "store/store_context.hpp"

namespace libsqlstore {

namespace {

const auto& resource_spec() { return schema::resources(); }

core::Statement select_resource(const std::string& id) {
  static const std::string sql = resource_spec().select_sql(" WHERE id = ?");
  return {sql, {id}};
}

core::Statement insert_resource(const Resource& r) {
  static const std::string sql = resource_spec().insert_sql("INSERT OR REPLACE");
  return {sql, resource_spec().values(r)};
}

}  // namespace

std::optional<Resource> MemoryStore::get_resource_by_id(const std::string& resourceId) {
  return context_->call("LIBSQL_STORE_GET_RESOURCE_BY_ID_FAILED", {{"resourceId", resourceId}},
                        [&] {
                          auto rs = context_->db().read(select_resource(resourceId));
                          return resource_spec().decode_first(rs);
                        });
}

Resource MemoryStore::save_resource(const Resource& resource) {
  return context_->call("LIBSQL_STORE_SAVE_RESOURCE_FAILED", {{"resourceId", resource.id}}, [&] {
    core::require_non_empty(resource.id, "resourceId");
    context_->db().write(insert_resource(resource));
    return resource;
  });
}

Resource MemoryStore::update_resource(const ResourceUpdate& update) {
  return context_->call(
      "LIBSQL_STORE_UPDATE_RESOURCE_FAILED", {{"resourceId", update.resourceId}}, [&] {
        core::require_non_empty(update.resourceId, "resourceId");
        if (update.metadata && !update.metadata->is_object() && !update.metadata->is_null()) {
          core::invalid_argument("metadata must be a JSON object");
        }
        static const Json kNone;
        const Json& patch = update.metadata ? *update.metadata : kNone;
        Resource result;
        context_->db().transaction([&](core::Transaction& tx) {
          auto rs = tx.query(select_resource(update.resourceId));
          const auto stamp = now();
          if (!resource_spec().decode_first_into(rs, result)) {
            // As the reference: a missing resource is created, metadata defaulting to {}.
            result = Resource{update.resourceId, update.workingMemory,
                              memory::merged_metadata(Json::object(), patch), stamp, stamp};
            tx.execute(insert_resource(result));
            return;
          }
          if (update.workingMemory) result.workingMemory = update.workingMemory;
          if (patch.is_object()) result.metadata = memory::merged_metadata(result.metadata, patch);
          result.updatedAt = stamp;
          tx.execute(
              {"UPDATE mastra_resources SET workingMemory = ?, metadata = ?, updatedAt = ? "
               "WHERE id = ?",
               {core::encode_optional_text(result.workingMemory),
                core::encode_json(result.metadata), core::encode_timestamp(stamp),
                update.resourceId}});
        });
        return result;
      });
}

}  // namespace libsqlstore
