// THE ON-DISK FORMAT IS A CONTRACT: see tables.hpp.
#include "schema/tables.hpp"

#include <array>
#include <initializer_list>

#include "schema/column_types.hpp"

namespace libsqlstore::schema {

namespace {

using T = ColumnType;
using C = Codec;

}  // namespace

// ---- The seven tables: DDL order, column order, row mapping, JSON keys --------------------------

const RowSpec<WorkflowRun>& workflow_runs() {
  using R = WorkflowRun;
  static const RowSpec<R> spec(
      std::string(kWorkflowSnapshot),
      {column<&R::workflowName>("workflow_name", T::Text, kNotNull, {}, "workflowName"),
       column<&R::runId>("run_id", T::Text, kNotNull, {}, "runId"),
       column<&R::resourceId>("resourceId", T::Text, kNullable),
       column<&R::snapshot>("snapshot", T::Text, kNotNull, C::Snapshot),
       column<&R::createdAt>("createdAt", T::DateTime),
       column<&R::updatedAt>("updatedAt", T::DateTime)},
      "run_id");
  return spec;
}

const RowSpec<EvalRow>& evals() {
  using R = EvalRow;
  static const RowSpec<R> spec(
      std::string(kEvals),
      {column<&R::input>("input", T::Text), column<&R::output>("output", T::Text),
       column<&R::result>("result", T::Jsonb, kNotNull, C::MetricResult),
       column<&R::agentName>("agent_name", T::Text, kNotNull, {}, "agentName"),
       column<&R::metricName>("metric_name", T::Text, kNotNull, {}, "metricName"),
       column<&R::instructions>("instructions", T::Text),
       column<&R::testInfo>("test_info", T::Jsonb, kNullable, {}, "testInfo"),
       column<&R::globalRunId>("global_run_id", T::Text, kNotNull, {}, "globalRunId"),
       column<&R::runId>("run_id", T::Text, kNotNull, {}, "runId"),
       column<&R::createdAt>("created_at", T::DateTime, kNotNull, {}, "createdAt"),
       stored_column<R>("createdAt", T::DateTime, kNullable)},
      "run_id");
  return spec;
}

const RowSpec<Thread>& threads() {
  using R = Thread;
  static const RowSpec<R> spec(
      std::string(kThreads),
      {column<&R::id>("id", T::Text, kPrimaryKey), column<&R::resourceId>("resourceId", T::Text),
       column<&R::title>("title", T::Text),
       column<&R::metadata>("metadata", T::Text, kNullable, C::Json),
       column<&R::createdAt>("createdAt", T::DateTime),
       column<&R::updatedAt>("updatedAt", T::DateTime)},
      "id");
  return spec;
}

const RowSpec<Message>& messages() {
  using R = Message;
  static const RowSpec<R> spec(
      std::string(kMessages),
      {column<&R::id>("id", T::Text, kPrimaryKey),
       column<&R::threadId>("thread_id", T::Text, kNotNull, {}, "threadId"),
       column<&R::content>("content", T::Text, kNotNull, C::Content),
       column<&R::role>("role", T::Text), column<&R::type>("type", T::Text),
       column<&R::createdAt>("createdAt", T::DateTime),
       column<&R::resourceId>("resourceId", T::Text, kNullable)},
      "id");
  return spec;
}

const RowSpec<Trace>& traces() {
  using R = Trace;
  static const RowSpec<R> spec(
      std::string(kTraces),
      {column<&R::id>("id", T::Text, kPrimaryKey),
       column<&R::parentSpanId>("parentSpanId", T::Text, kNullable, C::TextJsNull),
       column<&R::name>("name", T::Text), column<&R::traceId>("traceId", T::Text),
       column<&R::scope>("scope", T::Text), column<&R::kind>("kind", T::Integer),
       column<&R::attributes>("attributes", T::Jsonb, kNullable, C::JsonStructure),
       column<&R::status>("status", T::Jsonb, kNullable, C::JsonStructure),
       column<&R::events>("events", T::Jsonb, kNullable, C::JsonStructure),
       column<&R::links>("links", T::Jsonb, kNullable, C::JsonStructure),
       column<&R::other>("other", T::Text, kNullable, C::JsonStructure),
       column<&R::startTime>("startTime", T::Bigint), column<&R::endTime>("endTime", T::Bigint),
       column<&R::createdAt>("createdAt", T::DateTime)},
      "id");
  return spec;
}

const RowSpec<Score>& scores() {
  using R = Score;
  // The reference's scores are written through its generic insert, which stores a JavaScript
  // string raw in a JSON column: such text reads back as that string (JsonOrText).
  static const RowSpec<R> spec(
      std::string(kScorers),
      {column<&R::id>("id", T::Text, kPrimaryKey),
       column<&R::scorerId>("scorerId", T::Text),
       column<&R::traceId>("traceId", T::Text, kNullable),
       column<&R::runId>("runId", T::Text),
       column<&R::scorer>("scorer", T::Jsonb, kNotNull, C::JsonOrText),
       column<&R::preprocessStepResult>("preprocessStepResult", T::Jsonb, kNullable, C::JsonOrText),
       column<&R::extractStepResult>("extractStepResult", T::Jsonb, kNullable, C::JsonOrText),
       column<&R::analyzeStepResult>("analyzeStepResult", T::Jsonb, kNullable, C::JsonOrText),
       column<&R::score>("score", T::Float),
       column<&R::reason>("reason", T::Text, kNullable),
       column<&R::metadata>("metadata", T::Jsonb, kNullable, C::JsonOrText),
       column<&R::preprocessPrompt>("preprocessPrompt", T::Text, kNullable),
       column<&R::extractPrompt>("extractPrompt", T::Text, kNullable),
       column<&R::generateScorePrompt>("generateScorePrompt", T::Text, kNullable),
       column<&R::generateReasonPrompt>("generateReasonPrompt", T::Text, kNullable),
       column<&R::analyzePrompt>("analyzePrompt", T::Text, kNullable),
       column<&R::reasonPrompt>("reasonPrompt", T::Text, kNullable),
       column<&R::input>("input", T::Jsonb, kNotNull, C::JsonOrText),
       column<&R::output>("output", T::Jsonb, kNotNull, C::JsonOrText),
       column<&R::additionalContext>("additionalContext", T::Jsonb, kNullable, C::JsonOrText),
       column<&R::runtimeContext>("runtimeContext", T::Jsonb, kNullable, C::JsonOrText),
       column<&R::entityType>("entityType", T::Text, kNullable),
       column<&R::entity>("entity", T::Jsonb, kNullable, C::JsonOrText),
       column<&R::entityId>("entityId", T::Text, kNullable),
       column<&R::source>("source", T::Text),
       column<&R::resourceId>("resourceId", T::Text, kNullable),
       column<&R::threadId>("threadId", T::Text, kNullable),
       column<&R::createdAt>("createdAt", T::DateTime),
       column<&R::updatedAt>("updatedAt", T::DateTime)},
      "id");
  return spec;
}

const RowSpec<Resource>& resources() {
  using R = Resource;
  static const RowSpec<R> spec(std::string(kResources),
                               {column<&R::id>("id", T::Text, kPrimaryKey),
                                column<&R::workingMemory>("workingMemory", T::Text, kNullable),
                                column<&R::metadata>("metadata", T::Jsonb, kNullable),
                                column<&R::createdAt>("createdAt", T::DateTime),
                                column<&R::updatedAt>("updatedAt", T::DateTime)},
                               "id");
  return spec;
}

namespace {

std::string column_sql(const Column& c) {
  std::string out = c.name;
  out += ' ';
  out += column_type_info(c.type).create_sql;
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
  static const std::vector<Table> tables = {
      workflow_runs().table(), evals().table(),  threads().table(),  messages().table(),
      traces().table(),        scores().table(), resources().table()};
  return tables;
}

std::size_t core_table_rank(std::string_view name) {
  const auto& core = core_tables();
  for (std::size_t i = 0; i < core.size(); ++i) {
    if (core[i].name == name) return i;
  }
  return core.size();
}

const Table* find_table(std::string_view name) {
  for (const auto& t : core_tables()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::string create_table_sql(const Table& table) {
  return "CREATE TABLE IF NOT EXISTS " + table.name + table_body(table);
}

std::string stored_create_sql(const Table& table) {
  return "CREATE TABLE " + table.name + table_body(table);
}

const std::vector<ExtraIndex>& extra_indexes() {
  // {name, table, columns}: the statement is CREATE INDEX IF NOT EXISTS <name> ON <table>
  // (<columns>).
  static const std::vector<ExtraIndex> indexes = [] {
    const std::initializer_list<std::array<std::string_view, 3>> declared = {
        // get_messages / get_messages_paginated: a thread's messages in time order (the reference
        // scans the whole table for every read).
        {"libsqlstore_messages_thread_created", kMessages, "thread_id, createdAt"},
        // get_threads_by_resource_id(_paginated): a resource's threads in time order.
        {"libsqlstore_threads_resource_created", kThreads, "resourceId, createdAt"},
        // get_workflow_runs filtered by workflow: newest runs of one workflow.
        {"libsqlstore_workflow_runs_name_created", kWorkflowSnapshot, "workflow_name, createdAt"},
        // get_workflow_runs filtered by resource: newest runs of one resource.
        {"libsqlstore_workflow_runs_resource_created", kWorkflowSnapshot, "resourceId, createdAt"},
        // get_workflow_runs without a name or resource filter (all runs, or a date range).
        {"libsqlstore_workflow_runs_created", kWorkflowSnapshot, "createdAt"},
        // get_workflow_run_by_id, with or without the workflow name (the primary key starts with
        // workflow_name, so it cannot find a run by its id alone).
        {"libsqlstore_workflow_runs_run_id", kWorkflowSnapshot, "run_id, createdAt"},
        // get_scores_by_run_id.
        {"libsqlstore_scores_run_created", kScorers, "runId, createdAt"},
        // get_scores_by_scorer_id (entity and source filters are checked on the index's rows).
        {"libsqlstore_scores_scorer_created", kScorers, "scorerId, createdAt"},
        // get_scores_by_entity_id.
        {"libsqlstore_scores_entity_created", kScorers, "entityId, entityType, createdAt"},
        // get_traces(_paginated): newest spans first, without sorting the table.
        {"libsqlstore_traces_start_time", kTraces, "startTime"},
    };
    std::vector<ExtraIndex> out;
    for (const auto& [name, table, columns] : declared) {
      out.push_back({std::string(name), std::string(table),
                     "CREATE INDEX IF NOT EXISTS " + std::string(name) + " ON " +
                         std::string(table) + " (" + std::string(columns) + ")"});
    }
    return out;
  }();
  return indexes;
}

}  // namespace libsqlstore::schema
