#include "report.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

#include <sys/resource.h>

#include "workload.hpp"

namespace libsqlstore::bench {

namespace {

// JavaScript's `+x.toFixed(digits)`, which is what the peer prints.
double fixed(double x, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(x * scale) / scale;
}

}  // namespace

std::int64_t peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

Reporter::Reporter(std::string impl, std::string url, std::int64_t n)
    : impl_(std::move(impl)), url_(std::move(url)), n_(n) {}

Json Reporter::head(const char* phase) const {
  Json line = Json::object();
  line["bench"] = kBenchId;
  line["impl"] = impl_;
  line["phase"] = phase;
  line["n"] = n_;
  line["url"] = url_;
  return line;
}

void Reporter::emit(const Json& line) {
  const std::string text = line.dump() + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void Reporter::meta(const Json& versions) const {
  Json line = head("meta");
  line["versions"] = versions;
  emit(line);
}

void Reporter::phase(const char* name, std::int64_t ops, std::int64_t items, double seconds) {
  total_seconds_ += seconds;
  Json line = head(name);
  line["ops"] = ops;
  line["items"] = items;
  line["seconds"] = fixed(seconds, 6);
  line["ops_per_sec"] = fixed(static_cast<double>(ops) / seconds, 1);
  line["items_per_sec"] = fixed(static_cast<double>(items) / seconds, 1);
  line["peak_rss_kb"] = peak_rss_kb();
  emit(line);
}

void Reporter::db_size(const Json& extra) const {
  Json line = head("h_db_size");
  line["peak_rss_kb"] = peak_rss_kb();
  for (const auto& [key, value] : extra.items()) line[key] = value;
  emit(line);
}

}  // namespace libsqlstore::bench
