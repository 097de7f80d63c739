// Backend-neutral SQL values, statements and results. Both backends (SQLite, Hrana) speak these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace libsqlstore::core {

/// A BLOB value.
struct Blob {
  std::vector<std::uint8_t> bytes;
  friend bool operator==(const Blob&, const Blob&) = default;
};

/// One SQL value: NULL, INTEGER, REAL, TEXT or BLOB.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Blob>;

inline bool is_null(const Value& v) noexcept { return std::holds_alternative<std::nullptr_t>(v); }

/// The text of a TEXT value; nullopt for NULL. Numbers are rendered as SQLite would (an INTEGER
/// as its decimal digits), so a column that holds `42` where text was expected still reads.
std::optional<std::string> to_text(const Value& v);
/// The text of a TEXT value without copying; nullptr if the value is not TEXT.
inline const std::string* text_ptr(const Value& v) noexcept { return std::get_if<std::string>(&v); }
/// An INTEGER (or integral REAL) value; nullopt for NULL or non-numbers.
std::optional<std::int64_t> to_int(const Value& v);
/// A numeric value as double; nullopt for NULL or non-numbers.
std::optional<double> to_double(const Value& v);

/// One SQL statement with positional (`?`) arguments.
struct Statement {
  std::string sql;
  std::vector<Value> args;

  Statement() = default;
  Statement(std::string s) : sql(std::move(s)) {}  // NOLINT(google-explicit-constructor)
  Statement(std::string s, std::vector<Value> a) : sql(std::move(s)), args(std::move(a)) {}
};

using Row = std::vector<Value>;

/// The result of one statement.
struct ResultSet {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  /// Rows inserted, updated or deleted by the statement (0 for reads and DDL).
  std::int64_t changes = 0;
};

/// The first column of the first row as an integer (a count, a pragma's value); 0 when there is no
/// row or the value is not a number.
std::int64_t first_int(const ResultSet& rs);

}  // namespace libsqlstore::core
