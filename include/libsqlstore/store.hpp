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
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/error.hpp"
#include "libsqlstore/evals.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/memory.hpp"
#include "libsqlstore/operations.hpp"
#include "libsqlstore/options.hpp"
#include "libsqlstore/scores.hpp"
#include "libsqlstore/traces.hpp"
#include "libsqlstore/types.hpp"
#include "libsqlstore/workflows.hpp"

namespace libsqlstore {

/// What kind of database a store talks to.
enum class BackendKind { Memory, File, Remote };

class LibSQLStore {
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
  /// Moves the connection; a moved-from store may only be destroyed or assigned to.
  LibSQLStore(LibSQLStore&&) noexcept;
  LibSQLStore& operator=(LibSQLStore&&) noexcept;
  LibSQLStore(const LibSQLStore&) = delete;
  LibSQLStore& operator=(const LibSQLStore&) = delete;

  /// Creates the seven tables with the reference's exact DDL, adds `mastra_messages.resourceId` to
  /// databases created by old versions, and creates libsqlstore's extra indexes (docs/schema.md).
  /// Idempotent; on a current schema it costs one read.
  void init();

  BackendKind backend() const noexcept;
  /// Local file databases: the absolute path of the file. Empty for :memory: and remote stores.
  const std::string& database_path() const noexcept;
  /// The options the store was opened with (the auth token included: do not print them).
  const StoreOptions& options() const noexcept;

  // ---- Threads ------------------------------------------------------------------------------

  /// The thread, or nullopt. Error id LIBSQL_STORE_GET_THREAD_BY_ID_FAILED.
  std::optional<Thread> get_thread_by_id(const std::string& threadId);
  /// All threads of a resource, ordered as asked. Error id
  /// LIBSQL_STORE_GET_THREADS_BY_RESOURCE_ID_FAILED.
  std::vector<Thread> get_threads_by_resource_id(const ThreadsByResourceQuery& query);
  /// One page of a resource's threads. page >= 0 and perPage >= 0, else InvalidArgumentError.
  ThreadPage get_threads_by_resource_id_paginated(const ThreadsByResourcePageQuery& query);
  /// Inserts or replaces the whole thread row; returns the thread as given.
  /// Error id LIBSQL_STORE_SAVE_THREAD_FAILED.
  Thread save_thread(const Thread& thread);
  /// Sets the title, shallow-merges the metadata and sets `updatedAt` to now (the reference leaves
  /// it unchanged; docs/compatibility.md), in one transaction; returns the thread as stored.
  /// NotFoundError (LIBSQL_STORE_UPDATE_THREAD_FAILED_THREAD_NOT_FOUND) for an unknown id.
  Thread update_thread(const ThreadUpdate& update);
  /// Deletes the thread and all its messages in one transaction. An unknown id is not an error.
  void delete_thread(const std::string& threadId);

  // ---- Messages -----------------------------------------------------------------------------

  /// Upserts the messages (by id; an existing message keeps its createdAt) in one transaction
  /// and bumps `updatedAt` of every thread they belong to or move away from. Every message is
  /// checked before anything is written: it needs an id, a role other than "system", non-null
  /// content, a threadId and a resourceId (else InvalidArgumentError). A string content is stored
  /// raw, anything else as JSON; a missing createdAt means now. Returns the messages as a read
  /// returns them: V2, createdAt filled, one per id, oldest first.
  /// Error id LIBSQL_STORE_SAVE_MESSAGES_FAILED.
  std::vector<Message> save_messages(const std::vector<Message>& messages);
  /// The newest `last` messages of the thread (nullopt: 40; negative: none) plus each include's
  /// message and its neighbours in its own thread, without duplicates, oldest first, as V2.
  /// Equal createdAt are ordered by save order. Error id LIBSQL_STORE_GET_MESSAGES_FAILED.
  std::vector<Message> get_messages(const MessagesQuery& query);
  /// One page of the thread's messages (pages count from the newest; each page is returned
  /// oldest first) plus the included windows (not date-filtered), as V2. `total` counts the
  /// thread's messages in the date range; `hasMore` is the reference's
  /// `page * perPage + messages.size() < total`. Negative page or perPage: InvalidArgumentError.
  /// Error id LIBSQL_STORE_GET_MESSAGES_PAGINATED_FAILED.
  MessagePage get_messages_paginated(const MessagesPageQuery& query);
  /// Applies the changes in one transaction: content is merged into the stored content object
  /// (`metadata` objects are merged too), the other fields replace the stored ones. Unknown ids
  /// are ignored. Bumps `updatedAt` of the old and the new thread of every changed message.
  /// Returns the messages named by the updates as stored, ordered by id, like the reference: the
  /// content is parsed but NOT converted to V2. Error id LIBSQL_STORE_UPDATE_MESSAGES_FAILED.
  std::vector<Message> update_messages(const std::vector<MessageUpdate>& updates);
  /// Deletes the messages in one transaction and bumps their threads' `updatedAt`. Unknown ids
  /// are ignored; an empty id is an InvalidArgumentError. Error id
  /// LIBSQL_STORE_DELETE_MESSAGES_FAILED, details {"messageIds": "a, b"}.
  void delete_messages(const std::vector<std::string>& messageIds);

  // ---- Resources (working memory) -----------------------------------------------------------

  std::optional<Resource> get_resource_by_id(const std::string& resourceId);
  /// Inserts or replaces the resource; returns it as given.
  Resource save_resource(const Resource& resource);
  /// Updates working memory and shallow-merges metadata; creates the resource if missing.
  Resource update_resource(const ResourceUpdate& update);

  // ---- Workflows ----------------------------------------------------------------------------

  /// Inserts or replaces the run's snapshot. Keeps the run's createdAt (and resourceId unless a
  /// new one is given); sets updatedAt to now.
  void persist_workflow_snapshot(const WorkflowSnapshotWrite& write);
  /// The snapshot, or nullopt if the run is unknown.
  std::optional<Json> load_workflow_snapshot(const std::string& workflowName,
                                             const std::string& runId);
  /// The run with this id (of this workflow, if given), or nullopt.
  std::optional<WorkflowRun> get_workflow_run_by_id(
      const std::string& runId, const std::optional<std::string>& workflowName = std::nullopt);
  /// Runs matching the filters, newest first, with the true total.
  WorkflowRuns get_workflow_runs(const WorkflowRunsQuery& query = {});

  // ---- Scores -------------------------------------------------------------------------------

  /// Saves a new score with a generated id; returns it as stored.
  Score save_score(const ScoreInput& input);
  std::optional<Score> get_score_by_id(const std::string& id);
  ScorePage get_scores_by_scorer_id(const ScoresByScorerQuery& query);
  ScorePage get_scores_by_run_id(const ScoresByRunQuery& query);
  ScorePage get_scores_by_entity_id(const ScoresByEntityQuery& query);

  // ---- Traces -------------------------------------------------------------------------------

  /// Inserts span rows (JSON objects keyed by column) in one transaction: all or nothing.
  void batch_trace_insert(const std::vector<Json>& records);
  /// The traces of one page (deprecated in the reference; kept for parity).
  std::vector<Trace> get_traces(const TracesQuery& query);
  TracePage get_traces_paginated(const TracesQuery& query);

  // ---- Legacy evals -------------------------------------------------------------------------

  std::vector<EvalRow> get_evals_by_agent_name(const std::string& agentName,
                                               std::optional<EvalType> type = std::nullopt);
  EvalPage get_evals(const EvalsQuery& query = {});

  // ---- Generic table operations -------------------------------------------------------------

  /// CREATE TABLE IF NOT EXISTS with the reference's DDL for `schema`.
  void create_table(const std::string& tableName, const TableSchema& schema);
  /// Adds the columns named in `ifNotExists` that `schema` defines and the table lacks.
  void alter_table(const std::string& tableName, const TableSchema& schema,
                   const std::vector<std::string>& ifNotExists);
  /// Deletes every row; a missing table is already clear.
  void clear_table(const std::string& tableName);
  void drop_table(const std::string& tableName);
  /// Inserts or replaces one row given as a JSON object keyed by column.
  void insert(const std::string& tableName, const Json& record);
  /// Inserts or replaces all rows in one transaction: all or nothing.
  void batch_insert(const std::string& tableName, const std::vector<Json>& records);
  /// The newest row (by createdAt) whose key columns equal `keys`, as a JSON object; nullopt if
  /// none.
  std::optional<Json> load(const std::string& tableName, const Json& keys);
  bool has_column(const std::string& tableName, const std::string& column);
  StoreSupports supports() const noexcept;

  /// Internal: the implementation (backend, schema state, domains).
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace libsqlstore
