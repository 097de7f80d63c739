// A core::Clock that only pretends to wait: retry policies are tested without sleeping.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "core/retry.hpp"

namespace libsqlstore::testing {

class FakeClock final : public core::Clock {
 public:
  std::chrono::steady_clock::time_point now() const override { return now_; }
  void sleep_for(std::chrono::milliseconds d) override {
    slept.push_back(d.count());
    now_ += d;
  }
  /// Every wait asked for, in milliseconds, oldest first.
  std::vector<std::int64_t> slept;

 private:
  std::chrono::steady_clock::time_point now_{};
};

}  // namespace libsqlstore::testing
