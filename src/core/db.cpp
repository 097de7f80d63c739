#include "core/db.hpp"

#include <algorithm>
#include <cstdint>
#include <thread>

#include "libsqlstore/error.hpp"

namespace libsqlstore::core {

Db::Db(std::unique_ptr<Client> client, const StoreOptions& options)
    : client_(std::move(client)), options_(options) {}

void Db::log(LogLevel level, const std::string& message) const {
  if (options_.logger) options_.logger(level, message);
}

// Retries a whole unit of work that failed with BusyError: SQLite reports busy only when the
// statement (and the transaction around it) did not take effect, so re-running it is safe.
// Errors whose outcome is unknown (InDoubtError) are never retried.
template <class F>
auto Db::with_busy_retry(F&& op) -> decltype(op()) {
  for (int attempt = 0;; ++attempt) {
    try {
      return op();
    } catch (const BusyError& e) {
      if (attempt >= options_.maxRetries) throw;
      // Doubling stops at 2^30 x the first backoff: a shift by 64 or more is undefined.
      const auto delay = options_.initialBackoffMs * (std::int64_t{1} << std::min(attempt, 30));
      log(LogLevel::Warn, "LibSQLStore: database busy (" + std::string(e.what()) + "), retrying (" +
                              std::to_string(attempt + 1) + "/" +
                              std::to_string(options_.maxRetries) + ") in " +
                              std::to_string(delay.count()) + " ms");
      std::this_thread::sleep_for(delay);
    }
  }
}

std::vector<ResultSet> Db::read(std::span<const Statement> stmts) {
  return with_busy_retry([&] { return client_->batch(stmts, Access::Read); });
}

ResultSet Db::read(const Statement& stmt) {
  return std::move(read(std::span<const Statement>(&stmt, 1)).front());
}

std::vector<ResultSet> Db::write(std::span<const Statement> stmts) {
  return with_busy_retry([&] { return client_->batch(stmts, Access::Write); });
}

ResultSet Db::write(const Statement& stmt) {
  return std::move(write(std::span<const Statement>(&stmt, 1)).front());
}

void Db::transaction(const std::function<void(Transaction&)>& body) {
  with_busy_retry([&] {
    client_->transaction(body);
    return 0;
  });
}

}  // namespace libsqlstore::core
