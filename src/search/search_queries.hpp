// The reads behind search_messages() and search_threads(): the index's state, the COUNT of all
// hits and one page of them ranked by BM25, in one read (one snapshot, one round trip).
#pragma once

#include <string>
#include <vector>

#include "libsqlstore/search.hpp"

#include "core/value.hpp"

namespace libsqlstore::search {

/// [0] the build status row, [1] the COUNT of hits, [2] the page: the row's columns (by their
/// table's names), its `score` (-bm25: larger is better) and its `snippet`.
std::vector<core::Statement> message_search_statements(const MessageSearchQuery& q,
                                                       const std::string& match);
std::vector<core::Statement> thread_search_statements(const ThreadSearchQuery& q,
                                                      const std::string& match);

}  // namespace libsqlstore::search
