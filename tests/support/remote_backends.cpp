// Registers the remote conformance backends, so every conformance test also runs over Hrana:
//  - "hrana_fake": the in-process HranaTestServer (with a Bearer token), always;
//  - "remote": the server at $LIBSQLSTORE_TEST_REMOTE_URL (tursodb in CI, see
//    tests/backends/hrana/run_tursodb_suite.sh), with $LIBSQLSTORE_TEST_REMOTE_TOKEN if set;
//  - "replica": an embedded replica of that server in a new local file (it must speak the Turso
//    sync protocol, as tursodb does).
// Each test starts on an empty database: fresh() drops every table, index, view and trigger.
#include <cstdlib>
#include <memory>
#include <string>

#include "backends/hrana/remote_client.hpp"
#include "core/url.hpp"
#include "hrana_test_server.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Empties a remote database through the library's own Hrana client.
void wipe_remote(const StoreOptions& options) {
  const auto url = core::parse_database_url(options.url);
  auto client = hrana::make_remote_client(url, options);
  try {
    // A transaction some earlier failure left open on tursodb's single connection.
    const core::Statement rollback("ROLLBACK");
    client->batch({&rollback, 1}, core::Access::Read);
  } catch (const Error&) {
    // none was open: the normal case
  }
  const core::Statement list(
      "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND "
      "type IN ('table', 'index', 'view', 'trigger') ORDER BY type = 'table'");
  const auto rs = client->batch({&list, 1}, core::Access::Read);
  std::vector<core::Statement> drops;
  for (const auto& row : rs.front().rows) {
    const auto type = core::to_text(row[0]).value_or("");
    const auto name = core::to_text(row[1]).value_or("");
    std::string kind = type == "index"     ? "INDEX"
                       : type == "view"    ? "VIEW"
                       : type == "trigger" ? "TRIGGER"
                                           : "TABLE";
    drops.emplace_back("DROP " + kind + " IF EXISTS " + quote_identifier(name));
  }
  if (!drops.empty()) client->batch(drops, core::Access::Write);
}

const bool registered = [] {
  register_backend(
      {"hrana_fake", [] {
         auto& server = conformance_hrana_server();
         SqlitePeek db(server.db_path());
         for (const auto& row : db.rows("SELECT type, name FROM sqlite_master WHERE name NOT LIKE "
                                        "'sqlite_%' AND type IN ('table', 'view', 'trigger')")) {
           db.exec("DROP " +
                   std::string(row[0] == "view"      ? "VIEW"
                               : row[0] == "trigger" ? "TRIGGER"
                                                     : "TABLE") +
                   " IF EXISTS " + quote_identifier(row[1]));
         }
         return StoreOptions{.url = server.url(), .authToken = "fake-conformance-token"};
       }});
  const char* url = std::getenv("LIBSQLSTORE_TEST_REMOTE_URL");
  if (url != nullptr && *url != '\0') {
    StoreOptions options{.url = url};
    if (const char* token = std::getenv("LIBSQLSTORE_TEST_REMOTE_TOKEN"); token && *token)
      options.authToken = token;
    register_backend({"remote", [options] {
                        wipe_remote(options);
                        return options;
                      }});
    // An embedded replica of that server (docs/replica.md): a new local file per test.
    register_backend({"replica", [options] {
                        wipe_remote(options);
                        StoreOptions replica = options;
                        replica.syncUrl = options.url;
                        replica.url = "file:" + temp_path();
                        return replica;
                      }});
  }
  return true;
}();

}  // namespace

HranaTestServer& conformance_hrana_server() {
  static HranaTestServer server(HranaTestServer::Options{.token = "fake-conformance-token"});
  return server;
}

}  // namespace libsqlstore::testing
