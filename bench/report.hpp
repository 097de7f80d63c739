// The JSON lines of the mastra-storage/1 benchmark (format: the peer benchmark's README), one
// object per line on stdout, keys in the README's order.
#pragma once

#include <cstdint>
#include <string>

#include "libsqlstore/json.hpp"

namespace libsqlstore::bench {

/// Peak resident set size of the process in KiB (getrusage ru_maxrss).
std::int64_t peak_rss_kb();
/// Seconds on the monotonic clock.
double now_seconds();

class Reporter {
 public:
  Reporter(std::string impl, std::string url, std::int64_t n);

  const std::string& impl() const noexcept { return impl_; }
  /// Sum of `seconds` over the phases reported so far (phases a–g).
  double total_seconds() const noexcept { return total_seconds_; }

  /// {"bench","impl","phase":"meta","n","url","versions"}.
  void meta(const Json& versions) const;
  /// One timed phase: ops, items, seconds, ops_per_sec, items_per_sec, peak_rss_kb.
  void phase(const char* name, std::int64_t ops, std::int64_t items, double seconds);
  /// The h_db_size line; `extra` holds page_bytes, db_bytes, ... in output order.
  void db_size(const Json& extra) const;

 private:
  Json head(const char* phase) const;
  static void emit(const Json& line);

  std::string impl_;
  std::string url_;
  std::int64_t n_;
  double total_seconds_ = 0;
};

}  // namespace libsqlstore::bench
