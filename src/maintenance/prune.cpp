// prune(): each rule of the retention policy is a condition on one table; rows matching it are
// deleted a batch at a time, each batch its own transaction (by rowid, so a batch's delete is
// exactly the rows it selected). Deletes fire the search triggers; messages take their Memory
// embeddings with them.
#include <chrono>
#include <limits>
#include <thread>

#include "libsqlstore/error.hpp"
#include "libsqlstore/maintenance.hpp"

#include "core/json_text.hpp"
#include "memory/recall_vectors.hpp"
#include "store/store_access.hpp"
#include "transfer/catalog.hpp"

namespace libsqlstore {
namespace {

constexpr const char* kPruneId = "LIBSQL_STORE_PRUNE_FAILED";

/// One rule: rows of `table` matching `where` (with `args`) go.
struct Rule {
  std::string table;
  std::string where;
  std::vector<core::Value> args;
};

void check(const PruneOptions& o) {
  const auto bad = [](const std::string& what) {
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User, what);
  };
  if (o.batchSize <= 0) bad("batchSize must be > 0, got " + std::to_string(o.batchSize));
  if (o.pause.count() < 0) bad("pause must not be negative");
  const auto& p = o.policy;
  for (const auto* age : {&p.tracesMaxAge, &p.evalsMaxAge, &p.scoresMaxAge, &p.workflowRunsMaxAge,
                          &p.messagesMaxAge}) {
    if (*age && age->value().count() < 0) bad("a retention age must not be negative");
  }
  if (p.keepLastMessages && *p.keepLastMessages < 0) {
    bad("keepLastMessages must be >= 0, got " + std::to_string(*p.keepLastMessages));
  }
}

std::vector<Rule> rules_of(const RetentionPolicy& p, Timestamp now) {
  const auto cutoff = [&](std::chrono::milliseconds age) {
    return core::Value(to_iso8601(now - age));
  };
  std::vector<Rule> out;
  if (p.tracesMaxAge) out.push_back({"mastra_traces", "createdAt < ?", {cutoff(*p.tracesMaxAge)}});
  if (p.evalsMaxAge) out.push_back({"mastra_evals", "created_at < ?", {cutoff(*p.evalsMaxAge)}});
  if (p.scoresMaxAge) {
    out.push_back({"mastra_scorers", "createdAt < ?", {cutoff(*p.scoresMaxAge)}});
  }
  if (p.workflowRunsMaxAge) {
    out.push_back({"mastra_workflow_snapshot",
                   "updatedAt < ? AND CASE WHEN json_valid(snapshot) THEN "
                   "json_extract(snapshot, '$.status') IN ('success', 'failed', 'canceled') END",
                   {cutoff(*p.workflowRunsMaxAge)}});
  }
  if (p.messagesMaxAge) {
    out.push_back({"mastra_messages", "createdAt < ?", {cutoff(*p.messagesMaxAge)}});
  }
  if (p.deleteEmptyThreads) {
    Rule r{"mastra_threads",
           "NOT EXISTS (SELECT 1 FROM mastra_messages m WHERE m.thread_id = mastra_threads.id)",
           {}};
    if (p.messagesMaxAge) {
      r.where += " AND updatedAt < ?";
      r.args.push_back(cutoff(*p.messagesMaxAge));
    }
    out.push_back(std::move(r));
  }
  return out;
}

/// keepLastMessages: one rule per thread that holds more than N messages, each deleting the
/// thread's messages beyond its newest N (newest: createdAt, then insertion order), found
/// through the (thread_id, createdAt) index.
std::vector<Rule> keep_last_rules(core::Db& db, std::int64_t keep) {
  std::vector<Rule> out;
  const auto threads = db.read(core::Statement(
      "SELECT thread_id FROM mastra_messages GROUP BY thread_id HAVING count(*) > ?", {keep}));
  for (const auto& row : threads.rows) {
    const auto thread = core::to_text(row.at(0)).value_or("");
    out.push_back({"mastra_messages",
                   "thread_id = ? AND rowid NOT IN (SELECT rowid FROM mastra_messages WHERE "
                   "thread_id = ? ORDER BY createdAt DESC, rowid DESC LIMIT ?)",
                   {thread, thread, keep}});
  }
  return out;
}

/// Deletes the rows of `rule` a batch at a time. Each batch is chosen by a read that holds no
/// lock (the next rows by rowid after the last batch's: the scan never starts over), then
/// deleted in a short write transaction that checks the condition again (a row changed in
/// between stays). Between batches the prune pauses, so that writers waiting for the lock get
/// it: SQLite keeps no queue of waiting writers, and a waiting one only retries after its busy
/// handler's sleep.
std::int64_t delete_in_batches(core::Db& db, const Rule& rule, const PruneOptions& options,
                               bool local) {
  const bool messages = rule.table == "mastra_messages";
  const auto table = transfer::quoted(rule.table);
  std::int64_t deleted = 0;
  std::int64_t after = std::numeric_limits<std::int64_t>::min();
  for (;;) {
    core::Statement pick("SELECT rowid FROM " + table + " WHERE rowid > ? AND (" + rule.where +
                             ") ORDER BY rowid LIMIT ?",
                         {after});
    pick.args.insert(pick.args.end(), rule.args.begin(), rule.args.end());
    pick.args.emplace_back(options.batchSize);
    const auto picked = db.read(pick);
    if (picked.rows.empty()) break;
    Json rowids = Json::array();
    for (const auto& row : picked.rows) {
      after = core::to_int(row.at(0)).value_or(after);
      rowids.push_back(after);
    }
    const auto list = core::to_json_text(rowids);
    std::int64_t batch = 0;
    db.transaction([&](core::Transaction& tx) {
      const std::string chosen =
          " WHERE rowid IN (SELECT value FROM json_each(?)) AND (" + rule.where + ")";
      std::vector<core::Value> args = {list};
      args.insert(args.end(), rule.args.begin(), rule.args.end());
      // What is deleted is counted before (tursodb reports no changes for this DELETE).
      std::string select = messages ? "SELECT id FROM " : "SELECT 1 FROM ";
      select += table;
      select += chosen;
      const auto still = tx.query(core::Statement(std::move(select), args));
      batch = static_cast<std::int64_t>(still.rows.size());
      if (batch == 0) return;
      if (messages) {
        std::vector<std::string> ids;
        for (const auto& row : still.rows) ids.push_back(core::to_text(row.at(0)).value_or(""));
        memory::delete_recall_vectors(tx, local, "message_id", ids);
      }
      std::string del = "DELETE FROM ";
      del += table;
      del += chosen;
      tx.execute(core::Statement(std::move(del), args));
    });
    deleted += batch;
    if (options.onProgress) options.onProgress(rule.table, deleted);
    if (static_cast<std::int64_t>(picked.rows.size()) < options.batchSize) break;
    if (options.pause.count() > 0) std::this_thread::sleep_for(options.pause);
  }
  return deleted;
}

}  // namespace

PruneSummary prune(LibSQLStore& store, const PruneOptions& options) {
  auto& ctx = detail::StoreAccess::context(store);
  return ctx.call(kPruneId, {}, [&] {
    check(options);
    auto& db = ctx.db();
    PruneSummary summary;
    summary.dryRun = options.dryRun;
    const bool local = !ctx.writes_remotely();
    auto rules = rules_of(options.policy, options.now.value_or(now()));
    if (options.policy.keepLastMessages &&
        transfer::object_exists(db, "table", "mastra_messages")) {
      // Before the empty-thread rule (the last one), which sees what these leave.
      auto per_thread = keep_last_rules(db, *options.policy.keepLastMessages);
      const auto at = options.policy.deleteEmptyThreads ? rules.end() - 1 : rules.end();
      rules.insert(at, per_thread.begin(), per_thread.end());
    }
    for (const auto& rule : rules) {
      std::int64_t deleted = 0;
      if (transfer::object_exists(db, "table", rule.table)) {
        const auto from = transfer::quoted(rule.table) + " WHERE " + rule.where;
        if (options.dryRun) {
          const auto rs = db.read(core::Statement("SELECT count(*) FROM " + from, rule.args));
          deleted = core::to_int(rs.rows.at(0).at(0)).value_or(0);
        } else {
          deleted = delete_in_batches(db, rule, options, local);
        }
      }
      bool merged = false;
      for (auto& [table, n] : summary.deleted) {
        if (table == rule.table) {
          n += deleted;
          merged = true;
        }
      }
      if (!merged) summary.deleted.emplace_back(rule.table, deleted);
      summary.total += deleted;
    }
    return summary;
  });
}

}  // namespace libsqlstore
