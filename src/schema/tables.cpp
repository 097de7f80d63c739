// THE ON-DISK FORMAT IS A CONTRACT: see tables.hpp.
#include "schema/tables.hpp"

namespace libsqlstore::schema {

namespace {

using T = ColumnType;
using C = Codec;

// The codec a column's SQL type implies; where the readers expect more (JSON in a TEXT column,
// message content, snapshots), the table below names it.
Codec codec_of(ColumnType type) {
  switch (type) {
    case T::Timestamp:
      return C::Timestamp;
    case T::Jsonb:
      return C::Json;
    case T::Integer:
    case T::Bigint:
      return C::Integer;
    case T::Float:
      return C::Real;
    case T::Text:
    case T::Uuid:
      break;
  }
  return C::Text;
}

Column col(std::string name, ColumnType type, bool nullable = false, bool pk = false) {
  return Column{std::move(name), type, nullable, pk, codec_of(type)};
}

Column col(std::string name, ColumnType type, bool nullable, Codec codec) {
  return Column{std::move(name), type, nullable, false, codec};
}

std::vector<Table> build_core_tables() {
  return {
      {std::string(kWorkflowSnapshot),
       {col("workflow_name", T::Text), col("run_id", T::Text), col("resourceId", T::Text, true),
        col("snapshot", T::Text, false, C::Snapshot), col("createdAt", T::Timestamp),
        col("updatedAt", T::Timestamp)}},
      {std::string(kEvals),
       {col("input", T::Text), col("output", T::Text),
        col("result", T::Jsonb, false, C::MetricResult), col("agent_name", T::Text),
        col("metric_name", T::Text), col("instructions", T::Text), col("test_info", T::Jsonb, true),
        col("global_run_id", T::Text), col("run_id", T::Text), col("created_at", T::Timestamp),
        col("createdAt", T::Timestamp, true)}},
      {std::string(kThreads),
       {col("id", T::Text, false, true), col("resourceId", T::Text), col("title", T::Text),
        col("metadata", T::Text, true, C::Json), col("createdAt", T::Timestamp),
        col("updatedAt", T::Timestamp)}},
      {std::string(kMessages),
       {col("id", T::Text, false, true), col("thread_id", T::Text),
        col("content", T::Text, false, C::Content), col("role", T::Text), col("type", T::Text),
        col("createdAt", T::Timestamp), col("resourceId", T::Text, true)}},
      {std::string(kTraces),
       {col("id", T::Text, false, true), col("parentSpanId", T::Text, true), col("name", T::Text),
        col("traceId", T::Text), col("scope", T::Text), col("kind", T::Integer),
        col("attributes", T::Jsonb, true, C::JsonStructure),
        col("status", T::Jsonb, true, C::JsonStructure),
        col("events", T::Jsonb, true, C::JsonStructure),
        col("links", T::Jsonb, true, C::JsonStructure),
        col("other", T::Text, true, C::JsonStructure), col("startTime", T::Bigint),
        col("endTime", T::Bigint), col("createdAt", T::Timestamp)}},
      {std::string(kScorers),
       {col("id", T::Text, false, true),
        col("scorerId", T::Text),
        col("traceId", T::Text, true),
        col("runId", T::Text),
        col("scorer", T::Jsonb),
        col("preprocessStepResult", T::Jsonb, true),
        col("extractStepResult", T::Jsonb, true),
        col("analyzeStepResult", T::Jsonb, true),
        col("score", T::Float),
        col("reason", T::Text, true),
        col("metadata", T::Jsonb, true),
        col("preprocessPrompt", T::Text, true),
        col("extractPrompt", T::Text, true),
        col("generateScorePrompt", T::Text, true),
        col("generateReasonPrompt", T::Text, true),
        col("analyzePrompt", T::Text, true),
        col("reasonPrompt", T::Text, true),
        col("input", T::Jsonb),
        col("output", T::Jsonb),
        col("additionalContext", T::Jsonb, true),
        col("runtimeContext", T::Jsonb, true),
        col("entityType", T::Text, true),
        col("entity", T::Jsonb, true),
        col("entityId", T::Text, true),
        col("source", T::Text),
        col("resourceId", T::Text, true),
        col("threadId", T::Text, true),
        col("createdAt", T::Timestamp),
        col("updatedAt", T::Timestamp)}},
      {std::string(kResources),
       {col("id", T::Text, false, true), col("workingMemory", T::Text, true),
        col("metadata", T::Jsonb, true), col("createdAt", T::Timestamp),
        col("updatedAt", T::Timestamp)}},
  };
}

std::string column_sql(const Column& c) {
  std::string out = c.name;
  out += ' ';
  out += create_type_name(c.type);
  if (!c.nullable) out += " NOT NULL";
  if (c.primaryKey) out += " PRIMARY KEY";
  return out;
}

// The body after the table name, exactly as the reference renders it.
std::string table_body(const Table& table) {
  std::string out;
  if (table.name == kWorkflowSnapshot) {
    // The reference's template for this one table (20 spaces of indentation, ",\n" joins).
    out = " (\n                    ";
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      if (i) out += ",\n";
      out += column_sql(table.columns[i]);
    }
    out += ",\n                    PRIMARY KEY (workflow_name, run_id)\n                )";
    return out;
  }
  out = " (";
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (i) out += ", ";
    out += column_sql(table.columns[i]);
  }
  out += ')';
  return out;
}

}  // namespace

const std::vector<Table>& core_tables() {
  static const std::vector<Table> tables = build_core_tables();
  return tables;
}

const Table* find_table(std::string_view name) {
  for (const auto& t : core_tables()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::string_view create_type_name(ColumnType type) {
  switch (type) {
    case T::Text:
    case T::Timestamp:
      return "TEXT";
    case T::Uuid:
      return "UUID";
    case T::Jsonb:
      return "JSONB";
    case T::Integer:
      return "INTEGER";
    case T::Bigint:
      return "BIGINT";
    case T::Float:
      return "FLOAT";
  }
  return "TEXT";
}

std::string create_table_sql(const Table& table) {
  return "CREATE TABLE IF NOT EXISTS " + table.name + table_body(table);
}

std::string stored_create_sql(const Table& table) {
  return "CREATE TABLE " + table.name + table_body(table);
}

const std::vector<ExtraIndex>& extra_indexes() {
  static const std::vector<ExtraIndex> indexes = {
      // get_messages / get_messages_paginated: a thread's messages in time order (the reference
      // scans the whole table for every read).
      {"libsqlstore_messages_thread_created", std::string(kMessages),
       "CREATE INDEX IF NOT EXISTS libsqlstore_messages_thread_created ON mastra_messages "
       "(thread_id, createdAt)"},
      // get_threads_by_resource_id(_paginated): a resource's threads in time order.
      {"libsqlstore_threads_resource_created", std::string(kThreads),
       "CREATE INDEX IF NOT EXISTS libsqlstore_threads_resource_created ON mastra_threads "
       "(resourceId, createdAt)"},
      // get_workflow_runs filtered by workflow: newest runs of one workflow.
      {"libsqlstore_workflow_runs_name_created", std::string(kWorkflowSnapshot),
       "CREATE INDEX IF NOT EXISTS libsqlstore_workflow_runs_name_created ON "
       "mastra_workflow_snapshot (workflow_name, createdAt)"},
      // get_workflow_runs filtered by resource: newest runs of one resource.
      {"libsqlstore_workflow_runs_resource_created", std::string(kWorkflowSnapshot),
       "CREATE INDEX IF NOT EXISTS libsqlstore_workflow_runs_resource_created ON "
       "mastra_workflow_snapshot (resourceId, createdAt)"},
      // get_workflow_runs without a name or resource filter (all runs, or a date range).
      {"libsqlstore_workflow_runs_created", std::string(kWorkflowSnapshot),
       "CREATE INDEX IF NOT EXISTS libsqlstore_workflow_runs_created ON "
       "mastra_workflow_snapshot (createdAt)"},
      // get_workflow_run_by_id, with or without the workflow name (the primary key starts with
      // workflow_name, so it cannot find a run by its id alone).
      {"libsqlstore_workflow_runs_run_id", std::string(kWorkflowSnapshot),
       "CREATE INDEX IF NOT EXISTS libsqlstore_workflow_runs_run_id ON "
       "mastra_workflow_snapshot (run_id, createdAt)"},
      // get_scores_by_run_id.
      {"libsqlstore_scores_run_created", std::string(kScorers),
       "CREATE INDEX IF NOT EXISTS libsqlstore_scores_run_created ON mastra_scorers "
       "(runId, createdAt)"},
      // get_scores_by_scorer_id (entity and source filters are checked on the index's rows).
      {"libsqlstore_scores_scorer_created", std::string(kScorers),
       "CREATE INDEX IF NOT EXISTS libsqlstore_scores_scorer_created ON mastra_scorers "
       "(scorerId, createdAt)"},
      // get_scores_by_entity_id.
      {"libsqlstore_scores_entity_created", std::string(kScorers),
       "CREATE INDEX IF NOT EXISTS libsqlstore_scores_entity_created ON mastra_scorers "
       "(entityId, entityType, createdAt)"},
      // get_traces(_paginated): newest spans first, without sorting the table.
      {"libsqlstore_traces_start_time", std::string(kTraces),
       "CREATE INDEX IF NOT EXISTS libsqlstore_traces_start_time ON mastra_traces (startTime)"},
  };
  return indexes;
}

}  // namespace libsqlstore::schema
