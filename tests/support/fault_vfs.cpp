#include "fault_vfs.hpp"

#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <vector>

#include <sqlite3.h>

namespace libsqlstore::testing {
namespace {

constexpr const char* kName = "libsqlstore-fault";

// A change to a file since its last sync.
struct Change {
  enum class Kind { Write, Truncate, Delete };
  Kind kind;
  sqlite3_int64 offset = 0;  // Write: where; Truncate: the new size
  std::string data;          // Write: the bytes
};

// What the disk holds of one file after a power loss: `durable` (nullopt: the file does not
// exist durably) and the changes since.
struct Tracked {
  std::optional<std::string> durable;
  std::vector<Change> pending;
  bool main_db = false;
};

std::optional<std::string> read_whole(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void apply(std::optional<std::string>& image, const Change& change) {
  switch (change.kind) {
    case Change::Kind::Delete:
      image.reset();
      return;
    case Change::Kind::Truncate:
      if (!image) image.emplace();
      image->resize(static_cast<std::size_t>(change.offset));
      return;
    case Change::Kind::Write: {
      if (!image) image.emplace();
      const auto end = static_cast<std::size_t>(change.offset) + change.data.size();
      if (image->size() < end) image->resize(end);
      std::memcpy(image->data() + change.offset, change.data.data(), change.data.size());
      return;
    }
  }
}

// The file object SQLite allocates (szOsFile bytes): ours, then the real VFS's.
struct FaultFile {
  sqlite3_file base;
  sqlite3_file* real;
  std::string* path;  // nullptr for files without a name (temporary)
  bool tracked;
};

constexpr std::size_t kRealOffset = (sizeof(FaultFile) + 15U) & ~std::size_t{15};

}  // namespace

struct FaultVfs::State {
  std::mutex mutex;
  sqlite3_vfs* real = nullptr;
  sqlite3_vfs vfs{};
  sqlite3_io_methods methods_wal{};
  sqlite3_io_methods methods_no_wal{};
  bool wal_supported = true;

  bool armed = false;
  Plan plan;
  std::int64_t counted = 0;
  std::int64_t injected = 0;

  std::int64_t power_countdown = -1;  // -1: no power failure planned
  bool powered_off = false;
  std::map<std::string, Tracked> files;

  enum class Verdict { Go, Fail, Dead };

  // One I/O step of `kind`: go on, fail it, or (power off) drop it. Under `mutex`.
  Verdict step(unsigned kind) {
    if (power_countdown == 0) {
      powered_off = true;
      power_countdown = -1;
    } else if (power_countdown > 0) {
      --power_countdown;
    }
    if (powered_off) return Verdict::Dead;
    if (!armed || (plan.steps & kind) == 0) return Verdict::Go;
    ++counted;
    if (counted == plan.nth || (plan.sticky && counted > plan.nth)) {
      ++injected;
      return Verdict::Fail;
    }
    return Verdict::Go;
  }

  Tracked* tracked(const FaultFile* file) {
    if (!file->tracked || !file->path) return nullptr;
    auto it = files.find(*file->path);
    return it == files.end() ? nullptr : &it->second;
  }
};

namespace {

FaultVfs::State& state() {
  static FaultVfs::State s;
  return s;
}

sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f)->real; }

int x_close(sqlite3_file* f) {
  auto* file = reinterpret_cast<FaultFile*>(f);
  int rc = SQLITE_OK;
  {
    std::lock_guard lock(state().mutex);
    if (file->real->pMethods) rc = file->real->pMethods->xClose(file->real);
  }
  delete file->path;
  file->path = nullptr;
  return rc;
}

int x_read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  if (s.step(FaultVfs::kRead) == FaultVfs::State::Verdict::Fail) return SQLITE_IOERR_READ;
  return real_of(f)->pMethods->xRead(real_of(f), buffer, amount, offset);
}

int x_write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  auto* file = reinterpret_cast<FaultFile*>(f);
  const auto verdict = s.step(FaultVfs::kWrite);
  if (verdict == FaultVfs::State::Verdict::Dead) return SQLITE_OK;
  int written = amount;
  int fail_rc = SQLITE_OK;
  if (verdict == FaultVfs::State::Verdict::Fail) {
    switch (s.plan.failure) {
      case FaultVfs::Failure::Eio:
        return SQLITE_IOERR_WRITE;
      case FaultVfs::Failure::Enospc:
        return SQLITE_FULL;
      case FaultVfs::Failure::ShortWrite:
        written = amount / 2;
        fail_rc = SQLITE_FULL;
        break;
    }
  }
  if (written > 0) {
    const int rc = file->real->pMethods->xWrite(file->real, buffer, written, offset);
    if (rc != SQLITE_OK) return rc;
    if (auto* t = s.tracked(file)) {
      t->pending.push_back(
          {Change::Kind::Write, offset,
           std::string(static_cast<const char*>(buffer), static_cast<std::size_t>(written))});
    }
  }
  return fail_rc;
}

int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  auto* file = reinterpret_cast<FaultFile*>(f);
  const auto verdict = s.step(FaultVfs::kWrite);
  if (verdict == FaultVfs::State::Verdict::Dead) return SQLITE_OK;
  if (verdict == FaultVfs::State::Verdict::Fail) return SQLITE_IOERR_TRUNCATE;
  const int rc = file->real->pMethods->xTruncate(file->real, size);
  if (rc == SQLITE_OK) {
    if (auto* t = s.tracked(file)) t->pending.push_back({Change::Kind::Truncate, size, {}});
  }
  return rc;
}

int x_sync(sqlite3_file* f, int flags) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  auto* file = reinterpret_cast<FaultFile*>(f);
  const auto verdict = s.step(FaultVfs::kSync);
  if (verdict == FaultVfs::State::Verdict::Dead) return SQLITE_OK;
  if (verdict == FaultVfs::State::Verdict::Fail) return SQLITE_IOERR_FSYNC;
  const int rc = file->real->pMethods->xSync(file->real, flags);
  if (rc == SQLITE_OK) {
    if (auto* t = s.tracked(file)) {
      for (const auto& change : t->pending) apply(t->durable, change);
      if (!t->durable) t->durable.emplace();  // synced: it exists
      t->pending.clear();
    }
  }
  return rc;
}

int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  std::lock_guard lock(state().mutex);
  return real_of(f)->pMethods->xFileSize(real_of(f), size);
}

int x_lock(sqlite3_file* f, int level) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  if (s.step(FaultVfs::kLock) == FaultVfs::State::Verdict::Fail) return SQLITE_IOERR_LOCK;
  return real_of(f)->pMethods->xLock(real_of(f), level);
}

int x_unlock(sqlite3_file* f, int level) {
  std::lock_guard lock(state().mutex);
  return real_of(f)->pMethods->xUnlock(real_of(f), level);
}

int x_check_reserved_lock(sqlite3_file* f, int* out) {
  std::lock_guard lock(state().mutex);
  return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}

int x_file_control(sqlite3_file* f, int op, void* arg) {
  std::lock_guard lock(state().mutex);
  return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}

int x_sector_size(sqlite3_file* f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }

int x_device_characteristics(sqlite3_file* f) {
  return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}

int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  std::lock_guard lock(state().mutex);
  return real_of(f)->pMethods->xShmMap(real_of(f), region, size, extend, out);
}

int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  if ((flags & SQLITE_SHM_LOCK) != 0 && s.step(FaultVfs::kLock) == FaultVfs::State::Verdict::Fail) {
    return SQLITE_IOERR_LOCK;
  }
  return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}

void x_shm_barrier(sqlite3_file* f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }

int x_shm_unmap(sqlite3_file* f, int delete_flag) {
  std::lock_guard lock(state().mutex);
  return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag);
}

// No memory-mapped reads: every page comes through x_read, where faults are.
int x_fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
  *out = nullptr;
  return SQLITE_OK;
}
int x_unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

int x_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  auto& s = *static_cast<FaultVfs::State*>(vfs->pAppData);
  auto* file = reinterpret_cast<FaultFile*>(f);
  file->base.pMethods = nullptr;
  file->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kRealOffset);
  file->path = nullptr;
  file->tracked = false;
  std::lock_guard lock(s.mutex);
  if (s.step(FaultVfs::kOpen) == FaultVfs::State::Verdict::Fail) return SQLITE_CANTOPEN;
  const bool durable_kind = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL |
                                      SQLITE_OPEN_WAL | SQLITE_OPEN_SUPER_JOURNAL)) != 0 &&
                            (flags & SQLITE_OPEN_DELETEONCLOSE) == 0 && name != nullptr;
  std::optional<std::string> before;
  if (durable_kind) before = read_whole(name);
  const int rc = s.real->xOpen(s.real, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (file->real->pMethods) file->real->pMethods->xClose(file->real);
    return rc;
  }
  file->base.pMethods = s.wal_supported ? &s.methods_wal : &s.methods_no_wal;
  if (name) file->path = new std::string(name);
  if (durable_kind) {
    file->tracked = true;
    auto [it, inserted] = s.files.try_emplace(name);
    if (inserted) it->second.durable = std::move(before);
    if ((flags & SQLITE_OPEN_MAIN_DB) != 0) it->second.main_db = true;
  }
  return SQLITE_OK;
}

int x_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  auto& s = *static_cast<FaultVfs::State*>(vfs->pAppData);
  std::lock_guard lock(s.mutex);
  const auto verdict = s.step(FaultVfs::kWrite);
  if (verdict == FaultVfs::State::Verdict::Dead) return SQLITE_OK;
  if (verdict == FaultVfs::State::Verdict::Fail) return SQLITE_IOERR_DELETE;
  const int rc = s.real->xDelete(s.real, name, sync_dir);
  if (rc == SQLITE_OK) {
    auto it = s.files.find(name);
    if (it != s.files.end()) {
      if (sync_dir != 0) {
        it->second.durable.reset();
        it->second.pending.clear();
      } else {
        it->second.pending.push_back({Change::Kind::Delete, 0, {}});
      }
    }
  }
  return rc;
}

sqlite3_vfs* real_vfs(sqlite3_vfs* vfs) {
  return static_cast<FaultVfs::State*>(vfs->pAppData)->real;
}

int x_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return real_vfs(vfs)->xAccess(real_vfs(vfs), name, flags, out);
}
int x_full_pathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return real_vfs(vfs)->xFullPathname(real_vfs(vfs), name, n, out);
}
void* x_dl_open(sqlite3_vfs* vfs, const char* name) {
  return real_vfs(vfs)->xDlOpen(real_vfs(vfs), name);
}
void x_dl_error(sqlite3_vfs* vfs, int n, char* out) {
  real_vfs(vfs)->xDlError(real_vfs(vfs), n, out);
}
void (*x_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return real_vfs(vfs)->xDlSym(real_vfs(vfs), handle, symbol);
}
void x_dl_close(sqlite3_vfs* vfs, void* handle) { real_vfs(vfs)->xDlClose(real_vfs(vfs), handle); }
int x_randomness(sqlite3_vfs* vfs, int n, char* out) {
  return real_vfs(vfs)->xRandomness(real_vfs(vfs), n, out);
}
int x_sleep(sqlite3_vfs* vfs, int micros) { return real_vfs(vfs)->xSleep(real_vfs(vfs), micros); }
int x_current_time(sqlite3_vfs* vfs, double* out) {
  return real_vfs(vfs)->xCurrentTime(real_vfs(vfs), out);
}
int x_get_last_error(sqlite3_vfs* vfs, int n, char* out) {
  return real_vfs(vfs)->xGetLastError(real_vfs(vfs), n, out);
}
int x_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return real_vfs(vfs)->xCurrentTimeInt64(real_vfs(vfs), out);
}

}  // namespace

FaultVfs& FaultVfs::install() {
  static FaultVfs instance;
  static std::once_flag once;
  std::call_once(once, [] {
    auto& s = state();
    s.real = sqlite3_vfs_find("unix");
    if (!s.real) throw std::runtime_error("FaultVfs: SQLite has no \"unix\" VFS");
    auto& m = s.methods_wal;
    m.iVersion = 3;
    m.xClose = x_close;
    m.xRead = x_read;
    m.xWrite = x_write;
    m.xTruncate = x_truncate;
    m.xSync = x_sync;
    m.xFileSize = x_file_size;
    m.xLock = x_lock;
    m.xUnlock = x_unlock;
    m.xCheckReservedLock = x_check_reserved_lock;
    m.xFileControl = x_file_control;
    m.xSectorSize = x_sector_size;
    m.xDeviceCharacteristics = x_device_characteristics;
    m.xShmMap = x_shm_map;
    m.xShmLock = x_shm_lock;
    m.xShmBarrier = x_shm_barrier;
    m.xShmUnmap = x_shm_unmap;
    m.xFetch = x_fetch;
    m.xUnfetch = x_unfetch;
    s.methods_no_wal = m;
    s.methods_no_wal.iVersion = 1;
    s.methods_no_wal.xShmMap = nullptr;
    s.methods_no_wal.xShmLock = nullptr;
    s.methods_no_wal.xShmBarrier = nullptr;
    s.methods_no_wal.xShmUnmap = nullptr;
    s.methods_no_wal.xFetch = nullptr;
    s.methods_no_wal.xUnfetch = nullptr;

    auto& v = s.vfs;
    v.iVersion = 2;
    v.szOsFile = static_cast<int>(kRealOffset) + s.real->szOsFile;
    v.mxPathname = s.real->mxPathname;
    v.zName = kName;
    v.pAppData = &s;
    v.xOpen = x_open;
    v.xDelete = x_delete;
    v.xAccess = x_access;
    v.xFullPathname = x_full_pathname;
    v.xDlOpen = x_dl_open;
    v.xDlError = x_dl_error;
    v.xDlSym = x_dl_sym;
    v.xDlClose = x_dl_close;
    v.xRandomness = x_randomness;
    v.xSleep = x_sleep;
    v.xCurrentTime = x_current_time;
    v.xGetLastError = x_get_last_error;
    v.xCurrentTimeInt64 = x_current_time_int64;
    if (sqlite3_vfs_register(&v, /*makeDflt=*/1) != SQLITE_OK) {
      throw std::runtime_error("FaultVfs: sqlite3_vfs_register failed");
    }
  });
  return instance;
}

void FaultVfs::arm(const Plan& plan) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  s.plan = plan;
  s.armed = true;
  s.counted = 0;
  s.injected = 0;
}

void FaultVfs::clear() {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  s.armed = false;
}

std::int64_t FaultVfs::steps() const {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  return s.counted;
}

std::int64_t FaultVfs::faults() const {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  return s.injected;
}

void FaultVfs::set_wal_supported(bool supported) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  s.wal_supported = supported;
}

void FaultVfs::mark_all_durable() {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  for (auto& [path, t] : s.files) {
    t.durable = read_whole(path);
    t.pending.clear();
  }
}

void FaultVfs::power_off_after(std::int64_t steps) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  if (steps <= 0) {
    s.powered_off = true;
    s.power_countdown = -1;
  } else {
    s.power_countdown = steps;
  }
}

bool FaultVfs::powered_off() const {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  return s.powered_off;
}

int FaultVfs::power_on(double keep, std::uint32_t seed) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  int dropped = 0;
  for (auto& [path, t] : s.files) {
    auto image = t.durable;
    // A delete that did not reach the disk takes every later change of the path with it: they
    // went to a new file whose directory entry (after the lost unlink) cannot exist either.
    bool lost_delete = false;
    for (const auto& change : t.pending) {
      if (!lost_delete && keep > 0.0 && coin(rng) < keep) {
        apply(image, change);
      } else {
        ++dropped;
        if (change.kind == Change::Kind::Delete) lost_delete = true;
      }
    }
    std::error_code ec;
    if (!image) {
      std::filesystem::remove(path, ec);
    } else {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(image->data(), static_cast<std::streamsize>(image->size()));
    }
    if (t.main_db) std::filesystem::remove(path + "-shm", ec);
    t.durable = std::move(image);
    t.pending.clear();
  }
  s.powered_off = false;
  s.power_countdown = -1;
  return dropped;
}

}  // namespace libsqlstore::testing
