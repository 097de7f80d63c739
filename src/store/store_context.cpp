#include "store/store_context.hpp"

#include "backends/hrana/remote_client.hpp"
#include "backends/replica/replica_client.hpp"
#include "backends/sqlite/sqlite_client.hpp"
#include "core/errors.hpp"
#include "schema/migrations.hpp"

namespace libsqlstore::detail {

namespace {

StoreOptions checked(StoreOptions options, const core::DatabaseUrl& url) {
  if (options.maxRetries < 0) core::invalid_argument("maxRetries must be >= 0");
  if (options.maxResponseBytes == 0) core::invalid_argument("maxResponseBytes must be > 0");
  if (options.syncInterval.count() < 0) core::invalid_argument("syncInterval must be >= 0");
  if (url.read_only) options.readOnly = true;
  return options;
}

std::unique_ptr<core::Client> open_client(const core::DatabaseUrl& url, const StoreOptions& options,
                                          const core::BusyRetry& retry) {
  if (!options.syncUrl.empty()) {
    const auto primary = core::parse_database_url(options.syncUrl);
    if (primary.kind != BackendKind::Remote) {
      core::invalid_argument("syncUrl must name a remote primary (libsql://, https://, http://)",
                             Json{{"syncUrl", "(not a remote URL)"}});
    }
    if (url.kind != BackendKind::File) {
      throw InvalidArgumentError("LIBSQL_STORE_INVALID_URL", ErrorCategory::User,
                                 "an embedded replica (syncUrl) needs url to be a local file "
                                 "(file:replica.db)");
    }
    return std::make_unique<replica::ReplicaClient>(url, primary, options, retry);
  }
  if (url.kind == BackendKind::Remote) return hrana::make_remote_client(url, options);
  return std::make_unique<sqlite::SqliteClient>(url, options, retry);
}

}  // namespace

StoreContext::StoreContext(StoreOptions options)
    : url_(core::parse_database_url(options.url)),
      options_(checked(std::move(options), url_)),
      retry_(options_) {
  db_ = std::make_unique<core::Db>(open_client(url_, options_, retry_), retry_, options_);
}

StoreContext::StoreContext(StoreOptions options, std::unique_ptr<core::Client> client)
    : url_(core::parse_database_url(options.url)),
      options_(checked(std::move(options), url_)),
      retry_(options_) {
  db_ = std::make_unique<core::Db>(std::move(client), retry_, options_);
}

core::Db& StoreContext::db() {
  if (options_.autoInit && !initialized_.load(std::memory_order_acquire)) init();
  return *db_;
}

void StoreContext::init() {
  core::MutexLock lock(init_mutex_);
  core::guarded("LIBSQL_STORE_INIT_FAILED", Json::object(), [&] {
    schema::migrate(*db_,
                    options_.readOnly ? schema::MigrateMode::ReadOnly : schema::MigrateMode::Write);
  });
  initialized_.store(true, std::memory_order_release);
}

core::Capabilities StoreContext::capabilities() {
  core::MutexLock lock(capabilities_mutex_);
  if (!capabilities_) capabilities_ = db_->capabilities();
  return *capabilities_;
}

}  // namespace libsqlstore::detail
