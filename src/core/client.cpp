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

/// One row of a ResultSet, seen through the RowView interface.
class ResultRowView final : public RowView {
 public:
  explicit ResultRowView(const Row& row) : row_(row) {}
  std::size_t size() const noexcept override { return row_.size(); }
  Type type(std::size_t c) const noexcept override {
    switch (row_[c].index()) {
      case 1:
        return Type::Integer;
      case 2:
        return Type::Real;
      case 3:
        return Type::Text;
      case 4:
        return Type::Blob;
      default:
        return Type::Null;
    }
  }
  std::int64_t integer(std::size_t c) const noexcept override {
    const auto* v = std::get_if<std::int64_t>(&row_[c]);
    return v != nullptr ? *v : 0;
  }
  double real(std::size_t c) const noexcept override {
    const auto* v = std::get_if<double>(&row_[c]);
    return v != nullptr ? *v : 0.0;
  }
  std::string_view text(std::size_t c) const noexcept override {
    const auto* v = std::get_if<std::string>(&row_[c]);
    return v != nullptr ? std::string_view(*v) : std::string_view();
  }
  std::span<const std::uint8_t> blob(std::size_t c) const noexcept override {
    if (const auto* b = std::get_if<Blob>(&row_[c])) return b->bytes;
    if (const auto* t = std::get_if<std::string>(&row_[c])) {
      return {reinterpret_cast<const std::uint8_t*>(t->data()), t->size()};
    }
    return {};
  }

 private:
  const Row& row_;
};

/// The default reader: every scan is one batch() read, its rows replayed from the result.
class BatchReader final : public SnapshotReader {
 public:
  explicit BatchReader(Client& client) : client_(client) {}
  void scan(const Statement& stmt, const std::function<void(const RowView&)>& row) override {
    const auto results = client_.batch({&stmt, 1}, Access::Read);
    if (results.empty()) return;
    for (const auto& r : results.front().rows) row(ResultRowView(r));
  }

 private:
  Client& client_;
};

}  // namespace

bool Client::snapshot(const std::function<void(SnapshotReader&)>& body) {
  BatchReader reader(*this);
  body(reader);
  return false;
}

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

SyncResult Client::sync() {
  throw UnsupportedError("LIBSQL_STORE_NOT_A_REPLICA", ErrorCategory::User,
                         "sync() needs an embedded replica: open the store with "
                         "StoreOptions::syncUrl (docs/replica.md)");
}

std::optional<ReplicaStatus> Client::replica_status() { return std::nullopt; }

}  // namespace libsqlstore::core
