// detail::StoreAccess: the library's free functions over a store (transfer.hpp) reach its
// context here. Private to the library.
#pragma once

#include "libsqlstore/store.hpp"

#include "store/store_context.hpp"

namespace libsqlstore::detail {

struct StoreAccess {
  static StoreContext& context(LibSQLStore& store) noexcept { return store.context(); }
};

}  // namespace libsqlstore::detail
