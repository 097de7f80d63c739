// One Hrana stream as the client sees it: where to send the next pipeline and with which baton.
#pragma once

#include <optional>
#include <string>

namespace libsqlstore::hrana {

struct Stream {
  /// The endpoint ({base}/v2/pipeline, or the server's base_url for this stream).
  std::string url;
  /// null: the next request opens a new stream.
  std::optional<std::string> baton;
};

}  // namespace libsqlstore::hrana
