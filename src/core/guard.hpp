// Runs a store method body and gives every failure the method's error id.
#pragma once

#include <new>
#include <string>
#include <utility>

#include "libsqlstore/error.hpp"

namespace libsqlstore::core {

/// Calls `body()`. A libsqlstore::Error keeps its type and message and gets `id` and `details`;
/// any other exception becomes an Error of category SYSTEM with that id.
template <class F>
decltype(auto) guarded(const char* id, const Json& details, F&& body) {
  try {
    return std::forward<F>(body)();
  } catch (Error& e) {
    e.relabel(id, details);
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(id, ErrorCategory::System, e.what(), details);
  }
}

}  // namespace libsqlstore::core
