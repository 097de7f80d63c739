// A message as the reference's JSON objects hold it, with the content given separately (the JSON
// interface passes stored content through as a raw node; to_v2_json() passes the parsed value).
#pragma once

#include "libsqlstore/json.hpp"
#include "libsqlstore/memory.hpp"

namespace libsqlstore::memory {

/// {id, content, role, createdAt, threadId, resourceId, type?} with `content` as given.
Json v2_json(const Message& m, Json content);

}  // namespace libsqlstore::memory
