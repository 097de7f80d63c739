#include <string_view>

#include "libsqlstore/types.hpp"

namespace libsqlstore {

std::string_view to_string(BackendKind kind) noexcept {
  switch (kind) {
    case BackendKind::Memory:
      return "memory";
    case BackendKind::File:
      return "file";
    case BackendKind::Remote:
      return "remote";
    case BackendKind::Replica:
      return "replica";
  }
  return "unknown";
}

}  // namespace libsqlstore
