// THE ON-DISK FORMAT IS A CONTRACT. Table names, column names, types and the DDL text below are
// byte-for-byte what @mastra/libsql 0.13.2 writes, so a database written by a Mastra (TypeScript)
// application opens in libsqlstore and the reverse. Do not change them; add new things only in
// ways the reference ignores (extra indexes), and document each in docs/schema.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libsqlstore/evals.hpp"
#include "libsqlstore/memory.hpp"
#include "libsqlstore/operations.hpp"
#include "libsqlstore/scores.hpp"
#include "libsqlstore/traces.hpp"
#include "libsqlstore/workflows.hpp"

#include "schema/codec.hpp"
#include "schema/row_spec.hpp"

namespace libsqlstore::schema {

/// Table names (TABLE_* constants of @mastra/core).
inline constexpr std::string_view kWorkflowSnapshot = "mastra_workflow_snapshot";
inline constexpr std::string_view kEvals = "mastra_evals";
inline constexpr std::string_view kThreads = "mastra_threads";
inline constexpr std::string_view kMessages = "mastra_messages";
inline constexpr std::string_view kTraces = "mastra_traces";
inline constexpr std::string_view kScorers = "mastra_scorers";
inline constexpr std::string_view kResources = "mastra_resources";

/// The seven tables, each declared once with its row type (schema/row_spec.hpp): the DDL, the
/// column lists, the decoding and the JSON keys below all come from these declarations.
const RowSpec<WorkflowRun>& workflow_runs();
const RowSpec<EvalRow>& evals();
const RowSpec<Thread>& threads();
const RowSpec<Message>& messages();
const RowSpec<Trace>& traces();
const RowSpec<Score>& scores();
const RowSpec<Resource>& resources();

/// The seven tables in the order init() creates them (also their sqlite_master order).
const std::vector<Table>& core_tables();

/// The position of `name` among the seven in init() order, or 7 for any other table: the order
/// listings of a database's tables (a dump, stats) put them in.
std::size_t core_table_rank(std::string_view name);

/// The schema of one of the seven tables, or nullptr.
const Table* find_table(std::string_view name);

/// The reference's `CREATE TABLE IF NOT EXISTS` statement for a table (getCreateTableSQL),
/// including the multi-line template of mastra_workflow_snapshot.
std::string create_table_sql(const Table& table);

/// The text SQLite stores in sqlite_master.sql for create_table_sql(table).
std::string stored_create_sql(const Table& table);

/// An index libsqlstore adds on top of the reference's schema (the reference has none).
struct ExtraIndex {
  std::string name;
  std::string table;
  std::string create_sql;  ///< "CREATE INDEX IF NOT EXISTS ..."
};

/// Every extra index init() creates. Each is documented in docs/schema.md.
const std::vector<ExtraIndex>& extra_indexes();

}  // namespace libsqlstore::schema
