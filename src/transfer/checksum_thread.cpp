#include "transfer/checksum_thread.hpp"

namespace libsqlstore::transfer {
namespace {

constexpr std::size_t kBlock = std::size_t{1} << 20;
constexpr std::size_t kQueued = 4;

}  // namespace

ChecksumThread::ChecksumThread() : worker_([this] { run(); }) { block_.reserve(kBlock); }

ChecksumThread::~ChecksumThread() {
  {
    const std::lock_guard lock(mutex_);
    done_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void ChecksumThread::update(std::string_view bytes) {
  while (!bytes.empty()) {
    const std::size_t take = std::min(bytes.size(), kBlock - block_.size());
    block_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (block_.size() == kBlock) hand_over();
  }
}

void ChecksumThread::hand_over() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queue_.size() < kQueued; });
  queue_.push_back(std::move(block_));
  lock.unlock();
  changed_.notify_all();
  block_ = std::string();
  block_.reserve(kBlock);
}

void ChecksumThread::run() {
  for (;;) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return done_ || !queue_.empty(); });
    if (queue_.empty()) return;  // done, and nothing left
    std::string block = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    changed_.notify_all();
    sha_.update(block);
  }
}

std::string ChecksumThread::digest() {
  if (!block_.empty()) hand_over();
  {
    const std::lock_guard lock(mutex_);
    done_ = true;
  }
  changed_.notify_all();
  worker_.join();
  return sha_.hex_digest();
}

}  // namespace libsqlstore::transfer
