// Parses StoreOptions::url the way the reference's client (@libsql/client) does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "libsqlstore/types.hpp"

namespace libsqlstore::core {

struct DatabaseUrl {
  BackendKind kind = BackendKind::Memory;
  /// File: the absolute path of the database file.
  std::string path;
  /// File: `?mode=ro` (open read-only, never write) or `?mode=rw` (the file must exist; the
  /// default `rwc` creates it).
  bool read_only = false;
  bool create = true;
  /// Memory: the name of a database shared by every store of the process that opens the same
  /// name (`:memory:?cache=shared`, `file:NAME?mode=memory&cache=shared`); empty for a private
  /// in-memory database.
  std::string shared_memory_name;
  /// Remote: "http" or "https" (libsql:// maps to https, or http with ?tls=0; ws/wss map to
  /// http/https).
  std::string scheme;
  /// Remote: host name or address (IPv6 without brackets).
  std::string host;
  /// Remote: explicit port, if any.
  std::optional<int> port;
  /// Remote: path prefix of the server ("" or "/db"), without a trailing '/'.
  std::string base_path;
  /// Remote: token given as ?authToken=..., which overrides StoreOptions::authToken.
  std::optional<std::string> auth_token;

  /// Remote: "scheme://host[:port]base_path", the prefix of every endpoint. Never holds the token.
  std::string http_base() const;
};

/// Throws InvalidArgumentError (id LIBSQL_STORE_INVALID_URL) naming the problem. Never includes
/// an auth token in the message.
DatabaseUrl parse_database_url(std::string_view url);

}  // namespace libsqlstore::core
