// Reading the members of the reference's message objects, as its JavaScript does: an absent
// member is undefined, and JSON.stringify leaves it out.
#pragma once

#include "libsqlstore/json.hpp"

namespace libsqlstore::memory {

/// The member `key` of `object`, or nullptr when `object` is not an object or has no such member.
inline const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

/// Copies `key` from `from` into `to` (as `as`, when given) unless it is absent.
inline void copy_member(Json& to, const Json& from, const char* key, const char* as = nullptr) {
  if (const Json* v = member(from, key)) to[as ? as : key] = *v;
}

}  // namespace libsqlstore::memory
