#include "transfer/pipe.hpp"

#include <algorithm>

namespace libsqlstore::transfer {

namespace {
constexpr std::size_t kBufferBytes = std::size_t{64} * 1024;
}  // namespace

Pipe::Pipe(std::size_t capacity) : ring_(std::max<std::size_t>(capacity, 1)) {}

bool Pipe::write(const char* data, std::size_t size) {
  std::unique_lock lock(mutex_);
  while (size > 0) {
    changed_.wait(lock, [&] { return read_closed_ || size_ < ring_.size(); });
    if (read_closed_) return false;
    const std::size_t tail = (head_ + size_) % ring_.size();
    const std::size_t room = std::min(ring_.size() - size_, ring_.size() - tail);
    const std::size_t n = std::min(room, size);
    std::copy_n(data, n, ring_.begin() + static_cast<std::ptrdiff_t>(tail));
    size_ += n;
    data += n;
    size -= n;
    changed_.notify_all();
  }
  return true;
}

void Pipe::close_write() {
  const std::lock_guard lock(mutex_);
  write_closed_ = true;
  changed_.notify_all();
}

std::size_t Pipe::read(char* data, std::size_t size) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return write_closed_ || size_ > 0; });
  const std::size_t n = std::min({size, size_, ring_.size() - head_});
  std::copy_n(ring_.begin() + static_cast<std::ptrdiff_t>(head_), n, data);
  head_ = (head_ + n) % ring_.size();
  size_ -= n;
  changed_.notify_all();
  return n;
}

void Pipe::close_read() {
  const std::lock_guard lock(mutex_);
  read_closed_ = true;
  changed_.notify_all();
}

PipeWriteBuffer::PipeWriteBuffer(Pipe& pipe) : pipe_(pipe), buffer_(kBufferBytes) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

PipeWriteBuffer::~PipeWriteBuffer() { flush_buffer(); }

bool PipeWriteBuffer::flush_buffer() {
  const auto n = static_cast<std::size_t>(pptr() - pbase());
  const bool ok = n == 0 || pipe_.write(pbase(), n);
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return ok;
}

PipeWriteBuffer::int_type PipeWriteBuffer::overflow(int_type c) {
  if (!flush_buffer()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int PipeWriteBuffer::sync() { return flush_buffer() ? 0 : -1; }

PipeReadBuffer::PipeReadBuffer(Pipe& pipe) : pipe_(pipe), buffer_(kBufferBytes) {
  setg(buffer_.data(), buffer_.data(), buffer_.data());
}

PipeReadBuffer::int_type PipeReadBuffer::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  const std::size_t n = pipe_.read(buffer_.data(), buffer_.size());
  if (n == 0) return traits_type::eof();
  setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
  return traits_type::to_int_type(*gptr());
}

}  // namespace libsqlstore::transfer
