// `libsqlstore search`: keyword search from a terminal (docs/cli.md, "search"). A ranked,
// highlighted list for people; with --json, or when stdout is not a terminal, the JSON of the
// searchMessages / searchThreads methods. --enable, --disable, --status, --check and --rebuild
// manage the index.
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "json_io.hpp"
#include "terminal.hpp"

namespace libsqlstore::cli {

namespace {

// Bold on, bold off: the snippet markers on a terminal.
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kPlain = "\x1b[0m";

/// The first line of a snippet, flattened (messages span lines; a list item is one).
std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

Json status_json(const SearchStatus& s) {
  return {{"enabled", s.enabled},
          {"ready", s.ready},
          {"tokenizer", s.tokenizer == SearchTokenizer::Trigram ? "trigram" : "unicode61"},
          {"messages", s.messages},
          {"threads", s.threads}};
}

void print_status(const SearchStatus& s, bool json) {
  if (json) {
    std::cout << json_api::stringify(status_json(s)) << "\n";
    return;
  }
  if (!s.enabled) {
    std::cout << "search: not enabled (libsqlstore search --enable)\n";
    return;
  }
  std::cout << "search: " << (s.ready ? "ready" : "build unfinished (run --enable again)")
            << ", tokenizer " << (s.tokenizer == SearchTokenizer::Trigram ? "trigram" : "unicode61")
            << ", " << s.messages << " messages, " << s.threads << " threads indexed\n";
}

SearchMode mode_of(const std::string& mode) {
  if (mode == "phrase") return SearchMode::Phrase;
  if (mode == "fts5") return SearchMode::Fts5;
  return SearchMode::Words;
}

/// The JSON params of searchMessages / searchThreads for these options.
Json params_of(const SearchCommand& o) {
  Json p = {{"query", o.query}, {"mode", o.mode}, {"page", o.page}, {"perPage", o.perPage}};
  if (o.resource) p["resourceId"] = *o.resource;
  if (!o.threads) {
    if (o.thread) p["threadId"] = *o.thread;
    if (!o.roles.empty()) p["roles"] = o.roles;
  }
  return p;
}

void print_header(std::int64_t total, std::int64_t shown, const SearchCommand& o,
                  const char* what) {
  if (total == 0) {
    std::cout << "no " << what << " match " << json_api::stringify(Json(o.query)) << "\n";
    return;
  }
  std::cout << total << " " << what << " match " << json_api::stringify(Json(o.query));
  if (shown < total) {
    std::cout << " (" << o.page * o.perPage + 1 << "-" << o.page * o.perPage + shown << " shown)";
  }
  std::cout << "\n\n";
}

/// How matches are marked: bold on a terminal, *stars* elsewhere.
SnippetOptions markers(bool color) {
  return color ? SnippetOptions{.open = kBold, .close = kPlain}
               : SnippetOptions{.open = "*", .close = "*"};
}

/// A page as a numbered list: `title(hit)` on the first line of each item, the snippet below.
template <class Page, class Title>
void print_page(const Page& page, const SearchCommand& o, const char* what, Title&& title) {
  print_header(page.total, static_cast<std::int64_t>(page.results.size()), o, what);
  std::int64_t rank = o.page * o.perPage;
  for (const auto& hit : page.results) {
    std::printf("%3lld. %s  (score %.3g)\n", static_cast<long long>(++rank), title(hit).c_str(),
                hit.score);
    std::cout << "     " << one_line(hit.snippet) << "\n";
  }
}

int print_messages(LibSQLStore& store, const SearchCommand& o, bool color) {
  const MessageSearchQuery q{.query = o.query,
                             .mode = mode_of(o.mode),
                             .resourceId = o.resource,
                             .threadId = o.thread,
                             .roles = o.roles,
                             .page = o.page,
                             .perPage = o.perPage,
                             .snippet = markers(color)};
  print_page(store.search_messages(q), o, "messages", [](const MessageHit& hit) {
    const std::string when = to_iso8601(hit.message.createdAt.value_or(Timestamp{}));
    return when.substr(0, 16) + "  thread " + hit.threadId + "  " + hit.message.role;
  });
  return 0;
}

int print_threads(LibSQLStore& store, const SearchCommand& o, bool color) {
  const ThreadSearchQuery q{.query = o.query,
                            .mode = mode_of(o.mode),
                            .resourceId = o.resource,
                            .page = o.page,
                            .perPage = o.perPage,
                            .snippet = markers(color)};
  print_page(store.search_threads(q), o, "threads", [](const ThreadHit& hit) {
    return hit.thread.id + "  resource " + hit.thread.resourceId;
  });
  return 0;
}

}  // namespace

int run_search(const Connection& conn, const SearchCommand& o) {
  const Redactor redact(conn);
  const bool json = o.json || (!o.text && !is_terminal(stdout));
  try {
    auto store = open_store(conn);
    if (!conn.no_init) store->init();
    auto& search = store->search();
    if (o.disable) {
      search.disable();
      if (!json)
        std::cout << "search: disabled\n";
      else
        std::cout << "null\n";
      return 0;
    }
    if (o.enable) {
      SearchSetup setup{.tokenizer = o.tokenizer == "trigram" ? SearchTokenizer::Trigram
                                                              : SearchTokenizer::Unicode61,
                        .onProgress = [](const SearchProgress& p) {
                          show_progress("indexing " + p.table, p.done, p.total);
                        }};
      print_status(search.enable(setup), json);
      if (o.query.empty()) return 0;
    }
    if (o.rebuild) search.rebuild();
    if (o.status || (o.rebuild && o.query.empty())) {
      print_status(search.status(), json);
      return 0;
    }
    if (o.check) {
      const auto c = search.check();
      if (json) {
        std::cout << json_api::stringify({{"consistent", c.consistent()},
                                          {"missing", c.missing},
                                          {"extra", c.extra},
                                          {"stale", c.stale}})
                  << "\n";
      } else {
        std::cout << (c.consistent() ? "search index: consistent with the data\n"
                                     : "search index: INCONSISTENT (run --rebuild)\n")
                  << "  missing " << c.missing << ", extra " << c.extra << ", stale " << c.stale
                  << "\n";
      }
      return c.consistent() ? 0 : 1;
    }
    if (json) {
      const Json result =
          json_api::call_raw(*store, o.threads ? "searchThreads" : "searchMessages", params_of(o));
      std::cout << json_api::stringify(result) << "\n";
      return 0;
    }
    return o.threads ? print_threads(*store, o, is_terminal(stdout))
                     : print_messages(*store, o, is_terminal(stdout));
  } catch (const Error& e) {
    return report_error(e, redact, json);
  }
}

}  // namespace libsqlstore::cli
