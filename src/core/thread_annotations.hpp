// Clang's thread-safety annotations (-Wthread-safety): the locking a class states in its header
// is checked by the compiler on the clang build (scripts/ci-leg.sh clang). Empty elsewhere.
// std::mutex carries no annotation in libstdc++, so the library's mutexes are core::Mutex, a
// std::mutex that does, locked with core::MutexLock.
#pragma once

#include <mutex>

#if defined(__clang__)
#define LIBSQLSTORE_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define LIBSQLSTORE_THREAD_ANNOTATION(x)
#endif

#define LIBSQLSTORE_CAPABILITY(name) LIBSQLSTORE_THREAD_ANNOTATION(capability(name))
#define LIBSQLSTORE_SCOPED_CAPABILITY LIBSQLSTORE_THREAD_ANNOTATION(scoped_lockable)
/// The member is read and written only with `mutex` held.
#define LIBSQLSTORE_GUARDED_BY(mutex) LIBSQLSTORE_THREAD_ANNOTATION(guarded_by(mutex))
/// The function must be called with `mutex` held.
#define LIBSQLSTORE_REQUIRES(...) LIBSQLSTORE_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
/// The function must not be called with `mutex` held (it takes it).
#define LIBSQLSTORE_EXCLUDES(...) LIBSQLSTORE_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define LIBSQLSTORE_ACQUIRE(...) LIBSQLSTORE_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define LIBSQLSTORE_RELEASE(...) LIBSQLSTORE_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define LIBSQLSTORE_ASSERT_CAPABILITY(x) LIBSQLSTORE_THREAD_ANNOTATION(assert_capability(x))

namespace libsqlstore::core {

/// A std::mutex the thread-safety analysis knows.
class LIBSQLSTORE_CAPABILITY("mutex") Mutex {
 public:
  void lock() LIBSQLSTORE_ACQUIRE() { mutex_.lock(); }
  void unlock() LIBSQLSTORE_RELEASE() { mutex_.unlock(); }
  /// Tells the analysis the calling thread holds the mutex (where it cannot see that, e.g. in a
  /// callback run under it). Checks nothing at run time.
  void assert_held() const LIBSQLSTORE_ASSERT_CAPABILITY(this) {}

 private:
  std::mutex mutex_;
};

/// Holds a Mutex for its scope.
class LIBSQLSTORE_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) LIBSQLSTORE_ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~MutexLock() LIBSQLSTORE_RELEASE() { mutex_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;
  MutexLock(MutexLock&&) = delete;
  MutexLock& operator=(MutexLock&&) = delete;

 private:
  Mutex& mutex_;
};

}  // namespace libsqlstore::core
