// JSON interface: generic table operations and init.
#include "jsonapi/domains.hpp"
#include "schema/column_types.hpp"

namespace libsqlstore::json_api::detail {

namespace {

ColumnType parse_column_type(const Json& v, const Path& at) {
  const auto name = as_string(v, at);
  if (const auto type = schema::column_type_named(name)) return *type;
  at.fail("must be " + std::string(schema::column_type_names()) + ", got \"" + name + "\"");
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

Json create_table(LibSQLStore& store, Obj& a) {
  const auto table = a.str("tableName");
  const auto schema = parse_schema(a.obj("schema"));
  a.finish();
  store.create_table(table, schema);
  return nullptr;
}

Json alter_table(LibSQLStore& store, Obj& a) {
  const auto table = a.str("tableName");
  const auto schema = parse_schema(a.obj("schema"));
  const auto columns = as_string_array(a.array("ifNotExists"), a.field("ifNotExists"));
  a.finish();
  store.alter_table(table, schema, columns);
  return nullptr;
}

/// clearTable and dropTable: ({tableName}) to a store method of the table's name.
template <void (LibSQLStore::*Method)(const std::string&)>
Json on_table(LibSQLStore& store, Obj& a) {
  const auto table = a.str("tableName");
  a.finish();
  (store.*Method)(table);
  return nullptr;
}

Json insert(LibSQLStore& store, Obj& a) {
  const auto table = a.str("tableName");
  const auto record = a.obj("record");
  a.finish();
  store.insert(table, record.json());
  return nullptr;
}

Json batch_insert(LibSQLStore& store, Obj& a) {
  const auto table = a.str("tableName");
  const auto records = a.objects("records");
  a.finish();
  store.batch_insert(table, records);
  return nullptr;
}

Json load(LibSQLStore& store, Obj& a) {
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
  r.add("clearTable", &on_table<&LibSQLStore::clear_table>, "({tableName})");
  r.add("dropTable", &on_table<&LibSQLStore::drop_table>, "({tableName})");
  r.add("insert", &insert, "({tableName, record})");
  r.add("batchInsert", &batch_insert, "({tableName, records})");
  r.add("load", &load, "({tableName, keys})");
  r.add("hasColumn", &has_column, "(table, column)");
}

}  // namespace libsqlstore::json_api::detail
