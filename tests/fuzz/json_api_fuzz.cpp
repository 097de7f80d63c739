// libFuzzer target: a short session of the JSON interface (json_api::call, what `libsqlstore call`
// and `rpc` run). Each input line is one call: its first byte picks the method (of
// json_api::methods()), the rest is the params JSON. Calls run in order on one fresh in-memory
// store (initialised with keyword search), so a save can be followed by the reads of it. Every
// call must answer or throw a libsqlstore::Error. Then the store is exported and the dump
// imported into another store: whatever the interface accepted, the store can read back.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "libsqlstore/libsqlstore.hpp"

namespace {

void run(libsqlstore::LibSQLStore& store, std::string_view line) {
  const auto& methods = libsqlstore::json_api::methods();
  if (line.empty()) return;
  const std::string& method = methods[static_cast<unsigned char>(line[0]) % methods.size()];
  // Closing or dropping would only end the session early.
  if (method == "close" || method == "dropTable") return;
  libsqlstore::Json params =
      libsqlstore::Json::parse(line.substr(1), nullptr, /*allow_exceptions=*/false);
  if (params.is_discarded()) return;
  try {
    (void)libsqlstore::json_api::call(store, method, params);
  } catch (const libsqlstore::Error&) {
    // refused: fine
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  libsqlstore::LibSQLStore store(libsqlstore::StoreOptions{.url = ":memory:"});
  store.init(libsqlstore::InitOptions{.search = libsqlstore::SearchSetup{}});
  std::size_t start = 0;
  for (int calls = 0; calls < 8 && start < input.size(); ++calls) {
    const auto end = input.find('\n', start);
    run(store,
        input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  // Read back everything that was accepted.
  std::stringstream dump;
  try {
    libsqlstore::export_data(store, dump);
  } catch (const libsqlstore::Error& e) {
    std::fprintf(stderr, "export failed: %s\n", e.what());
    std::abort();
  }
  libsqlstore::LibSQLStore copy(libsqlstore::StoreOptions{.url = ":memory:"});
  try {
    libsqlstore::import_data(copy, dump);
  } catch (const libsqlstore::Error& e) {
    std::fprintf(stderr, "import of the export failed: %s\n", e.what());
    std::abort();
  }
  return 0;
}
