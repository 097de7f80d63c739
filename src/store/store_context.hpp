// detail::StoreContext: what the domains of one store share (the database, the options, the
// schema state). Private to the library; the domain objects of include/libsqlstore/ hold one.
//
// Thread-safety: safe for concurrent use; init() runs once at a time (init_mutex_), the database
// serialises its own calls.
#pragma once

#include <atomic>
#include <memory>
#include <optional>

#include "libsqlstore/options.hpp"
#include "libsqlstore/types.hpp"

#include "core/client.hpp"
#include "core/db.hpp"
#include "core/guard.hpp"
#include "core/retry.hpp"
#include "core/thread_annotations.hpp"
#include "core/url.hpp"

namespace libsqlstore::detail {

class StoreContext {
 public:
  /// Opens the backend `options.url` names (see LibSQLStore's constructor for the errors).
  explicit StoreContext(StoreOptions options);
  /// A store over any Client, e.g. a fake one in tests (`options.url` still names the kind).
  StoreContext(StoreOptions options, std::unique_ptr<core::Client> client);
  StoreContext(const StoreContext&) = delete;
  StoreContext& operator=(const StoreContext&) = delete;
  StoreContext(StoreContext&&) = delete;
  StoreContext& operator=(StoreContext&&) = delete;
  ~StoreContext() = default;

  const StoreOptions& options() const noexcept { return options_; }
  const core::DatabaseUrl& url() const noexcept { return url_; }
  /// Writes run on a server: a remote store, or an embedded replica (whose reads are local).
  bool writes_remotely() const noexcept {
    return url_.kind == BackendKind::Remote || !options_.syncUrl.empty();
  }

  /// The database, ready for use: the first call runs init() when options.autoInit is set. A
  /// domain method validates its arguments first, then asks for the database.
  core::Db& db();

  /// Creates or upgrades the schema (LibSQLStore::init()), or checks it on a read-only store.
  void init();

  /// What the backend can do; asked once.
  core::Capabilities capabilities();

  /// Runs a domain method's body: every failure leaves with the method's id and details
  /// (core::guarded).
  template <class F>
  decltype(auto) call(const char* id, const core::Details& details, F&& body) {
    return core::guarded(id, details, std::forward<F>(body));
  }

 private:
  core::DatabaseUrl url_;  // before options_: they are checked against it
  StoreOptions options_;
  core::BusyRetry retry_;
  std::unique_ptr<core::Db> db_;
  std::atomic<bool> initialized_{false};
  core::Mutex init_mutex_;
  core::Mutex capabilities_mutex_;
  std::optional<core::Capabilities> capabilities_ LIBSQLSTORE_GUARDED_BY(capabilities_mutex_);
};

}  // namespace libsqlstore::detail
