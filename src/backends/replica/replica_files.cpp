// The replica's files. Besides backends/sqlite, the only place that sees <sqlite3.h>: applying
// changes takes SQLite's own EXCLUSIVE lock and writes through SQLite's file handle, so that
// POSIX lock semantics (closing any descriptor drops the process's locks) cannot bite.
#include "backends/replica/replica_files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <utility>

#include "libsqlstore/error.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backends/replica/pull_protocol.hpp"

namespace libsqlstore::replica {

namespace {

constexpr std::uint64_t kFormatVersion = 1;
constexpr const char* kStateFormat = "libsqlstore-replica/1";

[[noreturn]] void io_failure(const std::string& what, const std::string& path, int err) {
  throw Error("LIBSQL_STORE_REPLICA_IO_FAILED", ErrorCategory::System,
              "replica: cannot " + what + " " + path + ": " + std::strerror(err),
              Json{{"path", path}, {"errno", err}, {"code", "REPLICA_IO_FAILED"}});
}

[[noreturn]] void corrupt(const std::string& path, const std::string& why) {
  throw DataError("LIBSQL_STORE_REPLICA_CORRUPT", ErrorCategory::System,
                  "replica: " + path + " " + why +
                      "; delete the database and its -replica files to bootstrap it again",
                  Json{{"path", path}, {"code", "REPLICA_CORRUPT"}});
}

// A file descriptor closed on scope exit.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

void write_all(int fd, const void* data, std::size_t n, std::uint64_t offset,
               const std::string& path) {
  const auto* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = ::pwrite(fd, p, n, static_cast<off_t>(offset));
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) io_failure("write", path, errno);
    p += w;
    n -= static_cast<std::size_t>(w);
    offset += static_cast<std::uint64_t>(w);
  }
}

// Reads exactly n bytes at offset; false when the file ends first.
bool read_exact(int fd, void* data, std::size_t n, std::uint64_t offset, const std::string& path) {
  auto* p = static_cast<char*>(data);
  while (n > 0) {
    const ssize_t r = ::pread(fd, p, n, static_cast<off_t>(offset));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) io_failure("read", path, errno);
    if (r == 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
    offset += static_cast<std::uint64_t>(r);
  }
  return true;
}

void sync_fd(int fd, const std::string& path) {
  if (::fsync(fd) != 0) io_failure("sync", path, errno);
}

void sync_directory_of(const std::string& path) {
  const auto dir = std::filesystem::path(path).parent_path().string();
  Fd fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) io_failure("open the directory of", path, errno);
  sync_fd(fd.get(), dir);
}

void rename_durably(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) io_failure("rename " + from + " to", to, errno);
  sync_directory_of(to);
}

std::uint64_t fnv1a(std::uint64_t h, const void* data, std::size_t n) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

void put_le64(std::uint8_t* out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
std::uint64_t get_le64(const std::uint8_t* in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{in[i]} << (8 * i);
  return v;
}
void put_be32(std::uint8_t* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * (3 - i)));
}
std::uint32_t get_be32(const std::uint8_t* in) {
  return (std::uint32_t{in[0]} << 24) | (std::uint32_t{in[1]} << 16) | (std::uint32_t{in[2]} << 8) |
         std::uint32_t{in[3]};
}

// A record of the staging file: type (1 byte), number (u64), payload length (u32), payload,
// then FNV-1a 64 over everything before it.
constexpr std::size_t kRecordHead = 1 + 8 + 4;

// Page 1's header fields the replica owns.
void patch_header(std::uint8_t* page0, std::uint32_t change_counter, std::uint64_t db_size) {
  page0[18] = 1;  // file format write version: legacy (rollback journal), not WAL
  page0[19] = 1;  // read version
  put_be32(page0 + 24, change_counter);
  put_be32(page0 + 28, static_cast<std::uint32_t>(db_size));
  put_be32(page0 + 92, change_counter);  // version-valid-for: the in-header size is valid
}

void check_first_page(const std::uint8_t* page0, const std::string& path) {
  static constexpr char kMagic[] = "SQLite format 3";
  const unsigned page_size = (unsigned{page0[16]} << 8) | page0[17];
  if (std::memcmp(page0, kMagic, sizeof kMagic) != 0) {
    throw DataError("LIBSQL_STORE_REPLICA_PROTOCOL_ERROR", ErrorCategory::ThirdParty,
                    "replica: the primary's page 1 is not an SQLite header (for " + path + ")",
                    Json{{"code", "REPLICA_PULL_MALFORMED"}});
  }
  if (page_size != kPageSize) {
    throw UnsupportedError("LIBSQL_STORE_REPLICA_UNSUPPORTED", ErrorCategory::ThirdParty,
                           "replica: the primary's page size is " + std::to_string(page_size) +
                               "; the sync protocol carries 4096-byte pages only",
                           Json{{"code", "REPLICA_PAGE_SIZE"}});
  }
}

struct SqliteCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};

[[noreturn]] void sqlite_failure(sqlite3* db, int rc, const std::string& what,
                                 const std::string& path) {
  const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const Json details{{"path", path},
                     {"code", (rc & 0xff) == SQLITE_BUSY ? "REPLICA_BUSY" : "REPLICA_IO_FAILED"},
                     {"sqlite", sqlite3_errstr(rc)}};
  if ((rc & 0xff) == SQLITE_BUSY) {
    throw BusyError("LIBSQL_STORE_REPLICA_BUSY", ErrorCategory::ThirdParty,
                    "replica: " + path + " stayed locked by a reader while " + what, details);
  }
  throw Error("LIBSQL_STORE_REPLICA_IO_FAILED", ErrorCategory::System,
              "replica: " + what + " " + path + ": " + message, details);
}

}  // namespace

std::string state_path(const std::string& db_path) { return db_path + "-replica"; }
std::string staging_path(const std::string& db_path) { return db_path + "-replica-pull"; }
std::string lock_path(const std::string& db_path) { return db_path + "-replica-lock"; }

PullLock::PullLock(const std::string& db_path) {
  const auto path = lock_path(db_path);
  // Never deleted: removing a lock file while another process waits on it would let a third
  // create a new one and lock that.
  Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (fd.get() < 0) io_failure("create", path, errno);
  while (::flock(fd.get(), LOCK_EX) != 0) {
    if (errno != EINTR) io_failure("lock", path, errno);
  }
  fd_ = fd.release();
}

PullLock::~PullLock() { ::close(fd_); }  // closing the descriptor releases the lock

bool same_database(const ReplicaState& a, const ReplicaState& b) noexcept {
  return a.sync_url == b.sync_url && a.revision == b.revision && a.db_size == b.db_size &&
         a.change_counter == b.change_counter;
}

std::optional<ReplicaState> load_state(const std::string& db_path) {
  const auto path = state_path(db_path);
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    io_failure("open", path, errno);
  }
  std::string text;
  char buf[4096];
  for (;;) {
    const ssize_t r = ::read(fd.get(), buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) io_failure("read", path, errno);
    if (r == 0) break;
    text.append(buf, static_cast<std::size_t>(r));
    if (text.size() > (1u << 20)) corrupt(path, "is too large to be a replica state file");
  }
  const Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  try {
    if (!j.is_object() || j.value("format", "") != kStateFormat)
      corrupt(path, "is not a replica state file");
    ReplicaState s;
    s.sync_url = j.at("syncUrl").get<std::string>();
    s.revision = j.at("revision").get<std::string>();
    s.db_size = j.at("dbSize").get<std::uint64_t>();
    s.change_counter = j.at("changeCounter").get<std::uint32_t>();
    s.last_pull_unix_ms = j.at("lastPullUnixMs").get<std::int64_t>();
    return s;
  } catch (const Json::exception&) {
    corrupt(path, "is not a replica state file");
  }
}

void save_state(const std::string& db_path, const ReplicaState& state) {
  const auto path = state_path(db_path);
  const auto tmp = path + ".tmp";
  const std::string text = Json{{"format", kStateFormat},
                                {"syncUrl", state.sync_url},
                                {"revision", state.revision},
                                {"dbSize", state.db_size},
                                {"changeCounter", state.change_counter},
                                {"lastPullUnixMs", state.last_pull_unix_ms}}
                               .dump() +
                           "\n";
  {
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) io_failure("create", tmp, errno);
    write_all(fd.get(), text.data(), text.size(), 0, tmp);
    sync_fd(fd.get(), tmp);
  }
  rename_durably(tmp, path);
}

// ---- Staging ------------------------------------------------------------------------------------

PullStaging::PullStaging(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
PullStaging::PullStaging(PullStaging&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}
PullStaging& PullStaging::operator=(PullStaging&& other) noexcept {
  std::swap(fd_, other.fd_);
  std::swap(path_, other.path_);
  return *this;
}
PullStaging::~PullStaging() {
  if (fd_ >= 0) ::close(fd_);
}

PullStaging PullStaging::create(const std::string& db_path, const StagedPullHeader& header) {
  const auto path = staging_path(db_path);
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) io_failure("create", path, errno);
  PullStaging staging(fd.release(), path);
  const std::string text = Json{
      {"bootstrap", header.bootstrap},
      {"baseRevision", header.base_revision},
      {"serverRevision", header.server_revision},
      {"dbSize",
       header.db_size}}.dump();
  staging.write_record('H', kFormatVersion,
                       {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  return staging;
}

PullStaging PullStaging::resume(const std::string& db_path, std::uint64_t valid_bytes) {
  const auto path = staging_path(db_path);
  Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (fd.get() < 0) io_failure("open", path, errno);
  if (::ftruncate(fd.get(), static_cast<off_t>(valid_bytes)) != 0)
    io_failure("truncate", path, errno);
  if (::lseek(fd.get(), 0, SEEK_END) < 0) io_failure("seek", path, errno);
  return PullStaging(fd.release(), path);
}

void PullStaging::write_record(char type, std::uint64_t number,
                               std::span<const std::uint8_t> payload) {
  std::vector<std::uint8_t> record(kRecordHead + payload.size() + 8);
  record[0] = static_cast<std::uint8_t>(type);
  put_le64(record.data() + 1, number);
  const auto n = static_cast<std::uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) record[9 + i] = static_cast<std::uint8_t>(n >> (8 * i));
  if (!payload.empty()) std::memcpy(record.data() + kRecordHead, payload.data(), payload.size());
  const std::uint64_t sum =
      fnv1a(0xcbf29ce484222325ULL, record.data(), kRecordHead + payload.size());
  put_le64(record.data() + kRecordHead + payload.size(), sum);
  const std::uint8_t* p = record.data();
  std::size_t left = record.size();
  while (left > 0) {
    const ssize_t w = ::write(fd_, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) io_failure("write", path_, errno);
    p += w;
    left -= static_cast<std::size_t>(w);
  }
}

void PullStaging::append_page(std::uint64_t page_id, std::span<const std::uint8_t> page) {
  write_record('P', page_id, page);
}

void PullStaging::end_chunk(std::uint64_t next_page) {
  write_record('C', next_page, {});
  sync_fd(fd_, path_);
}

void PullStaging::complete() {
  write_record('E', 0, {});
  sync_fd(fd_, path_);
  sync_directory_of(path_);
}

std::optional<StagedPull> read_staging(const std::string& db_path) {
  const auto path = staging_path(db_path);
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    io_failure("open", path, errno);
  }
  StagedPull staged;
  bool have_header = false;
  std::size_t pages_at_boundary = 0;
  std::uint64_t offset = 0;
  std::vector<std::uint8_t> buf;
  for (;;) {
    std::uint8_t head[kRecordHead];
    if (!read_exact(fd.get(), head, kRecordHead, offset, path)) break;
    const std::uint64_t number = get_le64(head + 1);
    const std::uint32_t n = std::uint32_t{head[9]} | (std::uint32_t{head[10]} << 8) |
                            (std::uint32_t{head[11]} << 16) | (std::uint32_t{head[12]} << 24);
    if (n > (1u << 20)) break;
    buf.resize(kRecordHead + n + 8);
    std::memcpy(buf.data(), head, kRecordHead);
    if (!read_exact(fd.get(), buf.data() + kRecordHead, n + 8, offset + kRecordHead, path)) break;
    if (fnv1a(0xcbf29ce484222325ULL, buf.data(), kRecordHead + n) !=
        get_le64(buf.data() + kRecordHead + n))
      break;  // a torn or damaged tail
    const char type = static_cast<char>(head[0]);
    const std::uint64_t next = offset + kRecordHead + n + 8;
    if (!have_header) {
      if (type != 'H' || number != kFormatVersion) return std::nullopt;
      const Json j = Json::parse(buf.begin() + kRecordHead, buf.begin() + kRecordHead + n, nullptr,
                                 /*allow_exceptions=*/false);
      if (!j.is_object()) return std::nullopt;
      try {
        staged.header.bootstrap = j.at("bootstrap").get<bool>();
        staged.header.base_revision = j.at("baseRevision").get<std::string>();
        staged.header.server_revision = j.at("serverRevision").get<std::string>();
        staged.header.db_size = j.at("dbSize").get<std::uint64_t>();
      } catch (const Json::exception&) {
        return std::nullopt;
      }
      have_header = true;
      staged.valid_bytes = next;
    } else if (type == 'P' && n == kPageSize) {
      staged.pages.emplace_back(number, offset + kRecordHead);
    } else if (type == 'C') {
      staged.resume_at = number;
      pages_at_boundary = staged.pages.size();
      staged.valid_bytes = next;
    } else if (type == 'E') {
      staged.complete = true;
      pages_at_boundary = staged.pages.size();
      staged.valid_bytes = next;
      break;
    } else {
      break;
    }
    offset = next;
  }
  if (!have_header) return std::nullopt;
  staged.pages.resize(pages_at_boundary);
  return staged;
}

void remove_staging(const std::string& db_path) {
  const auto path = staging_path(db_path);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) io_failure("delete", path, errno);
}

// ---- Applying -------------------------------------------------------------------------------

namespace {

// Reads staged page bytes back.
class StagedPages {
 public:
  explicit StagedPages(const std::string& db_path) : path_(staging_path(db_path)) {
    fd_ = Fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd_.get() < 0) io_failure("open", path_, errno);
  }
  void read(std::uint64_t offset, std::uint8_t* page) const {
    if (!read_exact(fd_.get(), page, kPageSize, offset, path_))
      corrupt(path_, "ends inside a page");
  }

 private:
  std::string path_;
  Fd fd_;
};

ReplicaState apply_bootstrap(const std::string& db_path, const StagedPull& staged,
                             const ReplicaState& previous) {
  const auto& h = staged.header;
  const StagedPages source(db_path);
  std::vector<std::int64_t> where(h.db_size, -1);  // the newest staged copy of each page
  for (const auto& [id, offset] : staged.pages)
    if (id < h.db_size) where[id] = static_cast<std::int64_t>(offset);
  for (std::uint64_t id = 0; id < h.db_size; ++id) {
    if (where[id] < 0) {
      throw DataError("LIBSQL_STORE_REPLICA_INCOMPLETE", ErrorCategory::ThirdParty,
                      "replica: the primary sent no page " + std::to_string(id + 1) + " of " +
                          std::to_string(h.db_size) +
                          " (its log no longer holds every page: it was checkpointed); the "
                          "sync protocol cannot bootstrap a replica of it",
                      Json{{"code", "REPLICA_INCOMPLETE"}});
    }
  }
  ReplicaState next = previous;
  next.revision = h.server_revision;
  next.db_size = h.db_size;
  next.change_counter = previous.change_counter + 1;
  const auto tmp = db_path + ".replica-new";
  {
    Fd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (out.get() < 0) io_failure("create", tmp, errno);
    std::vector<std::uint8_t> page(kPageSize);
    for (std::uint64_t id = 0; id < h.db_size; ++id) {
      source.read(static_cast<std::uint64_t>(where[id]), page.data());
      if (id == 0) {
        check_first_page(page.data(), db_path);
        patch_header(page.data(), next.change_counter, h.db_size);
      }
      write_all(out.get(), page.data(), kPageSize, id * kPageSize, tmp);
    }
    if (::ftruncate(out.get(), static_cast<off_t>(h.db_size * kPageSize)) != 0)
      io_failure("truncate", tmp, errno);
    sync_fd(out.get(), tmp);
  }
  // A -journal of an older file under this name would be taken for a hot journal.
  ::unlink((db_path + "-journal").c_str());
  rename_durably(tmp, db_path);
  return next;
}

ReplicaState apply_changes(const std::string& db_path, const StagedPull& staged,
                           const ReplicaState& previous, const StoreOptions& options) {
  const auto& h = staged.header;
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<sqlite3, SqliteCloser> db(raw);
  if (rc != SQLITE_OK) sqlite_failure(raw, rc, "opening", db_path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(std::min<std::int64_t>(
                                options.busyTimeout.count(), std::numeric_limits<int>::max())));
  rc = sqlite3_exec(raw, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) sqlite_failure(raw, rc, "locking", db_path);
  sqlite3_file* file = nullptr;
  rc = sqlite3_file_control(raw, "main", SQLITE_FCNTL_FILE_POINTER, &file);
  if (rc != SQLITE_OK || file == nullptr || file->pMethods == nullptr) {
    sqlite3_exec(raw, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite_failure(raw, rc == SQLITE_OK ? SQLITE_ERROR : rc, "reaching the file of", db_path);
  }
  auto check = [&](int code, const char* what) {
    if (code != SQLITE_OK) {
      sqlite3_exec(raw, "ROLLBACK", nullptr, nullptr, nullptr);
      sqlite_failure(raw, code, what, db_path);
    }
  };
  ReplicaState next = previous;
  next.revision = h.server_revision;
  next.db_size = h.db_size;
  next.change_counter = previous.change_counter + 1;
  const StagedPages source(db_path);
  std::vector<std::uint8_t> page(kPageSize);
  std::vector<std::uint8_t> first(kPageSize);
  bool have_first = false;
  for (const auto& [id, offset] : staged.pages) {
    if (id >= h.db_size) continue;
    source.read(offset, page.data());
    if (id == 0) {
      first = page;
      have_first = true;
      continue;
    }
    check(file->pMethods->xWrite(
              file, page.data(), static_cast<int>(kPageSize),
              static_cast<sqlite3_int64>(id) * static_cast<sqlite3_int64>(kPageSize)),
          "writing pulled pages to");
  }
  if (!have_first) {
    check(file->pMethods->xRead(file, first.data(), static_cast<int>(kPageSize), 0),
          "reading the header of");
  }
  check_first_page(first.data(), db_path);
  patch_header(first.data(), next.change_counter, h.db_size);
  check(file->pMethods->xWrite(file, first.data(), static_cast<int>(kPageSize), 0),
        "writing the header of");
  check(file->pMethods->xTruncate(
            file, static_cast<sqlite3_int64>(h.db_size) * static_cast<sqlite3_int64>(kPageSize)),
        "truncating");
  check(file->pMethods->xSync(file, SQLITE_SYNC_FULL), "syncing");
  rc = sqlite3_exec(raw, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) sqlite_failure(raw, rc, "unlocking", db_path);
  return next;
}

}  // namespace

ReplicaState apply_staged(const std::string& db_path, const StagedPull& staged,
                          const ReplicaState& previous, const StoreOptions& options) {
  // Changes to an empty database are every page of the new one; and SQLite, asked to lock an
  // empty file, would write a fresh page 1 of its own at COMMIT.
  return staged.header.bootstrap || previous.db_size == 0
             ? apply_bootstrap(db_path, staged, previous)
             : apply_changes(db_path, staged, previous, options);
}

void check_unmodified(const std::string& db_path, const ReplicaState& state) {
  Fd fd(::open(db_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) corrupt(db_path, "is missing though its -replica state file exists");
    io_failure("open", db_path, errno);
  }
  std::uint8_t header[100];
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) io_failure("stat", db_path, errno);
  const bool same = state.db_size == 0
                        ? st.st_size == 0
                        : read_exact(fd.get(), header, sizeof header, 0, db_path) &&
                              header[18] == 1 && header[19] == 1 &&
                              get_be32(header + 24) == state.change_counter &&
                              static_cast<std::uint64_t>(st.st_size) == state.db_size * kPageSize;
  if (!same) {
    throw DataError("LIBSQL_STORE_REPLICA_MODIFIED", ErrorCategory::User,
                    "replica: " + db_path +
                        " was changed by something other than its replica (a write, or a switch "
                        "to WAL mode: open it read-only elsewhere); its pages no longer match the "
                        "primary's. Delete it and its -replica files to bootstrap it again",
                    Json{{"path", db_path}, {"code", "REPLICA_MODIFIED"}});
  }
}

}  // namespace libsqlstore::replica
