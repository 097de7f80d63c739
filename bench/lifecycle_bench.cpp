// The operator's tools at scale (docs/performance.md, "Export, import, prune, compact"), as
// users run them: the `libsqlstore` binary, timed, with its peak RSS from wait4().
//  - export and import of a file of N messages, rows/s and MB/s, against `sqlite3 .dump |
//    sqlite3` on the same file in the same run;
//  - prune of half of T trace rows while another connection writes every 5 ms: the longest
//    any of those writes waited;
//  - compact of the pruned file: bytes before and after, time.
//
//   libsqlstore-lifecycle-bench --cli PATH [--messages 1000000] [--traces 1000000]
//                               [--size 200] [--dir DIR]
// One JSON line per phase on stdout.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "libsqlstore/libsqlstore.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lss = libsqlstore;
namespace fs = std::filesystem;

namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Run {
  double seconds = 0;
  std::int64_t max_rss_kib = 0;
};

/// Runs `sh -c command`, waits, and returns its wall time and peak RSS. Throws when it fails.
Run run(const std::string& command) {
  const double start = now_s();
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  Run r{now_s() - start, usage.ru_maxrss};
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("failed: " + command);
  }
  return r;
}

std::string q(const std::string& s) { return "'" + s + "'"; }

void fill_messages(lss::LibSQLStore& store, std::int64_t messages, std::size_t size) {
  const auto base = lss::Timestamp{std::chrono::milliseconds{1'735'689'600'000}};
  const std::int64_t per_thread = 100;
  const std::string filler(size, 'x');
  for (std::int64_t t = 0; t * per_thread < messages; ++t) {
    const auto id = "thread-" + std::to_string(t);
    store.save_thread({id, "resource-" + std::to_string(t % 100), "Thread " + id, nullptr,
                       base + std::chrono::seconds{t}, base + std::chrono::seconds{t}});
    std::vector<lss::Message> batch;
    for (std::int64_t m = 0; m < per_thread && t * per_thread + m < messages; ++m) {
      batch.push_back(lss::Message{
          .id = id + "-m" + std::to_string(m),
          .role = m % 2 == 0 ? "user" : "assistant",
          .content = lss::Json{{"format", 2},
                               {"parts",
                                lss::Json::array(
                                    {{{"type", "text"},
                                      {"text", "message " + std::to_string(m) + " " + filler}}})}},
          .createdAt = base + std::chrono::seconds{t} + std::chrono::milliseconds{m},
          .threadId = id,
          .resourceId = "resource-" + std::to_string(t % 100)});
    }
    store.save_messages(batch);
  }
}

void fill_traces(lss::LibSQLStore& store, std::int64_t traces) {
  const auto base = lss::Timestamp{std::chrono::milliseconds{1'735'689'600'000}};
  std::vector<lss::Json> batch;
  for (std::int64_t i = 0; i < traces; ++i) {
    // Half of them a year old, half from the last day.
    const auto at = i % 2 == 0 ? base : lss::now() - std::chrono::hours(1);
    batch.push_back({{"id", "span-" + std::to_string(i)},
                     {"parentSpanId", nullptr},
                     {"name", "agent.run"},
                     {"traceId", "trace-" + std::to_string(i / 10)},
                     {"scope", "bench"},
                     {"kind", 1},
                     {"attributes", lss::Json{{"i", i}}},
                     {"status", lss::Json{{"code", 0}}},
                     {"events", lss::Json::array()},
                     {"links", lss::Json::array()},
                     {"other", nullptr},
                     {"startTime", i},
                     {"endTime", i + 1},
                     {"createdAt", lss::to_iso8601(at)}});
    if (batch.size() == 5000) {
      store.batch_trace_insert(batch);
      batch.clear();
    }
  }
  if (!batch.empty()) store.batch_trace_insert(batch);
}

void line(const std::string& json) { std::cout << json << std::endl; }

}  // namespace

int main(int argc, char** argv) try {
  std::string cli;
  std::int64_t messages = 1'000'000;
  std::int64_t traces = 1'000'000;
  std::size_t size = 200;
  fs::path dir = fs::temp_directory_path() / "libsqlstore-lifecycle";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--cli")
      cli = argv[i + 1];
    else if (arg == "--messages")
      messages = std::stoll(argv[i + 1]);
    else if (arg == "--traces")
      traces = std::stoll(argv[i + 1]);
    else if (arg == "--size")
      size = std::stoull(argv[i + 1]);
    else if (arg == "--dir")
      dir = argv[i + 1];
    else
      throw std::invalid_argument("unknown option " + arg);
  }
  if (cli.empty()) throw std::invalid_argument("--cli PATH (the libsqlstore binary) is required");
  fs::create_directories(dir);
  const auto path = [&](const char* name) {
    const auto p = (dir / name).string();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p + suffix);
    return p;
  };
  const auto source = path("source.db");
  const auto dump = path("dump.jsonl");
  const auto target = path("target.db");
  const auto sql_dump_target = path("sqlite3-target.db");
  {
    lss::LibSQLStore store(lss::StoreOptions{.url = "file:" + source});
    store.init();
    fill_messages(store, messages, size);
  }
  const auto source_bytes = static_cast<std::int64_t>(fs::file_size(source));
  const auto rows = messages + (messages + 99) / 100;  // messages and their threads

  const auto exported = run(q(cli) + " export --url " + q("file:" + source) + " -o " + q(dump));
  const auto dump_bytes = static_cast<std::int64_t>(fs::file_size(dump));
  const auto imported =
      run(q(cli) + " import --url " + q("file:" + target) + " " + q(dump) + " > /dev/null");
  const auto sqlite3 = run("sqlite3 " + q(source) + " .dump | sqlite3 " + q(sql_dump_target));
  const auto mb = [](std::int64_t bytes, double s) {
    return static_cast<double>(bytes) / (1024.0 * 1024.0) / s;
  };
  line("{\"phase\":\"export\",\"rows\":" + std::to_string(rows) +
       ",\"seconds\":" + std::to_string(exported.seconds) +
       ",\"rowsPerSecond\":" + std::to_string(static_cast<double>(rows) / exported.seconds) +
       ",\"mbPerSecond\":" + std::to_string(mb(dump_bytes, exported.seconds)) + ",\"dumpBytes\":" +
       std::to_string(dump_bytes) + ",\"databaseBytes\":" + std::to_string(source_bytes) +
       ",\"maxRssKiB\":" + std::to_string(exported.max_rss_kib) + "}");
  line("{\"phase\":\"import\",\"rows\":" + std::to_string(rows) +
       ",\"seconds\":" + std::to_string(imported.seconds) +
       ",\"rowsPerSecond\":" + std::to_string(static_cast<double>(rows) / imported.seconds) +
       ",\"mbPerSecond\":" + std::to_string(mb(dump_bytes, imported.seconds)) +
       ",\"maxRssKiB\":" + std::to_string(imported.max_rss_kib) + "}");
  line("{\"phase\":\"sqlite3_dump_load\",\"seconds\":" + std::to_string(sqlite3.seconds) +
       ",\"exportImportVsSqlite3\":" +
       std::to_string(sqlite3.seconds / (exported.seconds + imported.seconds)) + "}");

  // Prune half of the traces while another connection writes every 5 ms.
  const auto traced = path("traces.db");
  {
    lss::LibSQLStore store(lss::StoreOptions{.url = "file:" + traced});
    store.init();
    fill_traces(store, traces);
  }
  std::atomic<bool> stop{false};
  double longest_wait_ms = 0;
  std::int64_t writes = 0;
  std::thread writer([&] {
    lss::LibSQLStore store(lss::StoreOptions{.url = "file:" + traced});
    while (!stop.load()) {
      const double start = now_s();
      store.save_thread(
          {"w" + std::to_string(writes), "r", "concurrent", nullptr, lss::now(), lss::now()});
      longest_wait_ms = std::max(longest_wait_ms, (now_s() - start) * 1000);
      ++writes;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  const auto pruned =
      run(q(cli) + " prune --traces-max-age 30d --url " + q("file:" + traced) + " > /dev/null");
  stop = true;
  writer.join();
  line("{\"phase\":\"prune\",\"traces\":" + std::to_string(traces) + ",\"deleted\":" +
       std::to_string(traces / 2) + ",\"seconds\":" + std::to_string(pruned.seconds) +
       ",\"concurrentWrites\":" + std::to_string(writes) +
       ",\"longestWriteMs\":" + std::to_string(longest_wait_ms) + "}");

  const auto before = static_cast<std::int64_t>(fs::file_size(traced));
  const auto compacted = run(q(cli) + " compact --url " + q("file:" + traced) + " > /dev/null");
  const auto after = static_cast<std::int64_t>(fs::file_size(traced));
  line("{\"phase\":\"compact\",\"bytesBefore\":" + std::to_string(before) + ",\"bytesAfter\":" +
       std::to_string(after) + ",\"seconds\":" + std::to_string(compacted.seconds) +
       ",\"maxRssKiB\":" + std::to_string(compacted.max_rss_kib) + "}");
  return 0;
} catch (const std::exception& e) {
  std::cerr << "libsqlstore-lifecycle-bench: " << e.what() << "\n";
  return 1;
}
