// libFuzzer target: arbitrary text as a database URL (StoreOptions::url). parse_database_url()
// accepts it or throws InvalidArgumentError (LIBSQL_STORE_INVALID_URL); an accepted remote URL
// gives an http_base() that holds no token and parses again to the same endpoint.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libsqlstore/error.hpp"

#include "core/url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  libsqlstore::core::DatabaseUrl url;
  try {
    url = libsqlstore::core::parse_database_url(text);
  } catch (const libsqlstore::InvalidArgumentError& e) {
    if (std::string_view(e.id()) != "LIBSQL_STORE_INVALID_URL") std::abort();
    return 0;
  }
  if (url.kind != libsqlstore::BackendKind::Remote) return 0;
  // The endpoint is itself a URL naming the same server, and it carries no token (it reaches logs
  // and error messages).
  const std::string base = url.http_base();
  libsqlstore::core::DatabaseUrl again;
  try {
    again = libsqlstore::core::parse_database_url(base);
  } catch (const libsqlstore::Error& e) {
    std::fprintf(stderr, "the endpoint %s does not parse: %s\n", base.c_str(), e.what());
    std::abort();
  }
  if (again.scheme != url.scheme || again.host != url.host || again.port != url.port ||
      again.base_path != url.base_path || again.auth_token) {
    std::fprintf(stderr, "%s parses as another server than %s\n", base.c_str(),
                 std::string(text).c_str());
    std::abort();
  }
  return 0;
}
