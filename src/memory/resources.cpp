// Resources (working memory): the reference's memory-domain resource methods
// (docs/compatibility.md, "Resources").
#include "core/guard.hpp"
#include "core/row_codec.hpp"
#include "core/store_impl.hpp"

namespace libsqlstore {

namespace {

constexpr const char* kSelectResource =
    "SELECT id, workingMemory, metadata, createdAt, updatedAt FROM mastra_resources WHERE id = ?";

Resource decode_resource(const core::Row& row) {
  Resource r;
  r.id = core::decode_required_text(row[0], {"mastra_resources", "id", ""});
  auto cell = [&](const char* column) { return core::CellRef{"mastra_resources", column, r.id}; };
  r.workingMemory = core::decode_text(row[1]);
  r.metadata = core::decode_json(row[2], cell("metadata"));
  r.createdAt = core::decode_timestamp(row[3], cell("createdAt"));
  r.updatedAt = core::decode_timestamp(row[4], cell("updatedAt"));
  return r;
}

core::Statement insert_resource(const Resource& r) {
  return {
      "INSERT OR REPLACE INTO mastra_resources (id, workingMemory, metadata, createdAt, "
      "updatedAt) VALUES (?, ?, ?, ?, ?)",
      {r.id, core::encode_optional_text(r.workingMemory), core::encode_json(r.metadata),
       core::encode_timestamp(r.createdAt), core::encode_timestamp(r.updatedAt)}};
}

void require_id(const std::string& id) {
  if (id.empty()) {
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                               "resourceId must be a non-empty string");
  }
}

}  // namespace

std::optional<Resource> LibSQLStore::get_resource_by_id(const std::string& resourceId) {
  return core::guarded("LIBSQL_STORE_GET_RESOURCE_BY_ID_FAILED", {{"resourceId", resourceId}},
                       [&]() -> std::optional<Resource> {
                         impl_->ensure_ready();
                         const auto rs = impl_->db->read({kSelectResource, {resourceId}});
                         if (rs.rows.empty()) return std::nullopt;
                         return decode_resource(rs.rows.front());
                       });
}

Resource LibSQLStore::save_resource(const Resource& resource) {
  return core::guarded("LIBSQL_STORE_SAVE_RESOURCE_FAILED", {{"resourceId", resource.id}}, [&] {
    require_id(resource.id);
    impl_->ensure_ready();
    impl_->db->write(insert_resource(resource));
    return resource;
  });
}

Resource LibSQLStore::update_resource(const ResourceUpdate& update) {
  return core::guarded(
      "LIBSQL_STORE_UPDATE_RESOURCE_FAILED", {{"resourceId", update.resourceId}}, [&] {
        require_id(update.resourceId);
        if (update.metadata && !update.metadata->is_object() && !update.metadata->is_null()) {
          throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                                     "metadata must be a JSON object");
        }
        impl_->ensure_ready();
        Resource result;
        impl_->db->transaction([&](core::Transaction& tx) {
          const auto rs = tx.query({kSelectResource, {update.resourceId}});
          const auto stamp = now();
          if (rs.rows.empty()) {
            // As the reference: a missing resource is created, metadata defaulting to {}.
            result = Resource{
                update.resourceId, update.workingMemory,
                update.metadata && update.metadata->is_object() ? *update.metadata : Json::object(),
                stamp, stamp};
            tx.execute(insert_resource(result));
            return;
          }
          result = decode_resource(rs.rows.front());
          if (update.workingMemory) result.workingMemory = update.workingMemory;
          if (update.metadata && update.metadata->is_object()) {
            Json merged = result.metadata.is_object() ? result.metadata : Json::object();
            for (const auto& [key, value] : update.metadata->items()) merged[key] = value;
            result.metadata = std::move(merged);
          }
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
