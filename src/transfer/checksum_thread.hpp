// The dump's SHA-256, computed on a thread of its own: hashing 400 MB takes more than a second,
// which an export or an import would otherwise add to its own work. Bytes are collected in 1 MiB
// blocks; a bounded queue of blocks (4 MiB) keeps memory constant.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "core/sha256.hpp"

namespace libsqlstore::transfer {

/// Thread-safety: one thread calls update() and digest(); the hashing thread is internal.
class ChecksumThread {
 public:
  ChecksumThread();
  ~ChecksumThread();
  ChecksumThread(const ChecksumThread&) = delete;
  ChecksumThread& operator=(const ChecksumThread&) = delete;
  ChecksumThread(ChecksumThread&&) = delete;
  ChecksumThread& operator=(ChecksumThread&&) = delete;

  /// Appends bytes to the hashed message.
  void update(std::string_view bytes);
  /// The SHA-256 of everything appended, as 64 hex digits. Call once, after the last update().
  std::string digest();

 private:
  void hand_over();
  void run();

  std::string block_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> queue_;
  bool done_ = false;
  core::Sha256 sha_;  ///< used by the hashing thread only, until it has been joined
  std::thread worker_;
};

}  // namespace libsqlstore::transfer
