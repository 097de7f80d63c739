// One check both Hrana test files share: each value written through a core::Client reads back
// equal (type and bits), on the fake server and on a real one.
#pragma once

#include <vector>

#include <gtest/gtest.h>

#include "core/client.hpp"

namespace libsqlstore::testing {

/// Writes each value into `kv(k, v)` (which must exist) and reads it back.
inline void expect_values_round_trip(core::Client& client, const std::vector<core::Value>& values) {
  for (const auto& v : values) {
    const core::Statement stmts[] = {{"DELETE FROM kv"},
                                     {"INSERT INTO kv VALUES (?, ?)", {std::string("k"), v}}};
    client.batch(stmts, core::Access::Write);
    const core::Statement q{"SELECT v FROM kv"};
    const auto rs = client.batch({&q, 1}, core::Access::Read);
    ASSERT_EQ(rs.front().rows.size(), 1u);
    EXPECT_EQ(rs.front().rows[0][0], v);
  }
}

}  // namespace libsqlstore::testing
