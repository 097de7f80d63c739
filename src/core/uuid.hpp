// Random identifiers (the reference's crypto.randomUUID()).
#pragma once

#include <string>

namespace libsqlstore::core {

/// A random RFC 9562 version-4 UUID in lower-case 8-4-4-4-12 form, from the kernel's CSPRNG
/// (getrandom). Throws Error (SYSTEM) if the kernel cannot supply randomness.
std::string uuid_v4();

}  // namespace libsqlstore::core
