#include "core/retry.hpp"

#include <algorithm>
#include <thread>

namespace libsqlstore::core {

namespace {

class SystemClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::now();
  }
  void sleep_for(std::chrono::milliseconds duration) override {
    std::this_thread::sleep_for(duration);
  }
};

}  // namespace

Clock& Clock::system() {
  static SystemClock clock;
  return clock;
}

std::chrono::milliseconds Backoff::delay(int retry) const noexcept {
  if (initial <= std::chrono::milliseconds{0}) return std::chrono::milliseconds{0};
  auto d = initial;
  for (int i = 0; i < retry && d < cap; ++i) d *= 2;  // stops doubling at the cap: no overflow
  return std::min(d, cap);
}

BusyRetry::BusyRetry(const StoreOptions& options, Clock& clock)
    : max_retries_(options.maxRetries),
      backoff_{options.initialBackoffMs,
               std::max(options.initialBackoffMs, std::chrono::milliseconds{10'000})},
      clock_(&clock),
      logger_(options.logger) {}

void BusyRetry::wait(const BusyError& e, int retry) const {
  const auto delay = backoff_.delay(retry);
  if (logger_) {
    logger_(LogLevel::Warn, "LibSQLStore: database busy (" + std::string(e.what()) +
                                "), retrying (" + std::to_string(retry + 1) + "/" +
                                std::to_string(max_retries_) + ") in " +
                                std::to_string(delay.count()) + " ms");
  }
  clock_->sleep_for(delay);
}

BusyError BusyRetry::exhausted(const BusyError& e, int attempts,
                               std::chrono::steady_clock::time_point start) const {
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_->now() - start).count();
  Json details = e.details();
  details["attempts"] = attempts;
  details["elapsedMs"] = elapsed;
  return BusyError(e.id(), e.category(),
                   std::string(e.what()) + " (still busy after " + std::to_string(attempts) +
                       (attempts == 1 ? " attempt" : " attempts") + " over " +
                       std::to_string(elapsed) + " ms; StoreOptions::maxRetries is " +
                       std::to_string(max_retries_) + ")",
                   std::move(details));
}

}  // namespace libsqlstore::core
