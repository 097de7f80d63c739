// libFuzzer target: arbitrary text as the stored `content` of a message another program wrote
// (the reference stores V1 content as a plain string or a JSON array, V2 as a JSON object). The
// first byte picks the role and type of the row. Reading the thread back as V2 and as V1 (the
// conversions of docs/compatibility.md) must answer or throw a libsqlstore::Error, and what V2
// reading answers saves again and reads back the same (or is refused as InvalidArgumentError, as
// content the store would not write).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "libsqlstore/libsqlstore.hpp"

namespace {

using libsqlstore::Json;

Json read(libsqlstore::LibSQLStore& store, const char* format) {
  return libsqlstore::json_api::call(store, "getMessages",
                                     Json::array({{{"threadId", "t"}, {"format", format}}}));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* const kRoles[] = {"user", "assistant", "system", "tool"};
  static const char* const kTypes[] = {"text", "tool-call", "tool-result", "v2"};
  const std::string content(reinterpret_cast<const char*>(data + 1), size - 1);
  if (libsqlstore::json_api::invalid_utf8_at(content) != std::string::npos) {
    return 0;  // SQLite text is UTF-8; other bytes never reach a reader as text
  }
  libsqlstore::LibSQLStore store(libsqlstore::StoreOptions{.url = ":memory:"});
  store.init();
  store.insert("mastra_threads", Json{{"id", "t"},
                                      {"resourceId", "r"},
                                      {"title", "t"},
                                      {"metadata", nullptr},
                                      {"createdAt", "2024-01-01T00:00:00.000Z"},
                                      {"updatedAt", "2024-01-01T00:00:00.000Z"}});
  store.insert("mastra_messages", Json{{"id", "m"},
                                       {"thread_id", "t"},
                                       {"content", content},
                                       {"role", kRoles[data[0] % 4]},
                                       {"type", kTypes[(data[0] >> 2) % 4]},
                                       {"createdAt", "2024-01-01T00:00:01.000Z"},
                                       {"resourceId", "r"}});
  Json v2;
  try {
    v2 = read(store, "v2");
  } catch (const libsqlstore::Error&) {
    return 0;  // a row the store cannot read is refused with a typed error
  }
  try {
    (void)read(store, "v1");
  } catch (const libsqlstore::Error&) {
  }
  // What V2 reading answers is a message the store accepts and reads back as it is.
  if (!v2.is_array() || v2.size() != 1) std::abort();
  try {
    libsqlstore::json_api::call(store, "saveMessages",
                                Json::array({{{"messages", v2}, {"format", "v2"}}}));
  } catch (const libsqlstore::InvalidArgumentError&) {
    // Another program's row may hold what the store refuses to write (the system role, a file
    // part its V1 rendering cannot read): refused before anything is written, as such.
    return 0;
  } catch (const libsqlstore::Error& e) {
    std::fprintf(stderr, "read %s, saving it back failed: %s\n", v2.dump().c_str(), e.what());
    std::abort();
  }
  if (read(store, "v2") != v2) {
    std::fprintf(stderr, "read %s, saved it, read %s\n", v2.dump().c_str(),
                 read(store, "v2").dump().c_str());
    std::abort();
  }
  return 0;
}
