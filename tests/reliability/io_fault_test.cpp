// I/O faults at every step of every write method (issue #15.2). For each call of the workload
// (tests/reliability/write_workload.hpp) and each kind of fault, the call runs once per I/O step
// it makes, with that step failing: EIO on any step once, a disk that stays full from a write on,
// a short write, a sync or a read that keeps failing, a lock that fails once
// ($LIBSQLSTORE_FAULT_MODES=any: the first kind only). Each time:
//   - the call returns or throws a libsqlstore::Error (nothing else, no crash);
//   - the file passes integrity_check;
//   - it holds exactly the state before the call when the call threw, exactly the state after
//     it when it returned (nothing acknowledged before is lost, nothing half done);
//   - once the fault clears, the same store (not reopened) makes the call and reads.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "fault_vfs.hpp"
#include "store_fixture.hpp"
#include "write_workload.hpp"

namespace libsqlstore::testing {
namespace {

struct FaultMode {
  const char* name;
  unsigned steps;
  FaultVfs::Failure failure;
  bool sticky;
};

constexpr FaultMode kModes[] = {
    {"EIO on one step of any kind", FaultVfs::kAll, FaultVfs::Failure::Eio, false},
    {"disk full from one write on", FaultVfs::kWrite, FaultVfs::Failure::Enospc, true},
    {"one short write", FaultVfs::kWrite, FaultVfs::Failure::ShortWrite, false},
    {"EIO on every sync from one on", FaultVfs::kSync, FaultVfs::Failure::Eio, true},
    {"EIO on every read from one on", FaultVfs::kRead, FaultVfs::Failure::Eio, true},
    {"EIO on one lock", FaultVfs::kLock, FaultVfs::Failure::Eio, false},
};

// The fault kinds of this run: all of them, or with $LIBSQLSTORE_FAULT_MODES=any only the first
// (EIO once, on a step of any kind), which still fails every step once. The sanitizer legs use
// "any": their point is memory errors on the failure paths, and the other kinds would take them
// past CI's time budget.
std::vector<FaultMode> modes() {
  const char* env = std::getenv("LIBSQLSTORE_FAULT_MODES");
  if (env && std::string(env) == "any") return {kModes[0]};
  return {std::begin(kModes), std::end(kModes)};
}

struct FaultParam {
  WorkloadConfig config;
  std::size_t step;
};

std::vector<FaultParam> params() {
  std::vector<FaultParam> out;
  // "grouped": WAL with StoreOptions::groupCommit, whose commits take their own path
  // (backends/sqlite/group_commit.cpp).
  for (const auto& config :
       {WorkloadConfig{"wal", true, true}, WorkloadConfig{"rollback", false, true},
        WorkloadConfig{"grouped", true, true, true}}) {
    for (std::size_t i = 0; i < write_steps().size(); ++i) out.push_back({config, i});
  }
  return out;
}

// What a call made under an armed plan did.
struct Armed {
  bool threw = false;         // a libsqlstore::Error
  std::string error;          // its id, message and details
  std::string foreign;        // what() of any other exception (a defect)
  std::int64_t injected = 0;  // faults the VFS injected
};

template <class F>
Armed run_armed(FaultVfs& vfs, const FaultMode& mode, std::int64_t nth, F&& call) {
  Armed out;
  vfs.arm({.steps = mode.steps, .nth = nth, .failure = mode.failure, .sticky = mode.sticky});
  try {
    call();
  } catch (const Error& e) {
    out.threw = true;
    out.error = std::string(e.id()) + ": " + e.what() + " " + e.details().dump();
  } catch (const std::exception& e) {
    out.foreign = e.what();
  }
  out.injected = vfs.faults();
  vfs.clear();
  return out;
}

void PrintTo(const FaultParam& param, std::ostream* os) {
  *os << param.config.name << " " << write_steps()[param.step].name;
}

class IoFaultTest : public ::testing::TestWithParam<FaultParam> {};

TEST_P(IoFaultTest, EveryStepFailsCleanly) {
  const auto& [config, index] = GetParam();
  auto& vfs = FaultVfs::install();
  const Stages& stage = stages(config);
  vfs.set_wal_supported(config.wal);
  const WriteStep& step = write_steps()[index];
  const std::string& before = stage.fingerprints[index];
  const std::string& after = stage.fingerprints[index + 1];
  if (step.changes) {
    ASSERT_NE(before, after) << step.name << " changes nothing: the test would prove nothing";
  } else {
    ASSERT_EQ(before, after) << step.name << " should change no row";
  }
  const std::string path = temp_path("-fault.db");

  std::string summary;
  for (const FaultMode& mode : modes()) {
    int failed_calls = 0;
    std::int64_t nth = 1;
    for (;; ++nth) {
      SCOPED_TRACE(step.name + ", " + mode.name + ", step " + std::to_string(nth));
      copy_database(stage.files[index], path);
      LibSQLStore store(workload_options(path, config.group_commit));
      store.init();
      LibSQLVector vector(store);
      const Armed call = run_armed(vfs, mode, nth, [&] { step.run(store, vector); });
      ASSERT_EQ(call.foreign, "") << "not a libsqlstore::Error";
      if (call.injected == 0) {
        // The call made fewer steps than nth: every one of them has failed once.
        ASSERT_FALSE(call.threw);
        ASSERT_EQ(fingerprint(path), after);
        break;
      }
      ASSERT_EQ(integrity(path), "ok");
      if (call.threw) {
        ++failed_calls;
        ASSERT_EQ(fingerprint(path), before) << "a failed call changed the database";
        // The fault has cleared: the same store makes the call.
        try {
          step.run(store, vector);
        } catch (const Error& e) {
          FAIL() << "the call fails after the fault cleared: " << e.id() << ": " << e.what() << " "
                 << e.details().dump() << " (failed first with " << call.error << ")";
        }
      }
      ASSERT_EQ(fingerprint(path), after);
      ASSERT_NO_THROW((void)store.get_thread_by_id("t2"));
    }
    // The call makes at least one I/O step (a test that injects nothing proves nothing); one
    // kind may have none (alter_table in WAL mode reads nothing: its pages are cached).
    if (mode.steps == FaultVfs::kAll) {
      EXPECT_GT(nth, 1) << step.name << " made no I/O step";
    }
    summary += "  " + std::string(mode.name) + ": " + std::to_string(nth - 1) +
               " steps failed, the call failed " + std::to_string(failed_calls) + " times\n";
  }
  std::printf("%s (%s):\n%s", step.name.c_str(), config.name.c_str(), summary.c_str());
}

// Opening a new file and init() (with search), each of their steps failing: whatever the
// failure left, the same store's next init() (or, when the constructor failed, a new store's)
// completes the schema, and the file is sound.
TEST(IoFaultInit, EveryStepOfInitFailsCleanly) {
  auto& vfs = FaultVfs::install();
  for (const auto& config :
       {WorkloadConfig{"wal", true, true}, WorkloadConfig{"rollback", false, true}}) {
    const Stages& stage = stages(config);
    vfs.set_wal_supported(config.wal);
    const std::string path = temp_path("-init.db");
    for (const FaultMode& mode : modes()) {
      std::int64_t nth = 1;
      for (;; ++nth) {
        SCOPED_TRACE(config.name + ", " + mode.name + ", step " + std::to_string(nth));
        for (const char* suffix : {"", "-wal", "-journal", "-shm"})
          std::filesystem::remove(path + suffix);
        std::unique_ptr<LibSQLStore> store;
        const Armed call = run_armed(vfs, mode, nth, [&] {
          store = std::make_unique<LibSQLStore>(workload_options(path));
          workload_init(*store, config.search);
        });
        ASSERT_EQ(call.foreign, "") << "not a libsqlstore::Error";
        if (call.injected == 0) {
          ASSERT_FALSE(call.threw);
          ASSERT_EQ(fingerprint(path), stage.fingerprints[0]);
          break;
        }
        if (call.threw) {
          if (std::filesystem::exists(path)) {
            ASSERT_EQ(integrity(path), "ok");
          }
          if (!store) store = std::make_unique<LibSQLStore>(workload_options(path));
          ASSERT_NO_THROW(workload_init(*store, config.search));
        }
        ASSERT_EQ(integrity(path), "ok");
        ASSERT_EQ(fingerprint(path), stage.fingerprints[0]);
      }
      if (mode.steps == FaultVfs::kAll) {
        EXPECT_GT(nth, 1) << "init() made no I/O step";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Workload, IoFaultTest, ::testing::ValuesIn(params()),
                         [](const auto& param_info) {
                           return param_info.param.config.name + "_" +
                                  write_steps()[param_info.param.step].name;
                         });

}  // namespace
}  // namespace libsqlstore::testing
