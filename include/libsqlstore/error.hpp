// libsqlstore: the exceptions every store operation may throw.
//
// One base, `Error`, carries what the reference's MastraError carries (a stable id such as
// "LIBSQL_STORE_GET_THREAD_BY_ID_FAILED", the domain "STORAGE", a category and details). The
// subclasses say what the caller should do about the failure; catch the most specific one you
// can act on. The ids are listed in docs/error-codes.md and are stable across releases.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "libsqlstore/export.hpp"
#include "libsqlstore/json.hpp"

namespace libsqlstore {

namespace detail {
struct ErrorAccess;
}  // namespace detail

/// Who is to blame, in the reference's terms.
enum class ErrorCategory {
  Unknown,     ///< "UNKNOWN"
  User,        ///< "USER": the caller's input or request is wrong.
  System,      ///< "SYSTEM": the library or the machine failed.
  ThirdParty,  ///< "THIRD_PARTY": the database engine or the server failed.
};

/// "UNKNOWN", "USER", "SYSTEM" or "THIRD_PARTY".
LIBSQLSTORE_EXPORT std::string_view to_string(ErrorCategory category) noexcept;

/// Base of every exception libsqlstore throws. An Error is immutable: a store method that gives a
/// failure its own id throws a new error of the same type (see ErrorOf) instead of changing it.
class LIBSQLSTORE_EXPORT Error : public std::runtime_error {
 public:
  /// A NUL byte in `message` is written as "\u0000" (what() is a C string: it would end there).
  Error(std::string id, ErrorCategory category, const std::string& message,
        Json details = Json::object());

  /// Stable identifier, e.g. "LIBSQL_STORE_SAVE_THREAD_FAILED" (the reference's ids where it has
  /// one).
  const std::string& id() const noexcept { return id_; }
  /// Always "STORAGE".
  std::string_view domain() const noexcept { return "STORAGE"; }
  ErrorCategory category() const noexcept { return category_; }
  /// Structured context: the arguments of the failed call (e.g. {"threadId": "t1"}) and, where the
  /// database reported one, "code" (SQLite's extended result code name or the server's code).
  const Json& details() const noexcept { return details_; }

  /// The reference's MastraError.toJSON(): {"message", "details": {...}, "code": id}.
  Json to_json() const;

  Error(const Error&) = default;
  Error(Error&&) noexcept = default;
  Error& operator=(const Error&) = default;
  Error& operator=(Error&&) noexcept = default;
  ~Error() override = default;

 private:
  friend struct detail::ErrorAccess;
  /// Throws a copy of this error, of its dynamic type, with another id and details.
  [[noreturn]] virtual void throw_copy(std::string id, Json details) const;

  std::string id_;
  ErrorCategory category_;
  Json details_;
};

/// The base of each kind of error below: it knows how to copy itself with its own type.
template <class Self>
class LIBSQLSTORE_EXPORT ErrorOf : public Error {
 public:
  using Error::Error;

 private:
  [[noreturn]] void throw_copy(std::string id, Json details) const override {
    throw Self(std::move(id), category(), what(), std::move(details));
  }
};

/// The arguments are wrong: a bad URL, identifier, page number, missing required field. Fix the
/// call; retrying it unchanged fails again.
class LIBSQLSTORE_EXPORT InvalidArgumentError : public ErrorOf<InvalidArgumentError> {
 public:
  using ErrorOf::ErrorOf;
};

/// The object the call needs does not exist (e.g. update_thread on an unknown id).
class LIBSQLSTORE_EXPORT NotFoundError : public ErrorOf<NotFoundError> {
 public:
  using ErrorOf::ErrorOf;
};

/// The schema is missing or not what this library expects: call LibSQLStore::init() (or set
/// StoreOptions::autoInit) before using the store.
class LIBSQLSTORE_EXPORT SchemaError : public ErrorOf<SchemaError> {
 public:
  using ErrorOf::ErrorOf;
};

/// A database constraint rejected the write (NOT NULL, UNIQUE, CHECK, ...). Nothing was written.
class LIBSQLSTORE_EXPORT ConstraintError : public ErrorOf<ConstraintError> {
 public:
  using ErrorOf::ErrorOf;
};

/// The database stayed locked by another connection after all retries. Nothing was written; the
/// whole call may be retried later.
class LIBSQLSTORE_EXPORT BusyError : public ErrorOf<BusyError> {
 public:
  using ErrorOf::ErrorOf;
};

/// Stored data cannot be decoded (e.g. a JSON column holding malformed text). The row is left
/// untouched; details name the table, the row and the column.
class LIBSQLSTORE_EXPORT DataError : public ErrorOf<DataError> {
 public:
  using ErrorOf::ErrorOf;
};

/// The database could not be reached or opened (file permissions, DNS, refused connection). The
/// request certainly did not execute, so it is safe to retry.
class LIBSQLSTORE_EXPORT ConnectionError : public ErrorOf<ConnectionError> {
 public:
  using ErrorOf::ErrorOf;
};

/// The server refused the credentials (HTTP 401/403). Check the auth token.
class LIBSQLSTORE_EXPORT AuthenticationError : public ErrorOf<AuthenticationError> {
 public:
  using ErrorOf::ErrorOf;
};

/// The store cannot write: it was opened read-only (StoreOptions::readOnly, `?mode=ro`) or the
/// database refuses writes (file permissions). Nothing was written; open the store writable.
class LIBSQLSTORE_EXPORT ReadOnlyError : public ErrorOf<ReadOnlyError> {
 public:
  using ErrorOf::ErrorOf;
};

/// A write was sent but its outcome is unknown (timeout or connection lost after sending). It
/// may or may not have been applied; do not retry blindly, read the state first.
class LIBSQLSTORE_EXPORT InDoubtError : public ErrorOf<InDoubtError> {
 public:
  using ErrorOf::ErrorOf;
};

/// The backend cannot do what the call needs (e.g. keyword search on a server without FTS5).
/// Retrying fails again; use a backend that has the feature (BackendCapabilities says which).
class LIBSQLSTORE_EXPORT UnsupportedError : public ErrorOf<UnsupportedError> {
 public:
  using ErrorOf::ErrorOf;
};

}  // namespace libsqlstore
