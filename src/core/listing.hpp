// One listing helper for every paged read (threads, messages, workflow runs, evals, scores,
// traces): the WHERE clause is built once and shared by the true COUNT and the page, and both run
// in one read (one snapshot, one round trip). The reference's hasMore formula differs between
// methods; each names its own (HasMore).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/db.hpp"
#include "core/paging.hpp"
#include "core/value.hpp"

namespace libsqlstore::core {

class Listing {
 public:
  /// Rows of `table`, selecting `columns` ("a, b, c").
  Listing(std::string table, std::string columns)
      : table_(std::move(table)), columns_(std::move(columns)) {}

  /// Adds a condition ("createdAt >= ?") and its arguments; conditions are joined with AND.
  Listing& where(const std::string& condition, std::vector<Value> args = {}) {
    where_ += where_.empty() ? " WHERE " : " AND ";
    where_ += condition;
    for (auto& a : args) args_.push_back(std::move(a));
    return *this;
  }
  Listing& where(const std::string& condition, Value arg) {
    return where(condition, std::vector<Value>{std::move(arg)});
  }
  /// " ORDER BY ..." (with the leading space).
  Listing& order_by(std::string clause) {
    order_ = std::move(clause);
    return *this;
  }

  /// SELECT COUNT(*) over the conditions.
  Statement count() const { return {"SELECT COUNT(*) FROM " + table_ + where_, args_}; }
  /// The rows, ordered, without paging.
  Statement all() const { return {select_sql(), args_}; }
  /// One page: LIMIT `limit` (nullopt: no limit) OFFSET `offset`.
  Statement page(std::optional<std::int64_t> limit, std::int64_t offset) const {
    Statement s{select_sql() + " LIMIT ? OFFSET ?", args_};
    s.args.emplace_back(limit.value_or(-1));  // LIMIT -1 is SQLite's "no limit"
    s.args.emplace_back(offset);
    return s;
  }

 private:
  std::string select_sql() const {
    return "SELECT " + columns_ + " FROM " + table_ + where_ + order_;
  }

  std::string table_;
  std::string columns_;
  std::string where_;
  std::string order_;
  std::vector<Value> args_;
};

/// How a method's reference computes hasMore (both are false for a page of zero rows).
enum class HasMore {
  RowsShown,  ///< offset + rows returned < total (threads, messages, traces, evals)
  FullPage,   ///< (page + 1) * perPage < total, as if the page were full (scores)
};

struct PageRequestSpec {
  std::int64_t page = 0;
  std::int64_t perPage = 0;
};

template <class T>
struct PageOf {
  std::vector<T> rows;
  std::int64_t total = 0;
  bool hasMore = false;
};

/// The COUNT and one page of `listing` in one read; `decode(ResultSet&)` turns the page's rows
/// into a vector. Paging must be validated (core::validate_paging).
template <class Decode>
auto read_page(Db& db, const Listing& listing, PageRequestSpec p, HasMore rule, Decode&& decode)
    -> PageOf<typename decltype(decode(std::declval<ResultSet&>()))::value_type> {
  const Statement stmts[] = {listing.count(), listing.page(p.perPage, p.page * p.perPage)};
  auto rs = db.read(stmts);
  PageOf<typename decltype(decode(std::declval<ResultSet&>()))::value_type> out;
  out.total = to_int(rs[0].rows.at(0).at(0)).value_or(0);
  out.rows = decode(rs[1]);
  const auto shown =
      rule == HasMore::FullPage ? p.perPage : static_cast<std::int64_t>(out.rows.size());
  out.hasMore = has_more(p.page * p.perPage, shown, out.total, p.perPage);
  return out;
}

}  // namespace libsqlstore::core
