// Validation shared by every paginated listing.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "libsqlstore/error.hpp"

#include "core/errors.hpp"

namespace libsqlstore::core {

/// Throws InvalidArgumentError unless page >= 0, perPage >= 0 and (page + 1) * perPage fits in
/// 64 bits (offsets and hasMore are computed from it; an overflow would silently wrap).
inline void validate_paging(std::int64_t page, std::int64_t perPage) {
  if (page < 0 || perPage < 0) {
    core::invalid_argument("page and perPage must be >= 0 (got page " + std::to_string(page) +
                           ", perPage " + std::to_string(perPage) + ")");
  }
  if (perPage > 0 && page >= std::numeric_limits<std::int64_t>::max() / perPage) {
    core::invalid_argument("page * perPage is too large");
  }
}

/// Whether rows exist after a page of `perPage` rows that starts at row `offset` and showed
/// `shown` rows, out of `total`: the reference's `offset + shown < total`, except that a page of
/// zero rows never has more (its "next page" is the same empty page: a loop paging on hasMore
/// would never end).
constexpr bool has_more(std::int64_t offset, std::int64_t shown, std::int64_t total,
                        std::int64_t perPage) noexcept {
  return perPage > 0 && offset + shown < total;
}

}  // namespace libsqlstore::core
