// The embeddings Mastra Memory keeps beside the messages (LibSQLVector indexes named
// memory_messages / memory_messages_<dim>, metadata {message_id, thread_id, resource_id}), deleted
// with their messages when StoreOptions::deleteMessageVectors asks for it.
#pragma once

#include <string>
#include <vector>

#include "core/client.hpp"

namespace libsqlstore::memory {

/// In `tx`: deletes the rows of every Memory vector index of the database whose metadata `key`
/// ("thread_id" or "message_id") is one of `values`. On a local file, an index carrying libSQL's
/// DiskANN index is detached first (plain SQLite cannot delete from it otherwise).
void delete_recall_vectors(core::Transaction& tx, bool local, const char* key,
                           const std::vector<std::string>& values);

}  // namespace libsqlstore::memory
