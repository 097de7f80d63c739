// Messages: the reference's memory-domain message methods (spec 5.3).
#include "core/guard.hpp"
#include "core/store_impl.hpp"

namespace libsqlstore {

namespace {
[[noreturn]] void not_yet(const char* id) {
  throw Error(id, ErrorCategory::System, "not implemented yet");
}
}  // namespace

std::vector<Message> LibSQLStore::save_messages(const std::vector<Message>&) {
  not_yet("LIBSQL_STORE_SAVE_MESSAGES_FAILED");
}
std::vector<Message> LibSQLStore::get_messages(const MessagesQuery&) {
  not_yet("LIBSQL_STORE_GET_MESSAGES_FAILED");
}
MessagePage LibSQLStore::get_messages_paginated(const MessagesPageQuery&) {
  not_yet("LIBSQL_STORE_GET_MESSAGES_PAGINATED_FAILED");
}
std::vector<Message> LibSQLStore::update_messages(const std::vector<MessageUpdate>&) {
  not_yet("LIBSQL_STORE_UPDATE_MESSAGES_FAILED");
}
void LibSQLStore::delete_messages(const std::vector<std::string>&) {
  not_yet("LIBSQL_STORE_DELETE_MESSAGES_FAILED");
}

}  // namespace libsqlstore
