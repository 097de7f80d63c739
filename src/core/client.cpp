#include "core/client.hpp"

#include "libsqlstore/error.hpp"

namespace libsqlstore::core {

namespace {

bool succeeds(Client& client, const char* sql) {
  try {
    const Statement stmt{sql};
    const auto rs = client.batch({&stmt, 1}, Access::Read);
    return !rs.empty() && !rs.front().rows.empty() && !is_null(rs.front().rows.front().front()) &&
           to_int(rs.front().rows.front().front()).value_or(1) != 0;
  } catch (const BusyError&) {
    throw;  // not an answer: the caller retries
  } catch (const Error&) {
    return false;  // the function or module does not exist here
  }
}

}  // namespace

std::optional<ResultSet> Client::scan(const Statement&, const std::function<void(const RowView&)>&,
                                      const std::function<Statement()>&) {
  return std::nullopt;
}

Capabilities Client::capabilities() {
  Capabilities out;
  out.fts5 = succeeds(*this, "SELECT sqlite_compileoption_used('ENABLE_FTS5')");
  out.vector_functions = succeeds(*this, "SELECT length(vector32('[1]'))");
  return out;
}

}  // namespace libsqlstore::core
