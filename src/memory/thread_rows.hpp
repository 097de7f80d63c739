// What the thread and resource methods share.
#pragma once

#include <string>

#include "libsqlstore/memory.hpp"

namespace libsqlstore::memory {

/// " ORDER BY <createdAt|updatedAt> <dir>, rowid <dir>" (ties in insertion order).
std::string thread_order(ThreadOrderBy by, SortDirection dir);

/// `{...old, ...patch}` for metadata objects (an old value that is not an object counts as {}).
Json merged_metadata(const Json& old, const Json& patch);

}  // namespace libsqlstore::memory
