// Reciprocal rank fusion (Cormack, Clarke, Büttcher, SIGIR 2009): two rankings of the same kind
// of item become one, each item scored sum(1 / (k + rank)) over the lists it is in (rank 1 the
// best). Used by hybrid recall (docs/search.md, "Hybrid recall").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace libsqlstore::search {

struct Fused {
  std::string id;
  double score = 0;
  std::optional<std::int64_t> first_rank;   ///< 1-based rank in the first list
  std::optional<std::int64_t> second_rank;  ///< 1-based rank in the second list
};

/// The fused ranking of `first` and `second` (ids, best first; a repeated id keeps its best
/// rank and its repeats take no rank), best first; ties broken by the first list's rank, then the
/// second's, then the id.
std::vector<Fused> fuse_ranks(const std::vector<std::string>& first,
                              const std::vector<std::string>& second, double k);

}  // namespace libsqlstore::search
