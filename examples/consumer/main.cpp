// Built against the installed tree by tests/install/check_install.sh.
#include <iostream>

#include <libsqlstore/libsqlstore.hpp>

int main() {
  libsqlstore::LibSQLStore store({.url = ":memory:"});
  store.init();
  const auto t = libsqlstore::now();
  store.save_thread({.id = "t",
                     .resourceId = "r",
                     .title = "installed",
                     .metadata = nullptr,
                     .createdAt = t,
                     .updatedAt = t});
  std::cout << store.get_thread_by_id("t")->title << " " << libsqlstore::kVersion << "\n";
  return 0;
}
