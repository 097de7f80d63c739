// The one retry policy of the library: exponential backoff with a cap, waiting through a Clock
// that tests replace. The local backend retries a busy database with it (core::Db, opening a
// file); the remote backend retries requests that certainly did not reach the server.
//
// What is retried is decided by the caller, never here: only work that certainly had no effect
// (SQLite's BUSY, a connection refused before anything was sent). A write whose outcome is unknown
// (InDoubtError) is never retried.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "libsqlstore/error.hpp"
#include "libsqlstore/options.hpp"

namespace libsqlstore::core {

/// Time as the retry loops see it. Thread-safe.
class Clock {
 public:
  Clock() = default;
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;
  Clock(Clock&&) = delete;
  Clock& operator=(Clock&&) = delete;
  virtual ~Clock() = default;
  virtual std::chrono::steady_clock::time_point now() const = 0;
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;

  /// The real clock (std::chrono::steady_clock, std::this_thread::sleep_for).
  static Clock& system();
};

/// The wait before each retry: `initial`, doubling on each further retry, never above `cap`.
struct Backoff {
  std::chrono::milliseconds initial{100};
  std::chrono::milliseconds cap{10'000};

  /// The wait before retry number `retry` (0 = the first retry). Never overflows.
  std::chrono::milliseconds delay(int retry) const noexcept;
};

/// StoreOptions' busy policy: `maxRetries` retries, `initialBackoffMs` doubling up to 10 s.
class BusyRetry {
 public:
  BusyRetry(const StoreOptions& options, Clock& clock = Clock::system());

  /// Runs `op`; while it throws BusyError, waits and runs it again, at most max_retries more
  /// times. The final BusyError says how many attempts were made over how long (details
  /// `attempts` and `elapsedMs`). `op` must have had no effect when it throws BusyError.
  template <class F>
  auto run(F&& op) const -> decltype(op()) {
    const auto start = clock_->now();
    for (int retry = 0;; ++retry) {
      try {
        return op();
      } catch (const BusyError& e) {
        if (retry >= max_retries_) throw exhausted(e, retry + 1, start);
        wait(e, retry);
      }
    }
  }

  int max_retries() const noexcept { return max_retries_; }
  const Backoff& backoff() const noexcept { return backoff_; }

 private:
  void wait(const BusyError& e, int retry) const;
  BusyError exhausted(const BusyError& e, int attempts,
                      std::chrono::steady_clock::time_point start) const;

  int max_retries_;
  Backoff backoff_;
  Clock* clock_;
  Logger logger_;
};

}  // namespace libsqlstore::core
