// The conformance suite's backends: every test of tests/conformance runs once per backend
// (":memory:", a temporary file, and a remote server when one is configured), so one suite
// proves every backend behaves the same.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

namespace libsqlstore::testing {

/// A backend a conformance test can run on.
struct BackendParam {
  std::string name;  ///< "memory", "file", "remote", ... (used in the test name)
  /// Makes options for a fresh, empty database (a new temp file, a wiped remote database).
  std::function<StoreOptions()> fresh;
};

/// gtest prints the backend by name.
inline void PrintTo(const BackendParam& param, std::ostream* os) { *os << param.name; }

/// The backends of this run: memory and file always; others as registered.
std::vector<BackendParam> conformance_backends();

/// Adds a backend (the remote suite registers itself from a static initializer).
void register_backend(BackendParam param);

class HranaTestServer;
/// The fake Hrana server behind the "hrana_fake" backend (tests/support/remote_backends.cpp),
/// for tests that look at its database file directly.
HranaTestServer& conformance_hrana_server();

/// A directory removed when the process exits.
std::filesystem::path temp_dir();

/// A unique path in temp_dir() ending with `suffix`.
std::string temp_path(const std::string& suffix = ".db");

class StoreTest : public ::testing::TestWithParam<BackendParam> {
 protected:
  void SetUp() override;
  /// Options of this test's database (same database every call).
  const StoreOptions& options() const { return options_; }
  /// The store under test, initialised.
  LibSQLStore& store() { return *store_; }
  /// Opens another store on the same database (a second connection).
  std::unique_ptr<LibSQLStore> reopen() const;

 private:
  StoreOptions options_;
  std::unique_ptr<LibSQLStore> store_;
};

/// Timestamp helper: 2024-01-01T00:00:00.000Z + `seconds`.
Timestamp ts(std::int64_t seconds);

}  // namespace libsqlstore::testing

#define LIBSQLSTORE_INSTANTIATE_CONFORMANCE(Suite)                                              \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                                     \
                           ::testing::ValuesIn(::libsqlstore::testing::conformance_backends()), \
                           [](const auto& param_info) { return param_info.param.name; })
