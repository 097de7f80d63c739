// Placeholder: implemented by the issue that owns this domain. Every method fails loudly.
#include "core/store_impl.hpp"

namespace libsqlstore {

namespace {
[[noreturn]] void not_yet(const char* id) {
  throw Error(id, ErrorCategory::System, "not implemented yet");
}
}  // namespace

void LibSQLStore::create_table(const std::string&, const TableSchema&) {
  not_yet("LIBSQL_STORE_CREATE_TABLE_FAILED");
}
void LibSQLStore::alter_table(const std::string&, const TableSchema&,
                              const std::vector<std::string>&) {
  not_yet("LIBSQL_STORE_ALTER_TABLE_FAILED");
}
void LibSQLStore::clear_table(const std::string&) { not_yet("LIBSQL_STORE_CLEAR_TABLE_FAILED"); }
void LibSQLStore::drop_table(const std::string&) { not_yet("LIBSQL_STORE_DROP_TABLE_FAILED"); }
void LibSQLStore::insert(const std::string&, const Json&) { not_yet("LIBSQL_STORE_INSERT_FAILED"); }
void LibSQLStore::batch_insert(const std::string&, const std::vector<Json>&) {
  not_yet("LIBSQL_STORE_BATCH_INSERT_FAILED");
}
std::optional<Json> LibSQLStore::load(const std::string&, const Json&) {
  not_yet("LIBSQL_STORE_LOAD_FAILED");
}
bool LibSQLStore::has_column(const std::string&, const std::string&) {
  not_yet("LIBSQL_STORE_HAS_COLUMN_FAILED");
}
StoreSupports LibSQLStore::supports() const noexcept { return {}; }

}  // namespace libsqlstore
