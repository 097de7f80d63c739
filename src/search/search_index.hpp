// The life of a database's search index: reading its state, enabling (create, then build in
// batches), disabling, rebuilding and checking it against the data (docs/search.md, "Storage").
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "libsqlstore/search.hpp"

#include "core/db.hpp"
#include "schema/search_tables.hpp"

namespace libsqlstore::search {

/// What the database holds of search.
struct IndexState {
  bool enabled = false;   ///< the state table exists
  bool triggers = false;  ///< every trigger exists
  bool ready = false;     ///< status "ready"
  int version = 0;        ///< layout version
  schema::SearchTokenizerKind tokenizer = schema::SearchTokenizerKind::Unicode61;
  std::int64_t messages_cursor = 0;
  std::int64_t messages_upto = 0;
  std::int64_t threads_cursor = 0;
  std::int64_t threads_upto = 0;
};

/// sqlite_master's search objects, then (when the state table exists) the state rows.
IndexState read_index_state(core::Db& db);
IndexState read_index_state(core::Transaction& tx);

SearchStatus enable_search(core::Db& db, const SearchSetup& setup);
void disable_search(core::Db& db);
SearchStatus search_status(core::Db& db);
SearchCheck check_search(core::Db& db);
void rebuild_search(core::Db& db);

SearchTokenizer to_public(schema::SearchTokenizerKind kind) noexcept;
schema::SearchTokenizerKind to_schema(SearchTokenizer kind) noexcept;

}  // namespace libsqlstore::search
