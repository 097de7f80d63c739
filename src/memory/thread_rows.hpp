// mastra_threads rows <-> Thread.
#pragma once

#include "libsqlstore/memory.hpp"

#include "core/value.hpp"

namespace libsqlstore::memory {

/// The columns every thread query selects, in the order decode_thread() expects.
inline constexpr const char* kThreadColumns =
    "id, resourceId, title, metadata, createdAt, updatedAt";

Thread decode_thread(const core::Row& row);

}  // namespace libsqlstore::memory
