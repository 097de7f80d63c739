// libFuzzer target: arbitrary bytes as a dump (docs/export-format.md). verify_dump() must accept
// or refuse them with a libsqlstore::Error, and import_data() into an empty in-memory store must
// too, leaving a store that still initialises and reads; anything else (a crash, a sanitizer
// report, another exception) is a bug. Run by scripts/ci-leg.sh fuzz with the seeds and dictionary
// beside it.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "libsqlstore/libsqlstore.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  {
    std::istringstream in(bytes);
    try {
      libsqlstore::verify_dump(in);
    } catch (const libsqlstore::Error&) {
      // refused: fine
    }
  }
  libsqlstore::LibSQLStore store(libsqlstore::StoreOptions{.url = ":memory:"});
  std::istringstream in(bytes);
  try {
    libsqlstore::import_data(store, in);
  } catch (const libsqlstore::Error&) {
    // refused: fine
  }
  // Whatever happened, the store still initialises and reads (or refuses with an Error).
  try {
    store.init();
    (void)store.get_thread_by_id("t1");
  } catch (const libsqlstore::Error&) {
  }
  return 0;
}
