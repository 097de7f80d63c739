// The reads behind search_messages() and search_threads(): the index's state, the COUNT of all
// hits and one page of them ranked by BM25, in one read (one snapshot, one round trip).
#pragma once

#include <string>
#include <vector>

#include "libsqlstore/search.hpp"

#include "core/value.hpp"

namespace libsqlstore::search {

/// [0] the build status row, [1] the COUNT of hits, [2] the page: the row's columns (by their
/// table's names), its `score` (-bm25: larger is better) and its `snippet`. The thread and resource
/// scopes are terms of the MATCH; roles and dates are checked on the matches' rows.
std::vector<core::Statement> message_search_statements(const MessageSearchQuery& q,
                                                       const std::string& match);
std::vector<core::Statement> thread_search_statements(const ThreadSearchQuery& q,
                                                      const std::string& match);

/// The messages with these ids that pass the query's scope, roles and dates (hybrid recall's
/// messages found by meaning only): the store's columns, by name.
core::Statement messages_by_id_statement(const std::vector<std::string>& ids,
                                         const MessageSearchQuery& q);

}  // namespace libsqlstore::search
