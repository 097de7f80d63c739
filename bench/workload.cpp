#include "workload.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace libsqlstore::bench {

namespace {

constexpr std::array<const char*, 64> kWords = {
    "agent",     "memory",  "thread",  "message",  "workflow", "snapshot", "storage", "vector",
    "query",     "result",  "context", "token",    "model",    "prompt",   "reply",   "user",
    "assistant", "tool",    "call",    "schema",   "table",    "index",    "record",  "value",
    "stream",    "batch",   "commit",  "update",   "select",   "insert",   "delete",  "resource",
    "the",       "a",       "of",      "to",       "and",      "in",       "for",     "with",
    "is",        "on",      "that",    "this",     "it",       "as",       "by",      "from",
    "quick",     "brown",   "fox",     "lazy",     "dog",      "data",     "plan",    "step",
    "search",    "summary", "answer",  "question", "weather",  "city",     "report",  "note",
};

void append_hex8(std::string& out, std::uint32_t word) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int shift = 28; shift >= 0; shift -= 4) out.push_back(kDigits[(word >> shift) & 0xfu]);
}

Json object() { return Json::object(); }

}  // namespace

std::uint32_t Mulberry32::next() noexcept {
  state_ += 0x6d2b79f5u;
  std::uint32_t t = state_;
  t = (t ^ (t >> 15)) * (t | 1u);
  t = (t + ((t ^ (t >> 7)) * (t | 61u))) ^ t;
  return t ^ (t >> 14);
}

std::uint32_t item_seed(Kind kind, std::int64_t index) noexcept {
  const auto k = static_cast<std::uint32_t>(kind);
  const auto i = static_cast<std::uint32_t>(index + 1);
  return kSeed ^ (k * 0x9e3779b1u) ^ (i * 0x85ebca77u);
}

std::string uuid(Kind kind, std::int64_t index) {
  Mulberry32 rng(item_seed(kind, index));
  std::string hex;
  hex.reserve(32);
  for (int w = 0; w < 4; ++w) append_hex8(hex, rng.next());
  std::string id;
  id.reserve(36);
  id.append(hex, 0, 8).append(1, '-').append(hex, 8, 4).append(1, '-').append(hex, 12, 4);
  id.append(1, '-').append(hex, 16, 4).append(1, '-').append(hex, 20, 12);
  return id;
}

std::string text(Kind kind, std::int64_t index, std::size_t min_length) {
  Mulberry32 rng(item_seed(kind, index));
  std::string s = kWords[rng.next() & 63u];
  s.reserve(min_length + 16);
  while (s.size() < min_length) {
    s.push_back(' ');
    s += kWords[rng.next() & 63u];
  }
  s.push_back('.');
  return s;
}

Timestamp timestamp(std::int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }

std::string iso(std::int64_t ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds(ms)};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> hms{tp - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return buf;
}

Sizes Sizes::of(std::int64_t n) {
  if (n < 100 || n % 100 != 0) throw std::invalid_argument("N must be a multiple of 100 (>= 100)");
  return Sizes{n, n / 10, 10, n / 100, n / 10, n / 10, 1000};
}

Thread thread(std::int64_t t) {
  Thread th;
  th.id = uuid(Kind::ThreadId, t);
  th.resourceId = "resource-" + std::to_string(t % 10);
  th.title = "Thread " + std::to_string(t) + ": " + text(Kind::Title, t, 24);
  th.createdAt = timestamp(kBaseMs + t * 1000);
  th.updatedAt = th.createdAt;
  Json metadata = object();
  metadata["source"] = "bench";
  metadata["seq"] = t;
  th.metadata = std::move(metadata);
  return th;
}

std::int64_t batch_thread(std::int64_t b, const Sizes& sizes) noexcept {
  const std::int64_t q = b / 10;
  const std::int64_t r = b % 10;
  if (r < 8) return (q * 8 + r) % sizes.hot;  // a hot thread
  return sizes.hot + q * 2 + (r - 8);         // a cold thread (exactly one batch each)
}

Message message(std::int64_t m, const Thread& owner) {
  Message msg;
  msg.id = uuid(Kind::MessageId, m);
  msg.threadId = owner.id;
  msg.resourceId = owner.resourceId;
  msg.role = m % 2 == 0 ? "user" : "assistant";
  msg.type = "v2";
  msg.createdAt = timestamp(kMessageBaseMs + m * 1000);
  Json part = object();
  part["type"] = "text";
  part["text"] = text(Kind::MessageText, m, 500);
  Json content = object();
  content["format"] = 2;
  content["parts"] = Json::array();
  content["parts"].push_back(std::move(part));
  msg.content = std::move(content);
  return msg;
}

std::string workflow_name(std::int64_t r) { return "workflow-" + std::to_string(r % 5); }

Json snapshot(std::int64_t r) {
  const std::string t1 = text(Kind::SnapshotText, r * 3, 100);
  const std::string t2 = text(Kind::SnapshotText, r * 3 + 1, 500);
  const std::string t3 = text(Kind::SnapshotText, r * 3 + 2, 150);
  const std::int64_t s = kRunBaseMs + r * 60000;

  auto step_result = [](const char* in_key, const std::string& in, const char* out_key,
                        const std::string& out, std::int64_t started, std::int64_t ended) {
    Json step = object();
    step["status"] = "success";
    step["payload"] = object();
    step["payload"][in_key] = in;
    step["output"] = object();
    step["output"][out_key] = out;
    step["startedAt"] = started;
    step["endedAt"] = ended;
    return step;
  };
  auto graph_step = [](const char* id, const char* description) {
    Json node = object();
    node["type"] = "step";
    node["step"] = object();
    node["step"]["id"] = id;
    node["step"]["description"] = description;
    return node;
  };

  Json snap = object();
  snap["runId"] = uuid(Kind::RunId, r);
  snap["status"] = "success";
  snap["value"] = object();
  Json context = object();
  context["input"] = object();
  context["input"]["prompt"] = t1;
  context["fetch-data"] = step_result("prompt", t1, "text", t2, s, s + 1500);
  context["summarize"] = step_result("text", t2, "summary", t3, s + 1500, s + 4200);
  snap["context"] = std::move(context);
  snap["activePaths"] = Json::array();
  snap["serializedStepGraph"] = Json::array();
  snap["serializedStepGraph"].push_back(graph_step("fetch-data", "Fetch data"));
  snap["serializedStepGraph"].push_back(graph_step("summarize", "Summarize"));
  snap["suspendedPaths"] = object();
  snap["waitingPaths"] = object();
  snap["result"] = object();
  snap["result"]["summary"] = t3;
  snap["timestamp"] = s + 4200;
  return snap;
}

std::string working_memory(std::int64_t i) {
  return "# User Profile\n- Name: user" + std::to_string(i % 10) +
         "\n- Revision: " + std::to_string(i) +
         "\n- Notes: " + text(Kind::WorkingMemoryText, i, 800);
}

std::string dump(std::int64_t n) {
  const Sizes sz = Sizes::of(n);
  std::string out;
  auto line = [&out](const std::string& s) {
    out += s;
    out += '\n';
  };
  for (const std::int64_t t : {std::int64_t{0}, std::int64_t{1}, sz.hot, sz.threads - 1}) {
    const Thread th = thread(t);
    line("thread " + std::to_string(t) + "\t" + th.id + "\t" + th.resourceId + "\t" + th.title +
         "\t" + iso(kBaseMs + t * 1000) + "\t" + th.metadata->dump());
  }
  for (const std::int64_t b : {std::int64_t{0}, std::int64_t{7}, std::int64_t{8}, std::int64_t{9},
                               std::int64_t{10}, sz.batches - 1}) {
    line("batch " + std::to_string(b) + "\t" + std::to_string(batch_thread(b, sz)));
  }
  for (const std::int64_t m : {std::int64_t{0}, std::int64_t{1}, std::int64_t{123}, n - 1}) {
    const Message msg = message(m, thread(batch_thread(m / 10, sz)));
    line("msg " + std::to_string(m) + "\t" + msg.id + "\t" + *msg.threadId + "\t" + msg.role +
         "\t" + iso(kMessageBaseMs + m * 1000) + "\t" + msg.content->dump());
  }
  for (const std::int64_t r : {std::int64_t{0}, std::int64_t{1}, sz.runs - 1}) {
    line("run " + std::to_string(r) + "\t" + workflow_name(r) + "\t" + uuid(Kind::RunId, r) + "\t" +
         snapshot(r).dump());
  }
  for (const std::int64_t i : {std::int64_t{0}, std::int64_t{999}}) {
    line("wm " + std::to_string(i) + "\t" + Json(working_memory(i)).dump());
  }
  return out;
}

}  // namespace libsqlstore::bench
