#include "backends/hrana/remote_client.hpp"

#include "libsqlstore/error.hpp"

namespace libsqlstore::hrana {

// Placeholder until the Hrana client lands (issue: remote libSQL). Fails loudly, never silently.
std::unique_ptr<core::Client> make_remote_client(const core::DatabaseUrl& url,
                                                 const StoreOptions&) {
  throw ConnectionError(
      "LIBSQL_STORE_REMOTE_UNSUPPORTED", ErrorCategory::User,
      "Remote databases (" + url.http_base() + ") are not supported by this build yet");
}

}  // namespace libsqlstore::hrana
