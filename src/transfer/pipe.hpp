// A bounded in-memory pipe between two threads, with a std::ostream on one end and a
// std::istream on the other: how copy_data() feeds an export into an import without a file.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <istream>
#include <mutex>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

namespace libsqlstore::transfer {

/// Thread-safety: one writer thread and one reader thread.
class Pipe {
 public:
  explicit Pipe(std::size_t capacity = std::size_t{1} << 20);

  /// Blocks while the pipe is full; false (nothing written) once the reader has closed.
  bool write(const char* data, std::size_t size);
  /// The writer is done: the reader sees the end after what was written.
  void close_write();
  /// Blocks while the pipe is empty; 0 at the end.
  std::size_t read(char* data, std::size_t size);
  /// The reader is done: later writes fail.
  void close_read();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<char> ring_;
  std::size_t head_ = 0;  ///< next byte to read
  std::size_t size_ = 0;  ///< bytes held
  bool write_closed_ = false;
  bool read_closed_ = false;
};

/// The writing end as a stream buffer (buffered; sync() and destruction flush).
class PipeWriteBuffer final : public std::streambuf {
 public:
  explicit PipeWriteBuffer(Pipe& pipe);
  ~PipeWriteBuffer() override;
  PipeWriteBuffer(const PipeWriteBuffer&) = delete;
  PipeWriteBuffer& operator=(const PipeWriteBuffer&) = delete;
  PipeWriteBuffer(PipeWriteBuffer&&) = delete;
  PipeWriteBuffer& operator=(PipeWriteBuffer&&) = delete;

 protected:
  int_type overflow(int_type c) override;
  int sync() override;

 private:
  bool flush_buffer();
  Pipe& pipe_;
  std::vector<char> buffer_;
};

/// The reading end as a stream buffer.
class PipeReadBuffer final : public std::streambuf {
 public:
  explicit PipeReadBuffer(Pipe& pipe);

 protected:
  int_type underflow() override;

 private:
  Pipe& pipe_;
  std::vector<char> buffer_;
};

}  // namespace libsqlstore::transfer
