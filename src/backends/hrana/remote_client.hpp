// The remote backend: a libSQL server (sqld, Turso, tursodb --sync-server) over Hrana 2 on HTTP.
#pragma once

#include <memory>

#include "libsqlstore/options.hpp"

#include "core/client.hpp"
#include "core/retry.hpp"
#include "core/url.hpp"

namespace libsqlstore::hrana {

/// Creates the client for a parsed remote URL. The token is `url.auth_token`, else
/// `options.authToken`. Does not contact the server (the first call does).
/// Refused connections are retried with `clock`'s waits (tests pass a fake clock).
std::unique_ptr<core::Client> make_remote_client(const core::DatabaseUrl& url,
                                                 const StoreOptions& options,
                                                 core::Clock& clock = core::Clock::system());

/// Forgets what this process learned about servers (which ones reject "close"), so that a test
/// starts from nothing.
void forget_learned_server_quirks();

}  // namespace libsqlstore::hrana
