// store.hpp's thread-safety promise: one store used by several threads at once, from its very
// first call (autoInit runs init() exactly while the other threads are already calling). Run it
// under the tsan preset to check for data races.
#include <atomic>
#include <thread>
#include <vector>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

TEST(StoreThreads, ManyThreadsOnAFreshAutoInitStore) {
  for (const std::string& url : {std::string(":memory:"), "file:" + temp_path()}) {
    SCOPED_TRACE(url);
    LibSQLStore store(StoreOptions{.url = url, .autoInit = true});
    constexpr int kThreads = 6;
    constexpr int kPerThread = 20;
    std::vector<std::thread> workers;
    std::atomic<int> failures{0};
    for (int w = 0; w < kThreads; ++w) {
      workers.emplace_back([&, w] {
        try {
          for (int i = 0; i < kPerThread; ++i) {
            const auto id = "t" + std::to_string(w) + "-" + std::to_string(i);
            store.save_thread({id, "r" + std::to_string(w), "T", Json{{"i", i}}, ts(i), ts(i)});
            store.update_thread({.id = id, .title = "U", .metadata = {{"w", w}}});
            if (!store.get_thread_by_id(id)) ++failures;
          }
        } catch (const std::exception& e) {
          ADD_FAILURE() << e.what();
          ++failures;
        }
      });
    }
    for (auto& t : workers) t.join();
    EXPECT_EQ(failures.load(), 0);
    for (int w = 0; w < kThreads; ++w) {
      const auto page = store.get_threads_by_resource_id_paginated(
          {.resourceId = "r" + std::to_string(w), .perPage = 0});
      EXPECT_EQ(page.total, kPerThread);
    }
  }
}

}  // namespace
}  // namespace libsqlstore::testing
