#include "store_fixture.hpp"

#include <atomic>
#include <cstdlib>

#include <unistd.h>

namespace libsqlstore::testing {

namespace {

std::vector<BackendParam>& extra_backends() {
  static std::vector<BackendParam> backends;
  return backends;
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    auto base =
        std::filesystem::temp_directory_path() / ("libsqlstore-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(base);
    path = base;
  }
  ~TempDir() {
    std::error_code ec;
    if (std::getenv("LIBSQLSTORE_KEEP_TEST_FILES") == nullptr)
      std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

std::filesystem::path temp_dir() {
  static TempDir dir;
  return dir.path;
}

std::string temp_path(const std::string& suffix) {
  static std::atomic<int> counter{0};
  return (temp_dir() / ("db-" + std::to_string(counter++) + suffix)).string();
}

void register_backend(BackendParam param) { extra_backends().push_back(std::move(param)); }

std::vector<BackendParam> conformance_backends() {
  std::vector<BackendParam> out = {
      {"memory", [] { return StoreOptions{.url = ":memory:"}; }},
      {"file", [] { return StoreOptions{.url = "file:" + temp_path()}; }},
      // The same with group commit: every write goes through the grouped path.
      {"file_grouped",
       [] { return StoreOptions{.url = "file:" + temp_path(), .groupCommit = true}; }},
  };
  for (const auto& b : extra_backends()) out.push_back(b);
  return out;
}

void StoreTest::SetUp() {
  options_ = GetParam().fresh();
  store_ = std::make_unique<LibSQLStore>(options_);
  store_->init();
}

std::unique_ptr<LibSQLStore> StoreTest::reopen() const {
  auto s = std::make_unique<LibSQLStore>(options_);
  return s;
}

Timestamp ts(std::int64_t seconds) {
  return Timestamp{std::chrono::milliseconds{1704067200000LL + seconds * 1000}};
}

}  // namespace libsqlstore::testing
