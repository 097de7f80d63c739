// libsqlstore: the JSON interface. Every store method, called by the reference's (camelCase)
// name with the reference's arguments as JSON, answering what the reference's method resolves to
// as JSON.stringify renders it (same keys, same key order, dates as ISO-8601 text).
//
// This is what `libsqlstore call` and `libsqlstore rpc` speak (docs/cli.md); C++ programs can use
// it to serve the store to other languages. Example:
//
//   json_api::call(store, "getThreadById", Json::array({{{"threadId", "t1"}}}))
//     -> {"id":"t1","resourceId":"r1","title":"...","metadata":null,
//         "createdAt":"2025-01-01T00:00:00.000Z","updatedAt":"..."}  (or null)
//
// Differences from the reference are listed in docs/compatibility.md, "JSON interface".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libsqlstore/error.hpp"
#include "libsqlstore/export.hpp"
#include "libsqlstore/json.hpp"

namespace libsqlstore {

class LibSQLStore;

namespace json_api {

/// `method` is not one of methods(). Id LIBSQL_STORE_UNKNOWN_METHOD, category USER, details
/// {"method": name}. (JSON-RPC: -32601.)
class LIBSQLSTORE_EXPORT UnknownMethodError : public ErrorOf<UnknownMethodError> {
 public:
  using ErrorOf::ErrorOf;
};

/// Calls `method` on `store`.
///
/// `params` is a JSON array holding the reference method's arguments in call order, e.g.
/// `[{"threadId":"t1"}]`, `[["m1","m2"]]` (deleteMessages), `["agent-1","test"]`
/// (getEvalsByAgentName), `["mastra_threads","title"]` (hasColumn). An object stands for the single
/// argument; null or an absent value for no argument. Dates are ISO-8601 strings.
///
/// Returns the method's result as JSON; null for methods that return nothing.
///
/// Throws UnknownMethodError for an unknown method; InvalidArgumentError (category USER, id the
/// method's error id, e.g. LIBSQL_STORE_GET_THREAD_BY_ID_FAILED) when `params` do not fit the
/// method (wrong type, missing required field, unknown field); and whatever the store method
/// throws otherwise (always a libsqlstore::Error).
LIBSQLSTORE_EXPORT Json call(LibSQLStore& store, std::string_view method, const Json& params);

/// As call(), for a caller that only writes the answer out with stringify(): stored JSON (message
/// content, metadata, snapshots) is spliced into the answer as the text it was stored as, never
/// parsed. The result may hold such raw parts, which only stringify() knows how to write
/// (nlohmann's dump() does not): stringify(call_raw(...)) == stringify(call(...)). To look inside
/// an answer, use call().
LIBSQLSTORE_EXPORT Json call_raw(LibSQLStore& store, std::string_view method, const Json& params);

/// The method names call() accepts, sorted.
LIBSQLSTORE_EXPORT const std::vector<std::string>& methods();

/// One method of call(), described for people (`libsqlstore methods`).
struct MethodSpec {
  std::string name;      ///< e.g. "getThreadById"
  std::string params;    ///< the argument list, e.g. "({threadId})"; `?` marks what is optional
  std::string error_id;  ///< the id its failures carry, e.g. "LIBSQL_STORE_GET_THREAD_BY_ID_FAILED"
};

/// Every method call() accepts, sorted by name; from the table call() dispatches with.
LIBSQLSTORE_EXPORT const std::vector<MethodSpec>& method_specs();

/// The offset of the first byte of `text` that is not well-formed UTF-8, or npos. The store
/// refuses to write such text (InvalidArgumentError); a JSON front end can reject it earlier.
LIBSQLSTORE_EXPORT std::size_t invalid_utf8_at(std::string_view text) noexcept;

/// JSON text as JavaScript's JSON.stringify writes it: compact, keys in insertion order, numbers
/// in JavaScript's format (5, not 5.0). Throws InvalidArgumentError for strings that are not UTF-8.
LIBSQLSTORE_EXPORT std::string stringify(const Json& value);

}  // namespace json_api
}  // namespace libsqlstore
