// `libsqlstore call METHOD [PARAMS]`: one JSON-interface call. The result JSON goes to stdout
// (exit 0); a failure prints the JSON-RPC error object to stderr (exit 1); PARAMS that are not JSON
// are a usage error (exit 2).
#include <algorithm>
#include <iostream>
#include <iterator>

#include "commands.hpp"
#include "json_io.hpp"

namespace libsqlstore::cli {

int run_call(const Connection& conn, const CallOptions& call) {
  const Redactor redact(conn);
  auto fail = [&](const Json& error, int exit_code) {
    std::cerr << to_text(redact(error)) << "\n";
    return exit_code;
  };

  std::string text = call.params.value_or("[]");
  if (text == "-") text.assign(std::istreambuf_iterator<char>(std::cin), {});
  if (const auto bad = json_api::invalid_utf8_at(text); bad != std::string::npos) {
    return fail(
        error_object(kParseError, "PARAMS is not valid UTF-8 (byte " + std::to_string(bad) + ")"),
        2);
  }
  Json params = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (params.is_discarded()) {
    return fail(error_object(kParseError, "PARAMS is not valid JSON"), 2);
  }

  try {
    auto store = open_store(conn);
    if (!conn.no_init && call.method != "init") store->init();
    const Json result = json_api::call_raw(*store, call.method, params);
    std::cout << json_api::stringify(result) << "\n";
    return 0;
  } catch (const std::exception& e) {
    return fail(error_object(e), 1);
  }
}

}  // namespace libsqlstore::cli

namespace libsqlstore::cli {

int run_methods(bool json) {
  if (json) {
    Json out = Json::array();
    for (const auto& m : json_api::method_specs()) {
      out.push_back({{"name", m.name}, {"params", m.params}, {"errorId", m.error_id}});
    }
    std::cout << json_api::stringify(out) << "\n";
    return 0;
  }
  std::size_t width = 0;
  for (const auto& m : json_api::method_specs()) width = std::max(width, m.name.size());
  for (const auto& m : json_api::method_specs()) {
    std::cout << m.name << std::string(width + 2 - m.name.size(), ' ') << m.params << "\n";
  }
  return 0;
}

}  // namespace libsqlstore::cli
