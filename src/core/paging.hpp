// Validation shared by every paginated listing.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "libsqlstore/error.hpp"

namespace libsqlstore::core {

/// Throws InvalidArgumentError unless page >= 0, perPage >= 0 and (page + 1) * perPage fits in
/// 64 bits (offsets and hasMore are computed from it; an overflow would silently wrap).
inline void validate_paging(std::int64_t page, std::int64_t perPage) {
  if (page < 0 || perPage < 0) {
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                               "page and perPage must be >= 0 (got page " + std::to_string(page) +
                                   ", perPage " + std::to_string(perPage) + ")");
  }
  if (perPage > 0 && page >= std::numeric_limits<std::int64_t>::max() / perPage) {
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                               "page * perPage is too large");
  }
}

}  // namespace libsqlstore::core
