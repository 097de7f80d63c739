// libsqlstore: LibSQLStore, the storage of a Mastra agent application.
//
// Thread-safety: a LibSQLStore is safe for concurrent use by several threads without external
// synchronisation; calls on one store are serialised on its single connection. Several stores
// (in one process or many) may share one database file: writes take the write lock with
// BEGIN IMMEDIATE, and a busy database is retried with backoff (StoreOptions::maxRetries).
//
// Atomicity: every method that writes either applies all of its changes or none of them.
//
// Errors: every method throws a subclass of libsqlstore::Error (see error.hpp) whose id() is the
// reference's error id for that method; nothing is silently turned into an empty result.
//
// Layout: the facade (this file) over one object per domain (memory.hpp, workflows.hpp,
// scores.hpp, traces.hpp, evals.hpp, operations.hpp), as the reference's LibSQLStore.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/error.hpp"
#include "libsqlstore/evals.hpp"
#include "libsqlstore/export.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/memory.hpp"
#include "libsqlstore/operations.hpp"
#include "libsqlstore/options.hpp"
#include "libsqlstore/replica.hpp"
#include "libsqlstore/scores.hpp"
#include "libsqlstore/search.hpp"
#include "libsqlstore/traces.hpp"
#include "libsqlstore/types.hpp"
#include "libsqlstore/workflows.hpp"

namespace libsqlstore {

/// What the database behind a store can do beyond the storage itself; features that need more
/// (keyword search, vector functions, replication) ask before they use it.
struct BackendCapabilities {
  bool fullTextSearch = false;   ///< SQLite's FTS5 full-text index
  bool vectorFunctions = false;  ///< libSQL's vector functions (vector32, vector_distance_cos)
  bool sync = false;             ///< the Turso sync protocol (embedded replicas)
};

/// Arguments of LibSQLStore::init(const InitOptions&).
struct InitOptions {
  /// Also enable keyword search (SearchStore::enable) with this setup. Default: leave search as
  /// the database has it.
  std::optional<SearchSetup> search;
};

/// The store: one database, and the reference's domains on it. The facade keeps the
/// reference's flat method names (each forwards to its domain, documented there) and hands out
/// the domain objects, as the reference's `stores` does: memory(), workflows(), scores(),
/// traces(), legacy_evals(), operations().
class LIBSQLSTORE_EXPORT LibSQLStore {
 public:
  /// Opens the database named by `options.url`. Does not create tables: call init() (or set
  /// options.autoInit). Throws:
  ///  - InvalidArgumentError: a malformed or unsupported URL (LIBSQL_STORE_INVALID_URL), an auth
  ///    token holding a control character (LIBSQL_STORE_INVALID_AUTH_TOKEN), maxRetries < 0;
  ///  - ConnectionError (LIBSQL_STORE_CANNOT_OPEN): a local file cannot be opened or created; the
  ///    message says why (a directory WAL cannot write to: open it with readOnly);
  ///  - DataError (LIBSQL_STORE_CORRUPT_DATABASE): the file is not an SQLite database;
  ///  - BusyError: another process kept the new file locked through every retry.
  /// A remote store does not contact the server here (its first call does).
  explicit LibSQLStore(StoreOptions options);
  ~LibSQLStore();
  /// Moves the connection; a moved-from store may only be destroyed or assigned to. Domain
  /// objects obtained before stay valid (they belong to the connection, not to this object).
  LibSQLStore(LibSQLStore&&) noexcept;
  LibSQLStore& operator=(LibSQLStore&&) noexcept;
  LibSQLStore(const LibSQLStore&) = delete;
  LibSQLStore& operator=(const LibSQLStore&) = delete;

  /// Creates the seven tables with the reference's exact DDL, adds the nullable columns older
  /// tables lack (`mastra_messages.resourceId`, ...), and creates libsqlstore's extra indexes
  /// (docs/schema.md). Idempotent; on a current schema it costs one read. A read-only store only
  /// checks that the tables exist.
  void init();
  /// init(), then what `options` asks for (e.g. enabling search). Error id
  /// LIBSQL_STORE_INIT_FAILED, or the step's own (LIBSQL_STORE_ENABLE_SEARCH_FAILED).
  void init(const InitOptions& options);

  BackendKind backend() const noexcept;
  /// Local file databases: the absolute path of the file. Empty for :memory: and remote stores.
  const std::string& database_path() const noexcept;
  /// The options the store was opened with (the auth token included: do not print them).
  const StoreOptions& options() const noexcept;
  /// What the backend can do (a remote server is asked once, on the first call).
  BackendCapabilities capabilities();

  // ---- Embedded replicas (StoreOptions::syncUrl, docs/replica.md) ----------------------------

  /// Pulls the primary's changes into the replica now (bootstrapping it if it is new). Throws
  /// ConnectionError LIBSQL_STORE_REPLICA_PULL_FAILED when the primary cannot be reached (reads
  /// keep working on what the replica has), UnsupportedError LIBSQL_STORE_NOT_A_REPLICA when
  /// the store is not a replica.
  SyncResult sync();
  /// What the replica holds and how fresh it is; nullopt when the store is not a replica.
  std::optional<ReplicaStatus> replica_status();

  // ---- The domains ------------------------------------------------------------------------

  MemoryStore& memory() noexcept;
  WorkflowsStore& workflows() noexcept;
  ScoresStore& scores() noexcept;
  TracesStore& traces() noexcept;
  EvalsStore& legacy_evals() noexcept;
  OperationsStore& operations() noexcept;
  /// Keyword search over messages and thread titles (search.hpp).
  SearchStore& search() noexcept;

  // ---- Keyword search (libsqlstore's own; SearchStore documents them) -----------------------

  MessageSearchPage search_messages(const MessageSearchQuery& query);
  ThreadSearchPage search_threads(const ThreadSearchQuery& query);

  // ---- The reference's flat methods (see the domain classes) --------------------------------

  std::optional<Thread> get_thread_by_id(const std::string& threadId);
  std::vector<Thread> get_threads_by_resource_id(const ThreadsByResourceQuery& query);
  ThreadPage get_threads_by_resource_id_paginated(const ThreadsByResourcePageQuery& query);
  Thread save_thread(const Thread& thread);
  Thread update_thread(const ThreadUpdate& update);
  void delete_thread(const std::string& threadId);

  std::vector<Message> save_messages(const std::vector<Message>& messages);
  std::vector<Message> get_messages(const MessagesQuery& query);
  MessagePage get_messages_paginated(const MessagesPageQuery& query);
  std::vector<Message> update_messages(const std::vector<MessageUpdate>& updates);
  void delete_messages(const std::vector<std::string>& messageIds);

  std::optional<Resource> get_resource_by_id(const std::string& resourceId);
  Resource save_resource(const Resource& resource);
  Resource update_resource(const ResourceUpdate& update);

  void persist_workflow_snapshot(const WorkflowSnapshotWrite& write);
  std::optional<LazyJson> load_workflow_snapshot(const std::string& workflowName,
                                                 const std::string& runId);
  std::optional<WorkflowRun> get_workflow_run_by_id(
      const std::string& runId, const std::optional<std::string>& workflowName = std::nullopt);
  WorkflowRuns get_workflow_runs(const WorkflowRunsQuery& query = {});

  Score save_score(const ScoreInput& input);
  std::optional<Score> get_score_by_id(const std::string& id);
  ScorePage get_scores_by_scorer_id(const ScoresByScorerQuery& query);
  ScorePage get_scores_by_run_id(const ScoresByRunQuery& query);
  ScorePage get_scores_by_entity_id(const ScoresByEntityQuery& query);

  void batch_trace_insert(const std::vector<Json>& records);
  std::vector<Trace> get_traces(const TracesQuery& query);
  TracePage get_traces_paginated(const TracesQuery& query);

  std::vector<EvalRow> get_evals_by_agent_name(const std::string& agentName,
                                               std::optional<EvalType> type = std::nullopt);
  EvalPage get_evals(const EvalsQuery& query = {});

  void create_table(const std::string& tableName, const TableSchema& schema);
  void alter_table(const std::string& tableName, const TableSchema& schema,
                   const std::vector<std::string>& ifNotExists);
  void clear_table(const std::string& tableName);
  void drop_table(const std::string& tableName);
  void insert(const std::string& tableName, const Json& record);
  void batch_insert(const std::string& tableName, const std::vector<Json>& records);
  std::optional<Json> load(const std::string& tableName, const Json& keys);
  bool has_column(const std::string& tableName, const std::string& column);
  /// The reference's `supports` flags.
  StoreSupports supports() const noexcept;

 private:
  friend class LibSQLVector;          // shares the store's connection
  friend struct detail::StoreAccess;  // export_data() and friends (transfer.hpp)
  detail::StoreContext& context() noexcept;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace libsqlstore
