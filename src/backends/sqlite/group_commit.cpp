// Group commit (StoreOptions::groupCommit): write calls that arrive while another call's commit
// is in flight share the next transaction and its one flush to disk. One call, the leader, runs
// every waiting call's statements in the connection's write transaction, each inside its own
// SAVEPOINT, so one call's failure undoes and fails only that call; then it commits once and
// wakes them. Every call returns only once its group committed (durable at synchronous=FULL); a
// group whose commit fails fails every call in it, and nothing of it was written.
#include <sqlite3.h>

#include "backends/sqlite/sqlite_client.hpp"
#include "backends/sqlite/sqlite_transaction.hpp"

namespace libsqlstore::sqlite {

struct SqliteClient::PendingWrite {
  const std::function<void(core::Transaction&)>* body;
  std::exception_ptr error;
  bool done = false;
};

void SqliteClient::grouped_write(const std::function<void(core::Transaction&)>& body) {
  PendingWrite self{&body, nullptr, false};
  queue_mutex_.lock();
  queue_.push_back(&self);
  while (leading_ && !self.done) queue_cv_.wait(queue_mutex_);
  if (self.done) {
    queue_mutex_.unlock();
    if (self.error) std::rethrow_exception(self.error);
    return;
  }
  leading_ = true;
  // The leader runs groups until nobody waits: each group is whatever queued up while the
  // previous one committed.
  while (true) {
    std::vector<PendingWrite*> group;
    group.swap(queue_);
    if (group.empty()) {
      leading_ = false;
      queue_cv_.notify_all();
      break;
    }
    queue_mutex_.unlock();
    run_group(group);
    queue_mutex_.lock();
    for (auto* w : group) w->done = true;
    queue_cv_.notify_all();
  }
  queue_mutex_.unlock();
  if (self.error) std::rethrow_exception(self.error);
}

void SqliteClient::run_group(const std::vector<PendingWrite*>& group) {
  core::MutexLock lock(mutex_);
  try {
    reconnect_if_needed();
    control(begin_immediate_);
  } catch (...) {
    for (auto* w : group) w->error = std::current_exception();  // busy: each call retries
    return;
  }
  sqlite3* db = db_.get();
  SqliteTransaction tx(*this);
  // A call alone in its group needs no savepoint: its failure rolls the transaction back.
  const bool alone = group.size() == 1;
  std::exception_ptr aborted;  // an error that ended the whole transaction
  for (auto* w : group) {
    if (aborted) {
      w->error = aborted;
      continue;
    }
    try {
      if (!alone) control(savepoint_);
      (*w->body)(tx);
      if (!alone) control(release_);
    } catch (...) {
      w->error = std::current_exception();
      if (alone || sqlite3_get_autocommit(db)) {
        aborted = w->error;  // SQLite rolled the transaction back (or it is this call's own)
        continue;
      }
      try {
        control(rollback_to_);
        control(release_);
      } catch (...) {
        aborted = std::current_exception();
      }
    }
  }
  if (aborted) {
    // Nothing of the group is written: the calls that had succeeded fail too.
    rollback_quietly();
    for (auto* w : group) {
      if (!w->error) w->error = aborted;
    }
    return;
  }
  try {
    control(commit_);
  } catch (...) {
    const auto e = std::current_exception();
    recover_from_failure();
    for (auto* w : group) {
      if (!w->error) w->error = e;
    }
  }
}

}  // namespace libsqlstore::sqlite
