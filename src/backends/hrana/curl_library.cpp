#include "backends/hrana/curl_library.hpp"

#include <atomic>
#include <string>

#include "libsqlstore/error.hpp"

#include <dlfcn.h>

namespace libsqlstore::hrana {

namespace {

std::atomic<bool> g_loaded{false};

[[noreturn]] void unavailable(const std::string& why) {
  throw ConnectionError("LIBSQL_STORE_REMOTE_CONNECTION_FAILED", ErrorCategory::System,
                        "Remote stores need libcurl (Debian: apt-get install libcurl4): " + why,
                        Json::object());
}

template <class Fn>
void resolve(void* lib, const char* name, Fn& out) {
  void* symbol = dlsym(lib, name);
  if (symbol == nullptr) unavailable(std::string("the loaded libcurl has no ") + name);
  // POSIX guarantees that a function's address survives the round trip through void*.
  out = reinterpret_cast<Fn>(symbol);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
}

CurlLibrary load() {
  void* lib = nullptr;
  std::string errors;
  for (const char* name : {"libcurl.so.4", "libcurl.so"}) {
    lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (lib != nullptr) break;
    const char* e = dlerror();
    errors += std::string(errors.empty() ? "" : "; ") + (e ? e : name);
  }
  if (lib == nullptr) unavailable(errors);
  CurlLibrary api;
  resolve(lib, "curl_global_init", api.global_init);
  resolve(lib, "curl_easy_init", api.easy_init);
  resolve(lib, "curl_easy_setopt", api.easy_setopt);
  resolve(lib, "curl_easy_perform", api.easy_perform);
  resolve(lib, "curl_easy_getinfo", api.easy_getinfo);
  resolve(lib, "curl_easy_cleanup", api.easy_cleanup);
  resolve(lib, "curl_easy_strerror", api.easy_strerror);
  resolve(lib, "curl_slist_append", api.slist_append);
  resolve(lib, "curl_slist_free_all", api.slist_free_all);
  if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) unavailable("curl_global_init failed");
  return api;
}

}  // namespace

const CurlLibrary& curl_library() {
  // Loaded once; a failure is remembered and reported again on every call.
  static const struct Loaded {
    CurlLibrary api;
    std::string error;
  } loaded = [] {
    Loaded out;
    try {
      out.api = load();
      g_loaded.store(true);
    } catch (const Error& e) {
      out.error = e.what();
    }
    return out;
  }();
  if (!loaded.error.empty()) {
    throw ConnectionError("LIBSQL_STORE_REMOTE_CONNECTION_FAILED", ErrorCategory::System,
                          loaded.error, Json::object());
  }
  return loaded.api;
}

bool curl_library_loaded() noexcept { return g_loaded.load(); }

}  // namespace libsqlstore::hrana
