// libcurl, loaded when the first remote store opens (dlopen), not when the program starts: a
// process that only opens local stores never maps it. libcurl and what it links (TLS, HTTP/2,
// LDAP, Kerberos, ...) add about 7 MiB of resident memory to a process that maps them.
#pragma once

#include <curl/curl.h>

namespace libsqlstore::hrana {

/// The libcurl functions the HTTP transport calls, resolved from the shared library.
struct CurlLibrary {
  CURLcode (*global_init)(long flags) = nullptr;
  CURL* (*easy_init)() = nullptr;
  CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...) = nullptr;
  CURLcode (*easy_perform)(CURL* handle) = nullptr;
  CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...) = nullptr;
  void (*easy_cleanup)(CURL* handle) = nullptr;
  const char* (*easy_strerror)(CURLcode code) = nullptr;
  curl_slist* (*slist_append)(curl_slist* list, const char* line) = nullptr;
  void (*slist_free_all)(curl_slist* list) = nullptr;
};

/// libcurl, loaded and initialised (curl_global_init) once per process on the first call; never
/// unloaded. Looks for "libcurl.so.4" (Debian's libcurl4 / libcurl3-gnutls ABI), then
/// "libcurl.so". ConnectionError (LIBSQL_STORE_REMOTE_CONNECTION_FAILED) when it cannot be loaded
/// or lacks a function, saying which; every later call fails the same way.
const CurlLibrary& curl_library();

/// Whether libcurl is loaded in this process (for tests: local stores must not load it).
bool curl_library_loaded() noexcept;

}  // namespace libsqlstore::hrana
