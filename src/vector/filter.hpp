// The reference's metadata filter language for vector queries (LibSQLFilterTranslator and
// buildFilterQuery of @mastra/libsql 0.13.2), translated to an SQL WHERE clause over
// json_extract(metadata, ...). The operators, the normalisation rules and the results are the
// reference's; the few places where its SQL is broken (it crashes, overflows the stack, shares one
// named parameter between conditions, or matches nothing on a dotted $contains path) give a clear
// error or the evidently intended result instead. docs/vector.md lists the language,
// docs/compatibility.md the differences.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "libsqlstore/json.hpp"

#include "core/value.hpp"

namespace libsqlstore::vectors {

/// A filter the language does not accept; what() is the reference's message where it has one
/// ("Unsupported operator: $regex", "Invalid field key segment: bad key in bad key", ...).
class FilterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A translated filter: "WHERE ..." (empty for no filter) and its positional arguments.
struct FilterSql {
  std::string where;
  std::vector<core::Value> values;
};

/// Translates `filter` (null or an empty object: no filter). Throws FilterError.
FilterSql build_filter(const Json& filter);

}  // namespace libsqlstore::vectors
