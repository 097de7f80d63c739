// libsqlstore: keyword search over an agent's conversations (docs/search.md).
//
// Search is enabled per database (SearchStore::enable, `libsqlstore search --enable`, or
// InitOptions::search) and the choice is kept in the file. From then on an FTS5 index holds the
// text a person reads in every message (V2 text and reasoning parts, tool names, a V1 string or
// array's text) and every thread title. SQL triggers keep it equal to the data in the same
// transaction as each change, whoever writes: libsqlstore, the reference (Mastra's own
// LibSQLStore) or any SQLite client. Results are ranked by BM25.
//
// Thread-safety: as the store (safe to use from several threads).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/export.hpp"
#include "libsqlstore/memory.hpp"
#include "libsqlstore/types.hpp"

namespace libsqlstore {

/// How the index splits text into terms. Chosen when search is enabled; kept in the file.
enum class SearchTokenizer {
  /// Words (Unicode letters and digits), case and diacritics folded ("Zürich" matches
  /// "zurich"). The default.
  Unicode61,
  /// Every run of three characters: finds substrings ("light" in "flight") and text written
  /// without spaces between words (Chinese, Japanese, Thai). Case folded, diacritics kept;
  /// a term shorter than three characters matches nothing. A larger index.
  Trigram,
};

/// How a query's text is read.
enum class SearchMode {
  /// Every word must occur, the last one as a prefix ("flight num" finds "flight number").
  /// No text can make a syntax error. The default.
  Words,
  /// The words must occur together, in this order.
  Phrase,
  /// FTS5's query syntax as it is (AND, OR, NOT, NEAR, "phrases", prefix*, ^initial, column
  /// filters); a malformed query is an InvalidArgumentError giving the offset of the fault.
  Fts5,
};

/// Progress of an index build: `done` of `total` rows of `table` ("mastra_messages",
/// "mastra_threads").
struct SearchProgress {
  std::string table;
  std::int64_t done = 0;
  std::int64_t total = 0;
};

/// Arguments of SearchStore::enable().
struct SearchSetup {
  /// Default Unicode61. Enabling an enabled database with another tokenizer rebuilds its index.
  SearchTokenizer tokenizer = SearchTokenizer::Unicode61;
  /// Rows of existing data indexed per transaction while the index is built (each batch holds
  /// the write lock only for itself, so other writers wait a moment, not for the whole build).
  /// Default 2000; must be > 0.
  std::int64_t batchSize = 2000;
  /// Called after each batch. May be empty.
  std::function<void(const SearchProgress&)> onProgress;
};

/// What SearchStore::status() reports.
struct SearchStatus {
  bool enabled = false;  ///< the index exists in this database
  bool ready = false;    ///< and is complete (false while a build is under way or interrupted)
  SearchTokenizer tokenizer = SearchTokenizer::Unicode61;
  std::int64_t messages = 0;  ///< entries in the messages' index
  std::int64_t threads = 0;   ///< entries in the threads' index
};

/// How hits are highlighted: the matched terms are wrapped in `open`/`close`, and the snippet is
/// the best window of about `tokens` terms, `ellipsis` marking text left out.
struct SnippetOptions {
  std::string open = "<mark>";
  std::string close = "</mark>";
  std::string ellipsis = "…";
  /// 1 to 64. Default 16.
  int tokens = 16;
};

/// Semantic recall joined to a keyword search (hybrid recall): the messages nearest to
/// `queryVector` in a vector index that Mastra Memory fills (metadata `message_id`, `thread_id`,
/// `resource_id`; e.g. `memory_messages_1536`) are fused with the keyword hits by reciprocal
/// rank fusion: a message's score is the sum over the two lists of 1 / (rrfK + its rank there),
/// rank 1 the best. The caller embeds the query text with the same model as the messages.
struct SemanticRecall {
  /// REQUIRED: the vector index (LibSQLVector) on the store's database.
  std::string indexName;
  /// REQUIRED: the query's embedding, of the index's dimension.
  std::vector<float> queryVector;
  /// How many hits each list contributes before fusion; the fused list has at most twice as
  /// many. Default 50; must be > 0.
  std::int64_t candidates = 50;
  /// The RRF constant. Default 60 (Cormack et al.); must be >= 0.
  double rrfK = 60;
};

/// Arguments of search_messages(). Every set filter must hold (AND).
struct MessageSearchQuery {
  /// REQUIRED: at least one word.
  std::string query;
  SearchMode mode = SearchMode::Words;
  std::optional<std::string> resourceId;
  std::optional<std::string> threadId;
  /// Only messages with one of these roles; empty: any role.
  std::vector<std::string> roles;
  /// createdAt within [start, end] (either end optional).
  DateRange dateRange;
  std::int64_t page = 0;
  /// Default 20.
  std::int64_t perPage = 20;
  SnippetOptions snippet;
  /// Also recall by meaning and fuse the two rankings (hybrid recall). The scope (threadId,
  /// resourceId) filters the vector hits through their metadata; roles and dateRange through
  /// the messages they name. Paging then runs over the fused list.
  std::optional<SemanticRecall> semantic;
};

/// One message found: the message as a read returns it (V2), its thread, its relevance (BM25,
/// larger is better, only comparable within one query) and the highlighted snippet.
struct MessageHit {
  Message message;
  std::string threadId;
  /// Keyword search: -bm25. Hybrid recall: the fused RRF score.
  double score = 0;
  /// Empty for a hybrid hit that matched by meaning only.
  std::string snippet;
  /// Hybrid recall: the hit's BM25 score and its vector similarity, where it has them.
  std::optional<double> keywordScore;
  std::optional<double> vectorScore;
};

/// A page of hits, best first (ties: the most recently saved first). `total` counts every hit of
/// the query; `hasMore` is true when hits exist after this page.
template <class Hit>
struct SearchPage {
  std::vector<Hit> results;
  std::int64_t total = 0;
  std::int64_t page = 0;
  std::int64_t perPage = 0;
  bool hasMore = false;
};

using MessageSearchPage = SearchPage<MessageHit>;

/// Arguments of search_threads(): thread titles.
struct ThreadSearchQuery {
  std::string query;
  SearchMode mode = SearchMode::Words;
  std::optional<std::string> resourceId;
  std::int64_t page = 0;
  std::int64_t perPage = 20;
  SnippetOptions snippet;
};

/// One thread found: the thread as get_thread_by_id() returns it, its relevance (BM25) and its
/// highlighted title.
struct ThreadHit {
  Thread thread;
  double score = 0;
  std::string snippet;
};

using ThreadSearchPage = SearchPage<ThreadHit>;

/// What check() found comparing the index with the data it is built from.
struct SearchCheck {
  std::int64_t missing = 0;  ///< rows of the data with no index entry
  std::int64_t extra = 0;    ///< index entries with no row (or left by a replaced row)
  std::int64_t stale = 0;    ///< entries whose text is not the row's text now
  bool consistent() const noexcept { return missing == 0 && extra == 0 && stale == 0; }
};

/// Keyword search over the store's messages and thread titles. Obtained from
/// LibSQLStore::search(), valid as long as the store. Every method throws a libsqlstore::Error
/// whose id() is the method's (docs/error-codes.md); on a database where search is not enabled,
/// the searches and check() throw SchemaError, and on a backend without FTS5 (e.g. tursodb)
/// enable() throws UnsupportedError.
class LIBSQLSTORE_EXPORT SearchStore {
 public:
  /// Internal: a store hands out its own instance (LibSQLStore::search()).
  explicit SearchStore(detail::StoreContext& context) noexcept : context_(&context) {}

  /// Creates the index and its triggers (one transaction: from then on every write is indexed),
  /// then indexes the existing rows in batches of `setup.batchSize`, reporting progress, then
  /// merges the index into one segment per table in short steps (a batched build leaves many,
  /// which would make every later write slower). On an enabled database: finishes an
  /// interrupted build, or rebuilds with another tokenizer, else does nothing. Returns the status
  /// afterwards. Error id LIBSQL_STORE_ENABLE_SEARCH_FAILED.
  SearchStatus enable(const SearchSetup& setup = {});
  /// Drops the index, its triggers and its state in one transaction; the messages and threads
  /// are untouched. Nothing to do when search is not enabled. Error id
  /// LIBSQL_STORE_DISABLE_SEARCH_FAILED.
  void disable();
  /// Whether search is enabled and ready, and the index's size. Error id
  /// LIBSQL_STORE_SEARCH_STATUS_FAILED.
  SearchStatus status();

  /// Messages matching `query`, best first. With `query.semantic`, keyword and vector hits fused
  /// (hybrid recall). InvalidArgumentError for a query without words, a malformed fts5 query,
  /// negative paging, snippet.tokens outside 1..64, a semantic part without index or vector,
  /// or candidates <= 0; SchemaError when search is not enabled or its build is unfinished;
  /// the vector store's errors for the semantic part (no such index: NotFoundError; a vector
  /// of another dimension: InvalidArgumentError). Error id LIBSQL_STORE_SEARCH_MESSAGES_FAILED.
  MessageSearchPage messages(const MessageSearchQuery& query);
  /// Threads whose title matches, best first. As messages(). Error id
  /// LIBSQL_STORE_SEARCH_THREADS_FAILED.
  ThreadSearchPage threads(const ThreadSearchQuery& query);

  /// Compares the index with what a rebuild from the data would hold (one read; reads every row).
  /// Error id LIBSQL_STORE_CHECK_SEARCH_FAILED.
  SearchCheck check();
  /// Rebuilds the whole index from the data in one transaction, merged into one segment per
  /// table in the same transaction. Error id LIBSQL_STORE_REBUILD_SEARCH_FAILED.
  void rebuild();

 private:
  MessageSearchPage hybrid(const MessageSearchQuery& query);

  detail::StoreContext* context_;
};

}  // namespace libsqlstore
