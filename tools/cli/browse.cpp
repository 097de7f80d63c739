// `libsqlstore threads`, `messages`, `show` and `runs` (docs/cli.md, "Everyday questions"): the
// questions an operator asks without writing JSON. Tables for people on a terminal; when piped
// or with --json, the JSON of the matching JSON-interface method (list_threads' own for threads).
#include <iostream>

#include "commands.hpp"
#include "json_io.hpp"
#include "terminal.hpp"

namespace libsqlstore::cli {
namespace {

/// One line of at most `width` characters.
std::string clip(std::string text, std::size_t width) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (text.size() <= width) return text;
  std::size_t cut = width - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return text.substr(0, cut) + "...";
}

std::string when(const std::optional<Timestamp>& t) {
  return t ? to_iso8601(*t).substr(0, 19) : std::string();
}
std::string when(Timestamp t) { return to_iso8601(t).substr(0, 19); }

/// What a person reads of a message: its text parts (V2) or its content string.
std::string text_of(const Message& m) {
  const auto& c = *m.content;
  if (c.is_string()) return c.get<std::string>();
  std::string out;
  if (c.is_object() && c.contains("parts") && c["parts"].is_array()) {
    for (const auto& part : c["parts"]) {
      if (part.is_object() && part.value("type", "") == "text" && part.contains("text") &&
          part["text"].is_string()) {
        if (!out.empty()) out += " ";
        out += part["text"].get<std::string>();
      } else if (part.is_object() && part.contains("toolInvocation")) {
        out += (out.empty() ? "" : " ") + std::string("[tool ") +
               part["toolInvocation"].value("toolName", "?") + "]";
      }
    }
  }
  if (out.empty() && c.is_object() && c.contains("content") && c["content"].is_string()) {
    out = c["content"].get<std::string>();
  }
  return out;
}

/// Runs `body` on a read-only store, turning errors into exit code 1.
template <class F>
int with_store(const Connection& conn, bool json, F&& body) {
  const Redactor redact(conn);
  try {
    auto store = open_store(conn, /*read_only=*/conn.url != ":memory:");
    return body(*store);
  } catch (const Error& e) {
    return report_error(e, redact, json);
  }
}

}  // namespace

int run_threads(const Connection& conn, const BrowseCommand& o) {
  const bool json = o.json || !is_terminal(stdout);
  return with_store(conn, json, [&](LibSQLStore& store) {
    const auto page =
        list_threads(store, {.resourceId = o.resource, .page = o.page, .perPage = o.per_page});
    if (json) {
      Json threads = Json::array();
      for (const auto& t : page.threads) {
        auto one = Json::parse(json_api::stringify(
            json_api::call_raw(store, "getThreadById", Json{{"threadId", t.thread.id}})));
        one["messages"] = t.messages;
        threads.push_back(std::move(one));
      }
      std::cout << json_api::stringify({{"threads", std::move(threads)},
                                        {"total", page.total},
                                        {"page", page.page},
                                        {"perPage", page.perPage},
                                        {"hasMore", page.hasMore}})
                << "\n";
      return 0;
    }
    std::vector<std::vector<std::string>> rows = {
        {"thread", "resource", "messages", "updated", "title"}};
    for (const auto& t : page.threads) {
      rows.push_back({t.thread.id, t.thread.resourceId, std::to_string(t.messages),
                      when(t.thread.updatedAt), clip(t.thread.title, 48)});
    }
    print_table(rows);
    std::cout << page.threads.size() << " of " << page.total << " threads"
              << (page.hasMore ? " (--page " + std::to_string(o.page + 1) + " for more)" : "")
              << "\n";
    return 0;
  });
}

int run_messages(const Connection& conn, const BrowseCommand& o) {
  const bool json = o.json || !is_terminal(stdout);
  return with_store(conn, json, [&](LibSQLStore& store) {
    if (json) {
      std::cout << json_api::stringify(json_api::call_raw(store, "getMessages",
                                                          Json{{"threadId", o.id},
                                                               {"selectBy", Json{{"last", o.last}}},
                                                               {"format", "v2"}}))
                << "\n";
      return 0;
    }
    if (!store.get_thread_by_id(o.id)) {
      std::cerr << "libsqlstore: no thread " << o.id << "\n";
      return 1;
    }
    const auto messages = store.get_messages({.threadId = o.id, .last = o.last});
    std::vector<std::vector<std::string>> rows = {{"time", "role", "message", "text"}};
    for (const auto& m : messages) {
      rows.push_back({when(m.createdAt), m.role, m.id, clip(text_of(m), 72)});
    }
    print_table(rows);
    return 0;
  });
}

int run_show(const Connection& conn, const BrowseCommand& o) {
  const bool json = o.json || !is_terminal(stdout);
  return with_store(conn, json, [&](LibSQLStore& store) {
    Json result;
    if (o.kind == "thread") {
      result = json_api::call_raw(store, "getThreadById", Json{{"threadId", o.id}});
    } else if (o.kind == "resource") {
      result = json_api::call_raw(store, "getResourceById", Json{{"resourceId", o.id}});
    } else {
      Json params{{"runId", o.id}};
      if (o.workflow) params["workflowName"] = *o.workflow;
      result = json_api::call_raw(store, "getWorkflowRunById", params);
    }
    const auto text = json_api::stringify(result);
    if (text == "null") {
      std::cerr << "libsqlstore: no " << o.kind << " " << o.id << "\n";
      return 1;
    }
    std::cout << (json ? text : Json::parse(text).dump(2)) << "\n";
    return 0;
  });
}

int run_runs(const Connection& conn, const BrowseCommand& o) {
  const bool json = o.json || !is_terminal(stdout);
  return with_store(conn, json, [&](LibSQLStore& store) {
    if (json) {
      Json params{{"limit", o.per_page}, {"offset", o.page * o.per_page}};
      if (o.workflow) params["workflowName"] = *o.workflow;
      if (o.resource) params["resourceId"] = *o.resource;
      std::cout << json_api::stringify(json_api::call_raw(store, "getWorkflowRuns", params))
                << "\n";
      return 0;
    }
    const auto runs = store.get_workflow_runs({.workflowName = o.workflow,
                                               .limit = o.per_page,
                                               .offset = o.page * o.per_page,
                                               .resourceId = o.resource});
    std::vector<std::vector<std::string>> rows = {
        {"workflow", "run", "status", "resource", "updated"}};
    for (const auto& r : runs.runs) {
      const auto& snap = *r.snapshot;
      const std::string status =
          snap.is_object() && snap.contains("status") && snap["status"].is_string()
              ? snap["status"].get<std::string>()
              : "";
      rows.push_back(
          {r.workflowName, r.runId, status, r.resourceId.value_or(""), when(r.updatedAt)});
    }
    print_table(rows);
    std::cout << runs.runs.size() << " of " << runs.total << " runs\n";
    return 0;
  });
}

}  // namespace libsqlstore::cli
