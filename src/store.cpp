// LibSQLStore: construction, backend selection and schema management. The storage methods live
// with their domain (src/memory, src/workflows, ...).
#include "libsqlstore/store.hpp"

#include "backends/hrana/remote_client.hpp"
#include "backends/sqlite/sqlite_client.hpp"
#include "core/guard.hpp"
#include "core/store_impl.hpp"
#include "schema/migrations.hpp"

namespace libsqlstore {

namespace {

std::unique_ptr<core::Client> open_client(const core::DatabaseUrl& url, const StoreOptions& options,
                                          const core::BusyRetry& retry) {
  switch (url.kind) {
    case BackendKind::Memory:
    case BackendKind::File:
      return std::make_unique<sqlite::SqliteClient>(url, options, retry);
    case BackendKind::Remote:
      return hrana::make_remote_client(url, options);
  }
  return nullptr;
}

}  // namespace

LibSQLStore::Impl::Impl(StoreOptions opts)
    : options(std::move(opts)), url(core::parse_database_url(options.url)), retry(options) {
  if (options.maxRetries < 0) {
    throw InvalidArgumentError("LIBSQL_STORE_INVALID_ARGUMENT", ErrorCategory::User,
                               "maxRetries must be >= 0");
  }
  if (url.read_only) options.readOnly = true;
  db = std::make_unique<core::Db>(open_client(url, options, retry), retry, options);
}

void LibSQLStore::Impl::ensure_ready() {
  if (!options.autoInit || initialized.load(std::memory_order_acquire)) return;
  init();
}

void LibSQLStore::Impl::init() {
  std::lock_guard lock(init_mutex);
  core::guarded("LIBSQL_STORE_INIT_FAILED", Json::object(), [&] {
    schema::migrate(*db,
                    options.readOnly ? schema::MigrateMode::ReadOnly : schema::MigrateMode::Write);
  });
  initialized.store(true, std::memory_order_release);
}

LibSQLStore::LibSQLStore(StoreOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
LibSQLStore::~LibSQLStore() = default;
LibSQLStore::LibSQLStore(LibSQLStore&&) noexcept = default;
LibSQLStore& LibSQLStore::operator=(LibSQLStore&&) noexcept = default;

void LibSQLStore::init() { impl_->init(); }

BackendKind LibSQLStore::backend() const noexcept { return impl_->url.kind; }
const std::string& LibSQLStore::database_path() const noexcept { return impl_->url.path; }
const StoreOptions& LibSQLStore::options() const noexcept { return impl_->options; }

}  // namespace libsqlstore
