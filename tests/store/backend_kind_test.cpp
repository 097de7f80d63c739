// The names a backend is given in dumps and in `libsqlstore stats`: part of the dump format.
#include <string_view>

#include "libsqlstore/libsqlstore.hpp"

#include <gtest/gtest.h>

namespace libsqlstore::testing {
namespace {

TEST(BackendKind, HasTheNamesTheDumpFormatDocuments) {
  EXPECT_EQ(to_string(BackendKind::Memory), "memory");
  EXPECT_EQ(to_string(BackendKind::File), "file");
  EXPECT_EQ(to_string(BackendKind::Remote), "remote");
  EXPECT_EQ(to_string(BackendKind::Replica), "replica");
  EXPECT_EQ(to_string(static_cast<BackendKind>(99)), "unknown");
}

TEST(BackendKind, AStoreReportsItsOwn) {
  StoreOptions options;
  options.url = ":memory:";
  LibSQLStore store(options);
  EXPECT_EQ(to_string(store.backend()), "memory");
}

}  // namespace
}  // namespace libsqlstore::testing
