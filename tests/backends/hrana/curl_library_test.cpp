// libcurl is loaded when the first remote store connects, never by a process that only opens
// local stores (it and what it links cost about 7 MiB of resident memory).
#include "backends/hrana/curl_library.hpp"

#include <fstream>
#include <string>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

#include "hrana_test_server.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

bool maps_libcurl() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (line.find("libcurl") != std::string::npos) return true;
  }
  return false;
}

TEST(CurlLibrary, IsLoadedOnlyWhenARemoteStoreConnects) {
  if (hrana::curl_library_loaded()) {
    GTEST_SKIP() << "another test in this process opened a remote store first";
  }
  ASSERT_FALSE(maps_libcurl()) << "libcurl is mapped at start: something links it";
  {
    LibSQLStore file({.url = "file:" + temp_path()});
    file.init();
    file.save_thread({.id = "t",
                      .resourceId = "r",
                      .title = "local",
                      .metadata = nullptr,
                      .createdAt = now(),
                      .updatedAt = now()});
    ASSERT_TRUE(file.get_thread_by_id("t"));
    LibSQLStore memory({.url = ":memory:"});
    memory.init();
  }
  EXPECT_FALSE(hrana::curl_library_loaded());
  EXPECT_FALSE(maps_libcurl());

  HranaTestServer server;
  LibSQLStore remote({.url = server.url()});
  remote.init();
  remote.save_thread({.id = "t",
                      .resourceId = "r",
                      .title = "remote",
                      .metadata = nullptr,
                      .createdAt = now(),
                      .updatedAt = now()});
  EXPECT_EQ(remote.get_thread_by_id("t")->title, "remote");
  EXPECT_TRUE(hrana::curl_library_loaded());
  EXPECT_TRUE(maps_libcurl());
}

}  // namespace
}  // namespace libsqlstore::testing
