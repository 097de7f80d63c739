// LibSQLStore::Impl: what every domain's part of the facade shares.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "libsqlstore/store.hpp"

#include "core/db.hpp"
#include "core/url.hpp"

namespace libsqlstore {

struct LibSQLStore::Impl {
  explicit Impl(StoreOptions opts);

  /// Runs init() once if options.autoInit is set. Cheap after the first call.
  void ensure_ready();
  /// Creates or upgrades the schema (LibSQLStore::init()).
  void init();

  StoreOptions options;
  core::DatabaseUrl url;
  core::BusyRetry retry;
  std::unique_ptr<core::Db> db;
  std::atomic<bool> initialized{false};
  std::mutex init_mutex;
};

}  // namespace libsqlstore
