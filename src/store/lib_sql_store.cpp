// LibSQLStore: the facade. It owns one StoreContext and the domain objects over it, and forwards
// each of the reference's flat methods to its domain (the domains document them).
#include "libsqlstore/store.hpp"

#include "store/store_context.hpp"

namespace libsqlstore {

struct LibSQLStore::Impl {
  explicit Impl(StoreOptions options) : context(std::move(options)) {}

  detail::StoreContext context;
  OperationsStore operations{context};
  MemoryStore memory{context};
  WorkflowsStore workflows{context};
  ScoresStore scores{context};
  TracesStore traces{context, operations};
  EvalsStore legacy_evals{context};
  SearchStore search{context};
};

LibSQLStore::LibSQLStore(StoreOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
LibSQLStore::~LibSQLStore() = default;
LibSQLStore::LibSQLStore(LibSQLStore&&) noexcept = default;
LibSQLStore& LibSQLStore::operator=(LibSQLStore&&) noexcept = default;

void LibSQLStore::init() { impl_->context.init(); }
void LibSQLStore::init(const InitOptions& options) {
  impl_->context.init();
  if (options.search) impl_->search.enable(*options.search);
}
BackendKind LibSQLStore::backend() const noexcept {
  return impl_->context.options().syncUrl.empty() ? impl_->context.url().kind
                                                  : BackendKind::Replica;
}
const std::string& LibSQLStore::database_path() const noexcept { return impl_->context.url().path; }
const StoreOptions& LibSQLStore::options() const noexcept { return impl_->context.options(); }

BackendCapabilities LibSQLStore::capabilities() {
  const auto c = impl_->context.capabilities();
  return {.fullTextSearch = c.fts5, .vectorFunctions = c.vector_functions, .sync = c.sync};
}

// Not guarded: the replica's own error ids are the answer (docs/error-codes.md, "Replicas").
SyncResult LibSQLStore::sync() { return impl_->context.db().sync(); }

std::optional<ReplicaStatus> LibSQLStore::replica_status() {
  return impl_->context.db().replica_status();
}

detail::StoreContext& LibSQLStore::context() noexcept { return impl_->context; }

MemoryStore& LibSQLStore::memory() noexcept { return impl_->memory; }
WorkflowsStore& LibSQLStore::workflows() noexcept { return impl_->workflows; }
ScoresStore& LibSQLStore::scores() noexcept { return impl_->scores; }
TracesStore& LibSQLStore::traces() noexcept { return impl_->traces; }
EvalsStore& LibSQLStore::legacy_evals() noexcept { return impl_->legacy_evals; }
OperationsStore& LibSQLStore::operations() noexcept { return impl_->operations; }
SearchStore& LibSQLStore::search() noexcept { return impl_->search; }

MessageSearchPage LibSQLStore::search_messages(const MessageSearchQuery& query) {
  return search().messages(query);
}
ThreadSearchPage LibSQLStore::search_threads(const ThreadSearchQuery& query) {
  return search().threads(query);
}

// ---- Forwarding ---------------------------------------------------------------------------------

std::optional<Thread> LibSQLStore::get_thread_by_id(const std::string& threadId) {
  return memory().get_thread_by_id(threadId);
}
std::vector<Thread> LibSQLStore::get_threads_by_resource_id(const ThreadsByResourceQuery& query) {
  return memory().get_threads_by_resource_id(query);
}
ThreadPage LibSQLStore::get_threads_by_resource_id_paginated(
    const ThreadsByResourcePageQuery& query) {
  return memory().get_threads_by_resource_id_paginated(query);
}
Thread LibSQLStore::save_thread(const Thread& thread) { return memory().save_thread(thread); }
Thread LibSQLStore::update_thread(const ThreadUpdate& update) {
  return memory().update_thread(update);
}
void LibSQLStore::delete_thread(const std::string& threadId) { memory().delete_thread(threadId); }

std::vector<Message> LibSQLStore::save_messages(const std::vector<Message>& messages) {
  return memory().save_messages(messages);
}
std::vector<Message> LibSQLStore::get_messages(const MessagesQuery& query) {
  return memory().get_messages(query);
}
MessagePage LibSQLStore::get_messages_paginated(const MessagesPageQuery& query) {
  return memory().get_messages_paginated(query);
}
std::vector<Message> LibSQLStore::update_messages(const std::vector<MessageUpdate>& updates) {
  return memory().update_messages(updates);
}
void LibSQLStore::delete_messages(const std::vector<std::string>& messageIds) {
  memory().delete_messages(messageIds);
}

std::optional<Resource> LibSQLStore::get_resource_by_id(const std::string& resourceId) {
  return memory().get_resource_by_id(resourceId);
}
Resource LibSQLStore::save_resource(const Resource& resource) {
  return memory().save_resource(resource);
}
Resource LibSQLStore::update_resource(const ResourceUpdate& update) {
  return memory().update_resource(update);
}

void LibSQLStore::persist_workflow_snapshot(const WorkflowSnapshotWrite& write) {
  workflows().persist_workflow_snapshot(write);
}
std::optional<LazyJson> LibSQLStore::load_workflow_snapshot(const std::string& workflowName,
                                                            const std::string& runId) {
  return workflows().load_workflow_snapshot(workflowName, runId);
}
std::optional<WorkflowRun> LibSQLStore::get_workflow_run_by_id(
    const std::string& runId, const std::optional<std::string>& workflowName) {
  return workflows().get_workflow_run_by_id(runId, workflowName);
}
WorkflowRuns LibSQLStore::get_workflow_runs(const WorkflowRunsQuery& query) {
  return workflows().get_workflow_runs(query);
}

Score LibSQLStore::save_score(const ScoreInput& input) { return scores().save_score(input); }
std::optional<Score> LibSQLStore::get_score_by_id(const std::string& id) {
  return scores().get_score_by_id(id);
}
ScorePage LibSQLStore::get_scores_by_scorer_id(const ScoresByScorerQuery& query) {
  return scores().get_scores_by_scorer_id(query);
}
ScorePage LibSQLStore::get_scores_by_run_id(const ScoresByRunQuery& query) {
  return scores().get_scores_by_run_id(query);
}
ScorePage LibSQLStore::get_scores_by_entity_id(const ScoresByEntityQuery& query) {
  return scores().get_scores_by_entity_id(query);
}

void LibSQLStore::batch_trace_insert(const std::vector<Json>& records) {
  traces().batch_trace_insert(records);
}
std::vector<Trace> LibSQLStore::get_traces(const TracesQuery& query) {
  return traces().get_traces(query);
}
TracePage LibSQLStore::get_traces_paginated(const TracesQuery& query) {
  return traces().get_traces_paginated(query);
}

std::vector<EvalRow> LibSQLStore::get_evals_by_agent_name(const std::string& agentName,
                                                          std::optional<EvalType> type) {
  return legacy_evals().get_evals_by_agent_name(agentName, type);
}
EvalPage LibSQLStore::get_evals(const EvalsQuery& query) { return legacy_evals().get_evals(query); }

void LibSQLStore::create_table(const std::string& tableName, const TableSchema& schema) {
  operations().create_table(tableName, schema);
}
void LibSQLStore::alter_table(const std::string& tableName, const TableSchema& schema,
                              const std::vector<std::string>& ifNotExists) {
  operations().alter_table(tableName, schema, ifNotExists);
}
void LibSQLStore::clear_table(const std::string& tableName) { operations().clear_table(tableName); }
void LibSQLStore::drop_table(const std::string& tableName) { operations().drop_table(tableName); }
void LibSQLStore::insert(const std::string& tableName, const Json& record) {
  operations().insert(tableName, record);
}
void LibSQLStore::batch_insert(const std::string& tableName, const std::vector<Json>& records) {
  operations().batch_insert(tableName, records);
}
std::optional<Json> LibSQLStore::load(const std::string& tableName, const Json& keys) {
  return operations().load(tableName, keys);
}
bool LibSQLStore::has_column(const std::string& tableName, const std::string& column) {
  return operations().has_column(tableName, column);
}
StoreSupports LibSQLStore::supports() const noexcept { return {}; }

}  // namespace libsqlstore
