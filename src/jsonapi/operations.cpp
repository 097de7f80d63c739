// JSON interface: generic table operations and init.
#include "jsonapi/domains.hpp"

namespace libsqlstore::json_api::detail {

namespace {

ColumnType parse_column_type(const Json& v, const Path& at) {
  static constexpr std::string_view kNames[] = {"text",    "timestamp", "uuid", "jsonb",
                                                "integer", "bigint",    "float"};
  static constexpr ColumnType kValues[] = {
      ColumnType::Text,    ColumnType::DateTime, ColumnType::Uuid, ColumnType::Jsonb,
      ColumnType::Integer, ColumnType::Bigint,   ColumnType::Float};
  return as_enum(v, at, kNames, kValues);
}

TableSchema parse_schema(Obj schema) {
  TableSchema out;
  for (const auto& [name, column] : schema.json().items()) {
    Obj col(column, schema.field(name));
    StorageColumn c;
    c.type = parse_column_type(col.any("type"), col.field("type"));
    c.nullable = col.opt_bool("nullable");  // absent stays absent: create and alter differ
    c.primaryKey = col.opt_bool("primaryKey").value_or(false);
    col.ignore({"references"});  // a StorageColumn field the reference's DDL ignores too
    col.finish();
    schema.ignore({name});
    out.emplace_back(name, c);
  }
  schema.finish();
  return out;
}

std::vector<Json> parse_records(const Json& records, const Path& at) {
  std::vector<Json> out;
  out.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Obj record(records[i], at.index(i));  // type check only
    (void)record;
    out.push_back(records[i]);
  }
  return out;
}

Json init(LibSQLStore& store, const Args& args) {
  args.at_most(0);
  store.init();
  return nullptr;
}

Json supports(LibSQLStore& store, const Args& args) {
  args.at_most(0);
  const auto s = store.supports();
  return {{"selectByIncludeResourceScope", s.selectByIncludeResourceScope},
          {"resourceWorkingMemory", s.resourceWorkingMemory},
          {"hasColumn", s.hasColumn},
          {"createTable", s.createTable},
          {"deleteMessages", s.deleteMessages}};
}

Json create_table(LibSQLStore& store, const Args& args) {
  args.at_most(1);
  auto a = args.obj(0, "args");
  const auto table = a.str("tableName");
  const auto schema = parse_schema(a.obj("schema"));
  a.finish();
  store.create_table(table, schema);
  return nullptr;
}

Json alter_table(LibSQLStore& store, const Args& args) {
  args.at_most(1);
  auto a = args.obj(0, "args");
  const auto table = a.str("tableName");
  const auto schema = parse_schema(a.obj("schema"));
  const auto columns = as_string_array(a.array("ifNotExists"), a.field("ifNotExists"));
  a.finish();
  store.alter_table(table, schema, columns);
  return nullptr;
}

Json clear_table(LibSQLStore& store, const Args& args) {
  args.at_most(1);
  auto a = args.obj(0, "args");
  const auto table = a.str("tableName");
  a.finish();
  store.clear_table(table);
  return nullptr;
}

Json drop_table(LibSQLStore& store, const Args& args) {
  args.at_most(1);
  auto a = args.obj(0, "args");
  const auto table = a.str("tableName");
  a.finish();
  store.drop_table(table);
  return nullptr;
}

Json insert(LibSQLStore& store, const Args& args) {
  args.at_most(1);
  auto a = args.obj(0, "args");
  const auto table = a.str("tableName");
  const auto record = a.obj("record");
  a.finish();
  store.insert(table, record.json());
  return nullptr;
}

Json batch_insert(LibSQLStore& store, const Args& args) {
  args.at_most(1);
  auto a = args.obj(0, "args");
  const auto table = a.str("tableName");
  auto records = parse_records(a.array("records"), a.field("records"));
  a.finish();
  store.batch_insert(table, records);
  return nullptr;
}

Json load(LibSQLStore& store, const Args& args) {
  args.at_most(1);
  auto a = args.obj(0, "args");
  const auto table = a.str("tableName");
  const auto keys = a.obj("keys");
  a.finish();
  auto row = store.load(table, keys.json());
  return row ? std::move(*row) : Json(nullptr);
}

Json has_column(LibSQLStore& store, const Args& args) {
  args.at_most(2);
  const Json& table = args.required(0, "table", "a string");
  const Json& column = args.required(1, "column", "a string");
  return store.has_column(as_string(table, args.path("table")),
                          as_string(column, args.path("column")));
}

}  // namespace

void add_operations(Registry& r) {
  r.add("init", &init, "()");
  r.add("supports", &supports, "()");
  r.add("createTable", &create_table, "({tableName, schema})");
  r.add("alterTable", &alter_table, "({tableName, schema, ifNotExists})");
  r.add("clearTable", &clear_table, "({tableName})");
  r.add("dropTable", &drop_table, "({tableName})");
  r.add("insert", &insert, "({tableName, record})");
  r.add("batchInsert", &batch_insert, "({tableName, records})");
  r.add("load", &load, "({tableName, keys})");
  r.add("hasColumn", &has_column, "(table, column)");
}

}  // namespace libsqlstore::json_api::detail
