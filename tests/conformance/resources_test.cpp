// Resources (working memory) on every backend.
#include "matchers.hpp"
#include "store_fixture.hpp"

namespace libsqlstore::testing {
namespace {

class ResourcesTest : public StoreTest {};

TEST_P(ResourcesTest, SaveThenGet) {
  Resource r{"res", "# Profile\n- name: Ada", Json{{"tier", "pro"}}, ts(1), ts(2)};
  EXPECT_EQ(store().save_resource(r), r);
  EXPECT_EQ(*store().get_resource_by_id("res"), r);
  EXPECT_FALSE(store().get_resource_by_id("nope"));
}

TEST_P(ResourcesTest, NullFieldsStayNull) {
  Resource r{"res", std::nullopt, nullptr, ts(1), ts(1)};
  store().save_resource(r);
  auto got = store().get_resource_by_id("res");
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->workingMemory);
  EXPECT_TRUE(got->metadata->is_null());
}

TEST_P(ResourcesTest, WorkingMemoryThatLooksLikeJsonIsKeptVerbatim) {
  Resource r{"res", R"({ "a" : 1 })", nullptr, ts(1), ts(1)};
  store().save_resource(r);
  EXPECT_EQ(store().get_resource_by_id("res")->workingMemory, R"({ "a" : 1 })");
}

TEST_P(ResourcesTest, UpdateCreatesAMissingResource) {
  auto r = store().update_resource({.resourceId = "new", .workingMemory = "wm"});
  EXPECT_EQ(r.workingMemory, "wm");
  EXPECT_EQ(r.metadata, Json::object());
  EXPECT_EQ(*store().get_resource_by_id("new"), r);
}

TEST_P(ResourcesTest, UpdateMergesMetadataAndKeepsCreatedAt) {
  store().save_resource({"res", "old", Json{{"a", 1}, {"b", 2}}, ts(1), ts(1)});
  auto r = store().update_resource({.resourceId = "res", .metadata = Json{{"b", 3}, {"c", 4}}});
  EXPECT_EQ(r.workingMemory, "old");
  EXPECT_EQ(r.metadata->dump(), R"({"a":1,"b":3,"c":4})");
  EXPECT_EQ(r.createdAt, ts(1));
  EXPECT_GT(r.updatedAt, ts(1));
  EXPECT_EQ(*store().get_resource_by_id("res"), r);
  auto r2 = store().update_resource({.resourceId = "res", .workingMemory = "new"});
  EXPECT_EQ(r2.workingMemory, "new");
  EXPECT_EQ(r2.metadata->dump(), R"({"a":1,"b":3,"c":4})");
}

TEST_P(ResourcesTest, EmptyIdIsRejected) {
  if (const auto e =
          caught<InvalidArgumentError>([&] { store().update_resource({.resourceId = ""}); })) {
    EXPECT_EQ(e->id(), "LIBSQL_STORE_UPDATE_RESOURCE_FAILED");
  }
}

LIBSQLSTORE_INSTANTIATE_CONFORMANCE(ResourcesTest);

}  // namespace
}  // namespace libsqlstore::testing
