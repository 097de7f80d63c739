// Each of the seven tables declared once: for every column its name, SQL type, nullability, codec,
// the member of the C++ row type it maps to and the reference's JSON key. The DDL (tables.cpp),
// the SELECT and INSERT column lists, the decoding of a result row (by column name, never by
// position) and the JSON interface's key order all come from that one declaration, so adding a
// column is one line.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "libsqlstore/json.hpp"
#include "libsqlstore/lazy_json.hpp"
#include "libsqlstore/types.hpp"

#include "core/row_codec.hpp"
#include "core/value.hpp"
#include "schema/codec.hpp"

namespace libsqlstore::schema {

/// The reference's column types (StorageColumn.type).
using ColumnType = libsqlstore::ColumnType;

struct Column {
  std::string name;
  ColumnType type = ColumnType::Text;
  bool nullable = false;
  bool primaryKey = false;
  /// How the value is written and read back (schema/codec.hpp).
  Codec codec = Codec::Text;
};

struct Table {
  std::string name;
  std::vector<Column> columns;
};

// ---- Reading and writing one member ------------------------------------------------------------
// One overload per member type; the column's codec picks the rule where the type allows several
// (a Json member may hold strict JSON, JSON-or-text, a span's JSON, a snapshot, ...). A value that
// cannot be decoded is a DataError naming the table, row and column. Decoding moves strings out of
// the row (a row is decoded once).

void decode_into(std::string& out, core::Value& v, const Column& c, const core::CellRef& at);
void decode_into(std::optional<std::string>& out, core::Value& v, const Column& c,
                 const core::CellRef& at);
void decode_into(Json& out, core::Value& v, const Column& c, const core::CellRef& at);
void decode_into(std::optional<Json>& out, core::Value& v, const Column& c,
                 const core::CellRef& at);
/// As for Json, but text already in the store's canonical form is held as it is, unparsed (JSON
/// codecs only; for Content and Snapshot only objects and arrays, as other text is plain).
void decode_into(LazyJson& out, core::Value& v, const Column& c, const core::CellRef& at);
void decode_into(Timestamp& out, core::Value& v, const Column& c, const core::CellRef& at);
void decode_into(std::optional<Timestamp>& out, core::Value& v, const Column& c,
                 const core::CellRef& at);
void decode_into(double& out, core::Value& v, const Column& c, const core::CellRef& at);
void decode_into(std::int64_t& out, core::Value& v, const Column& c, const core::CellRef& at);

/// The stored value of a member (typed writes: a Json member is always JSON text, a string in it
/// included; the generic write path, encode_generic(), takes what the reference's callers pass).
core::Value encode_member(const std::string& v, const Column& c);
core::Value encode_member(const std::optional<std::string>& v, const Column& c);
core::Value encode_member(const Json& v, const Column& c);
core::Value encode_member(const std::optional<Json>& v, const Column& c);
/// Held canonical text of an object or array is stored as it is (it is what encoding its value
/// writes); anything else as for Json.
core::Value encode_member(const LazyJson& v, const Column& c);
core::Value encode_member(Timestamp v, const Column& c);
core::Value encode_member(const std::optional<Timestamp>& v, const Column& c);
core::Value encode_member(double v, const Column& c);
core::Value encode_member(std::int64_t v, const Column& c);

/// A member as the JSON interface renders it (JSON.stringify of the reference's object): dates as
/// ISO-8601 text, an absent optional as null.
Json render_member(const std::string& v);
Json render_member(const std::optional<std::string>& v);
Json render_member(const Json& v);
Json render_member(const std::optional<Json>& v);
/// Held text becomes a raw node (core::raw_json_node): spliced, not parsed.
Json render_member(const LazyJson& v);
Json render_member(Timestamp v);
Json render_member(const std::optional<Timestamp>& v);
Json render_member(double v);
Json render_member(std::int64_t v);

// ---- Fields and rows ---------------------------------------------------------------------------

/// One column of a table and, unless it is only stored, the member of `Row` it maps to.
template <class Row>
struct Field {
  Column column;
  /// The reference's key for the member in its JSON objects ("" for a column only stored).
  std::string json_key;
  void (*decode)(Row&, core::Value&, const Column&, const core::CellRef&) = nullptr;
  core::Value (*encode)(const Row&, const Column&) = nullptr;
  /// nullopt: the member is left out of the JSON object (an absent optional the reference leaves
  /// undefined).
  std::optional<Json> (*render)(const Row&) = nullptr;
};

namespace detail {
template <class T>
struct MemberOf;
template <class C, class T>
struct MemberOf<T C::*> {
  using Row = C;
  using Type = T;
};
template <class T>
inline constexpr bool kOmitsWhenAbsent = false;
template <>
inline constexpr bool kOmitsWhenAbsent<std::optional<Json>> = true;
}  // namespace detail

/// The options of a column declaration.
enum ColumnFlag : unsigned { kNotNull = 0, kNullable = 1, kPrimaryKey = 2 };

/// A column mapped to the member `M` (e.g. `&Thread::resourceId`), declared as
/// `column<&Thread::resourceId>("resourceId", ColumnType::Text)`. The codec defaults to the one
/// the SQL type implies (codec_of); the JSON key to the column name.
template <auto M>
Field<typename detail::MemberOf<decltype(M)>::Row> column(const std::string& name, ColumnType type,
                                                          unsigned flags = kNotNull,
                                                          std::optional<Codec> codec = std::nullopt,
                                                          const std::string& json_key = {}) {
  using Row = typename detail::MemberOf<decltype(M)>::Row;
  using T = typename detail::MemberOf<decltype(M)>::Type;
  Field<Row> f;
  f.column = Column{name, type, (flags & kNullable) != 0, (flags & kPrimaryKey) != 0,
                    codec.value_or(codec_of(type))};
  f.json_key = json_key.empty() ? name : json_key;
  f.decode = [](Row& r, core::Value& v, const Column& c, const core::CellRef& at) {
    decode_into(r.*M, v, c, at);
  };
  f.encode = [](const Row& r, const Column& c) { return encode_member(r.*M, c); };
  f.render = [](const Row& r) -> std::optional<Json> {
    if constexpr (detail::kOmitsWhenAbsent<T>) {
      if (!(r.*M)) return std::nullopt;
    }
    return render_member(r.*M);
  };
  return f;
}

/// A column the row type has no member for: stored (NULL on typed writes), not read.
template <class Row>
Field<Row> stored_column(std::string name, ColumnType type, unsigned flags = kNotNull) {
  Field<Row> f;
  f.column = Column{std::move(name), type, (flags & kNullable) != 0, (flags & kPrimaryKey) != 0,
                    codec_of(type)};
  f.encode = [](const Row&, const Column&) { return core::Value(nullptr); };
  return f;
}

/// Where each field's column is in one result (by name): built once per result set.
class ColumnMap {
 public:
  /// The most columns a table may declare (a fixed array: no allocation per result).
  static constexpr std::size_t kMaxFields = 40;

  template <class Row>
  ColumnMap(const std::vector<Field<Row>>& fields, const core::ResultSet& rs) {
    // A result of the spec's own SELECT has the fields' columns in order: look there first.
    std::size_t next = 0;
    for (const auto& f : fields) {
      const int at = next < rs.columns.size() && rs.columns[next] == f.column.name
                         ? static_cast<int>(next)
                         : find(rs.columns, f.column.name);
      slots_[size_++] = at;
      if (at >= 0) next = static_cast<std::size_t>(at) + 1;
    }
  }
  /// The position of the i-th field's column in the result, or -1 when it was not selected.
  int slot(std::size_t i) const noexcept { return slots_[i]; }
  /// The position of `name` among `columns` (SQLite compares column names case-insensitively),
  /// or -1.
  static int find(const std::vector<std::string>& columns, std::string_view name) noexcept;

 private:
  std::array<int, kMaxFields> slots_{};
  std::size_t size_ = 0;
};

/// A table and its row type.
template <class Row>
class RowSpec {
 public:
  /// `id_column` names the column that identifies a row in error messages.
  RowSpec(std::string table, std::vector<Field<Row>> fields, std::string_view id_column)
      : fields_(std::move(fields)) {
    if (fields_.size() > ColumnMap::kMaxFields) throw std::length_error("too many columns");
    table_.name = std::move(table);
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      if (fields_[i].column.name == id_column) id_index_ = i;
    }
    for (const auto& f : fields_) {
      table_.columns.push_back(f.column);
      if (!f.decode) continue;
      select_ += (select_.empty() ? "" : ", ") + f.column.name;
    }
    std::string marks;
    for (const auto& f : fields_) {
      insert_columns_ += (insert_columns_.empty() ? "" : ", ") + f.column.name;
      marks += marks.empty() ? "?" : ", ?";
    }
    insert_values_ = "(" + marks + ")";
  }

  const Table& table() const noexcept { return table_; }
  const std::string& name() const noexcept { return table_.name; }
  const std::vector<Field<Row>>& fields() const noexcept { return fields_; }
  /// "id, resourceId, title, ...": every mapped column, in table order.
  const std::string& select_list() const noexcept { return select_; }
  /// "INSERT <verb> INTO <table> (<every column>) VALUES (?, ...)".
  std::string insert_sql(std::string_view verb = "INSERT") const {
    return std::string(verb) + " INTO " + table_.name + " (" + insert_columns_ + ") VALUES " +
           insert_values_;
  }
  /// "SELECT <select_list> FROM <table>" followed by `rest`.
  std::string select_sql(std::string_view rest = {}) const {
    return "SELECT " + select_ + " FROM " + table_.name + std::string(rest);
  }

  /// The arguments of insert_sql() for `row`, in column order.
  std::vector<core::Value> values(const Row& row) const {
    std::vector<core::Value> out;
    out.reserve(fields_.size());
    for (const auto& f : fields_) out.push_back(f.encode(row, f.column));
    return out;
  }

  /// The arguments of insert_sql() given by column name (a column not named is NULL): for a
  /// write that has the values at hand without a whole Row.
  std::vector<core::Value> values_named(
      std::initializer_list<std::pair<std::string_view, core::Value>> named) const {
    std::vector<core::Value> out(fields_.size());
    for (auto& [name, value] : named) {
      for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (fields_[i].column.name == name) {
          out[i] = std::move(const_cast<core::Value&>(value));
          break;
        }
      }
    }
    return out;
  }

  /// Every row of `rs` decoded by column name. `rs` is consumed (strings are moved out).
  std::vector<Row> decode_all(core::ResultSet& rs) const {
    const ColumnMap map(fields_, rs);
    std::vector<Row> out(rs.rows.size());
    for (std::size_t i = 0; i < rs.rows.size(); ++i) decode(map, rs.rows[i], out[i]);
    return out;
  }
  /// The first row of `rs` into `out`; false (and `out` untouched) when `rs` has none.
  bool decode_first_into(core::ResultSet& rs, Row& out) const {
    if (rs.rows.empty()) return false;
    decode(ColumnMap(fields_, rs), rs.rows.front(), out);
    return true;
  }
  /// The first row of `rs`, or nullopt when it has none.
  std::optional<Row> decode_first(core::ResultSet& rs) const {
    if (rs.rows.empty()) return std::nullopt;
    std::optional<Row> out(std::in_place);
    decode(ColumnMap(fields_, rs), rs.rows.front(), *out);
    return out;
  }
  /// One row into `out` (a default Row), with a map built for its result.
  void decode(const ColumnMap& map, core::Row& row, Row& out) const {
    // The id names the row in every error, so it is read (moved out) last.
    const int id_slot = id_index_ < fields_.size() ? map.slot(id_index_) : -1;
    std::string_view id;
    if (id_slot >= 0) {
      if (const auto* s = core::text_ptr(row[static_cast<std::size_t>(id_slot)])) id = *s;
    }
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const auto& f = fields_[i];
      const int slot = map.slot(i);
      if (!f.decode || slot < 0 || i == id_index_) continue;
      f.decode(out, row[static_cast<std::size_t>(slot)], f.column,
               {table_.name, f.column.name, id});
    }
    if (id_slot >= 0) {
      const auto& f = fields_[id_index_];
      f.decode(out, row[static_cast<std::size_t>(id_slot)], f.column,
               {table_.name, f.column.name, ""});
    }
  }

  /// `row` as the reference's JSON object: the mapped members under their JSON keys, in `order`
  /// (JSON keys) or, when empty, in table order.
  Json to_json(const Row& row, const std::vector<std::string_view>& order = {}) const {
    Json out = Json::object();
    auto put = [&](const Field<Row>& f) {
      if (!f.render) return;
      if (auto v = f.render(row)) out[f.json_key] = std::move(*v);
    };
    if (order.empty()) {
      for (const auto& f : fields_) put(f);
    } else {
      for (const auto key : order) {
        for (const auto& f : fields_) {
          if (f.json_key == key) put(f);
        }
      }
    }
    return out;
  }

 private:
  Table table_;
  std::vector<Field<Row>> fields_;
  std::size_t id_index_ = static_cast<std::size_t>(-1);
  std::string select_;
  std::string insert_columns_;
  std::string insert_values_;
};

}  // namespace libsqlstore::schema
