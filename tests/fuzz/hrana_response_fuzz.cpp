// libFuzzer target: arbitrary bytes as the body of a server's answer to POST /v2/pipeline. The
// first byte says how many results the request expected (0-7), the rest is the body.
// decode_pipeline_response() and the decoding of each result return what they decoded or throw
// ProtocolViolation (which the client reports as a protocol error, or a write in doubt), never
// crash, read out of bounds or throw anything else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "libsqlstore/error.hpp"

#include "backends/hrana/protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t expected = data[0] % 8;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const auto decoded = libsqlstore::hrana::decode_pipeline_response(body, expected);
    // Then each result as the client reads it: an execute's rows, a batch's steps.
    for (const auto& result : decoded.results) {
      if (!result.ok || !result.response.is_object()) continue;
      const auto type = result.response.find("type");
      const auto inner = result.response.find("result");
      if (type == result.response.end() || inner == result.response.end()) continue;
      try {
        if (*type == "execute") (void)libsqlstore::hrana::decode_stmt_result(*inner);
        if (*type == "batch") (void)libsqlstore::hrana::decode_batch_result(*inner, expected);
      } catch (const libsqlstore::hrana::ProtocolViolation&) {
        // refused: the client reports it as a protocol error (or a write in doubt)
      }
    }
  } catch (const libsqlstore::hrana::ProtocolViolation&) {
    // refused: the client reports it as a protocol error (or a write in doubt)
  }
  return 0;
}
