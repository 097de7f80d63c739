#include "search/rank_fusion.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace libsqlstore::search {

std::vector<Fused> fuse_ranks(const std::vector<std::string>& first,
                              const std::vector<std::string>& second, double k) {
  std::vector<Fused> out;
  std::unordered_map<std::string, std::size_t> at;
  auto add = [&](const std::vector<std::string>& list, bool is_first) {
    std::int64_t rank = 0;
    for (const auto& id : list) {
      auto [it, fresh] = at.emplace(id, out.size());
      if (fresh) out.push_back({id, 0, std::nullopt, std::nullopt});
      auto& item = out[it->second];
      auto& slot = is_first ? item.first_rank : item.second_rank;
      if (slot) continue;  // a repeated id keeps its best (first) rank and takes no other
      slot = ++rank;
      item.score += 1.0 / (k + static_cast<double>(rank));
    }
  };
  add(first, true);
  add(second, false);
  constexpr auto kNone = std::numeric_limits<std::int64_t>::max();
  std::sort(out.begin(), out.end(), [&](const Fused& a, const Fused& b) {
    if (a.score != b.score) return a.score > b.score;
    const auto a1 = a.first_rank.value_or(kNone), b1 = b.first_rank.value_or(kNone);
    if (a1 != b1) return a1 < b1;
    const auto a2 = a.second_rank.value_or(kNone), b2 = b.second_rank.value_or(kNone);
    if (a2 != b2) return a2 < b2;
    return a.id < b.id;
  });
  return out;
}

}  // namespace libsqlstore::search
