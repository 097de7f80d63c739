// Power loss at every point of the write workload (issue #15.3). The workload's calls run one
// after another on one store; the power fails at the Nth I/O step; the disk keeps only what was
// synced (and, in the "torn" variants, a random part of what was not, in any order); the store
// is reopened. Every call acknowledged before the power failed is there, the call in flight is
// there completely or not at all, and the file passes integrity_check, in WAL mode (also with
// group commit) and in rollback-journal mode.
//
// The points tried: every I/O step of the workload when it has at most
// $LIBSQLSTORE_POWER_LOSS_POINTS of them (default 150), else that many spread evenly over it;
// "all" tries every one.
#include <cstdlib>
#include <memory>
#include <string>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "fault_vfs.hpp"
#include "store_fixture.hpp"
#include "write_workload.hpp"

namespace libsqlstore::testing {
namespace {

struct PowerParam {
  WorkloadConfig config;
  double keep;  // probability that an unsynced change reached the disk
  std::string name;
};

class PowerLossTest : public ::testing::TestWithParam<PowerParam> {};

std::int64_t point_budget() {
  const char* env = std::getenv("LIBSQLSTORE_POWER_LOSS_POINTS");
  if (!env || !*env) return 150;
  if (std::string(env) == "all") return -1;
  return std::max<std::int64_t>(1, std::atoll(env));
}

// Runs the workload on `path` until it ends or the power fails; returns the calls acknowledged
// while the power was on.
std::size_t run_workload(const std::string& path, bool group_commit) {
  auto& vfs = FaultVfs::install();
  std::size_t acknowledged = 0;
  try {
    LibSQLStore store(workload_options(path, group_commit));
    store.init();
    LibSQLVector vector(store);
    for (const auto& step : write_steps()) {
      if (vfs.powered_off()) break;
      try {
        step.run(store, vector);
      } catch (const Error& e) {
        if (!vfs.powered_off())
          ADD_FAILURE() << step.name << " failed with the power on: " << e.what();
        break;
      }
      if (vfs.powered_off()) break;
      ++acknowledged;
    }
  } catch (const Error& e) {
    // Opening failed as the power went.
    if (!vfs.powered_off()) ADD_FAILURE() << "open failed with the power on: " << e.what();
  }
  return acknowledged;
}

TEST_P(PowerLossTest, AcknowledgedWritesSurvive) {
  const auto& param = GetParam();
  auto& vfs = FaultVfs::install();
  const Stages& stage = stages(param.config);
  vfs.set_wal_supported(param.config.wal);
  const std::string path = temp_path("-power.db");

  // How many I/O steps the whole workload makes.
  copy_database(stage.files[0], path);
  vfs.mark_all_durable();
  vfs.arm({.steps = FaultVfs::kAll, .nth = INT64_MAX});
  ASSERT_EQ(run_workload(path, param.config.group_commit), write_steps().size());
  const std::int64_t total = vfs.steps();
  vfs.clear();
  ASSERT_EQ(fingerprint(path), stage.fingerprints.back());

  const std::int64_t budget = point_budget();
  const std::int64_t points = budget < 0 ? total : std::min(total, budget);
  int in_flight_landed = 0;
  int in_flight_lost = 0;
  for (std::int64_t p = 0; p < points; ++p) {
    const std::int64_t at = points == total ? p : p * total / points;
    SCOPED_TRACE("power fails after " + std::to_string(at) + " of " + std::to_string(total) +
                 " I/O steps");
    copy_database(stage.files[0], path);
    vfs.mark_all_durable();
    vfs.power_off_after(at);
    const std::size_t acknowledged = run_workload(path, param.config.group_commit);
    ASSERT_TRUE(vfs.powered_off());
    vfs.power_on(param.keep, static_cast<std::uint32_t>(at));

    ASSERT_EQ(integrity(path), "ok");
    const std::string found = fingerprint(path);
    if (found == stage.fingerprints[acknowledged]) {
      ++in_flight_lost;
    } else {
      ASSERT_LT(acknowledged, write_steps().size());
      ASSERT_EQ(found, stage.fingerprints[acknowledged + 1])
          << "after " << acknowledged
          << " acknowledged calls (the next: " << write_steps()[acknowledged].name
          << ") the database holds neither state";
      ++in_flight_landed;
    }
    // The store opens it and goes on writing.
    LibSQLStore store(workload_options(path));
    ASSERT_NO_THROW(store.init());
    ASSERT_NO_THROW((void)store.get_thread_by_id("t2"));
  }
  RecordProperty("io_steps", static_cast<int>(total));
  RecordProperty("points", static_cast<int>(points));
  std::printf(
      "%s: %lld power failures over %lld I/O steps; the call in flight landed %d times, "
      "was lost %d times\n",
      param.name.c_str(), static_cast<long long>(points), static_cast<long long>(total),
      in_flight_landed, in_flight_lost);
}

INSTANTIATE_TEST_SUITE_P(
    Workload, PowerLossTest,
    ::testing::Values(PowerParam{{"wal", true, true}, 0.0, "wal_synced_only"},
                      PowerParam{{"wal", true, true}, 0.5, "wal_torn"},
                      PowerParam{{"grouped", true, true, true}, 0.0, "grouped_synced_only"},
                      PowerParam{{"rollback", false, true}, 0.0, "rollback_synced_only"},
                      PowerParam{{"rollback", false, true}, 0.5, "rollback_torn"}),
    [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace libsqlstore::testing
