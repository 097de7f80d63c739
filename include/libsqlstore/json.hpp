// libsqlstore: the one third-party type in the public API.
#pragma once

#include <nlohmann/json.hpp>

namespace libsqlstore {

/// A JSON value whose objects keep their keys in insertion order.
///
/// Free-form fields (thread metadata, message content, snapshots, ...) are exposed as `Json`. The
/// ordered variant is deliberate: the reference implementation stores `JSON.stringify` text, whose
/// object keys follow insertion order, and the stored text is part of the on-disk contract. A value
/// read from the database and written back therefore produces the same bytes.
using Json = nlohmann::ordered_json;

}  // namespace libsqlstore
