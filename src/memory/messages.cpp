// Messages: the reference's memory-domain message methods, with the differences listed in
// docs/compatibility.md ("Messages").
//
// Reads return V2 messages, normalised by memory::MessageList (V1 rows converted, de-duplicated,
// oldest first). update_messages() is the exception: like the reference, it returns the rows as
// stored (content parsed, not converted). The SQL lives in memory/message_sql.hpp.
#include <algorithm>
#include <limits>
#include <map>
#include <unordered_set>

#include "core/errors.hpp"
#include "core/paging.hpp"
#include "core/row_codec.hpp"
#include "memory/message_list.hpp"
#include "memory/message_sql.hpp"
#include "memory/recall_vectors.hpp"
#include "schema/tables.hpp"
#include "store/store_context.hpp"

namespace libsqlstore {

namespace {

using memory::MessageList;
namespace sql = memory::sql;

constexpr std::int64_t kDefaultLimit = 40;
// SQLite's default SQLITE_MAX_VARIABLE_NUMBER; a statement never binds more.
constexpr std::size_t kMaxBoundParameters = 32766;

using core::invalid_argument;
using core::require_non_empty;

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  return a > std::numeric_limits<std::int64_t>::max() - b ? std::numeric_limits<std::int64_t>::max()
                                                          : a + b;
}

// ---- Rows -------------------------------------------------------------------------------------

/// A message row decoded as stored (content parsed, not converted; `type` omitted when "v2"),
/// with its rowid: the save order that breaks createdAt ties.
struct StoredRow {
  Message message;
  std::int64_t rowid = 0;
};

/// Where a read of message_sql's statements has its columns (by name).
struct MessageColumns {
  explicit MessageColumns(const core::ResultSet& rs)
      : map(schema::messages().fields(), rs),
        id(schema::ColumnMap::find(rs.columns, "id")),
        rowid(schema::ColumnMap::find(rs.columns, "rowid")) {}
  schema::ColumnMap map;
  int id;
  int rowid;
};

/// The id of a row before it is decoded (nullptr when it is not text).
const std::string* row_id(const MessageColumns& cols, const core::Row& row) {
  return cols.id < 0 ? nullptr : core::text_ptr(row[static_cast<std::size_t>(cols.id)]);
}

/// One row, as stored, into `out` (a default Message); returns its rowid. Moves the row's
/// strings out.
std::int64_t decode_row(const MessageColumns& cols, core::Row& row, Message& out) {
  schema::messages().decode(cols.map, row, out);
  auto& type = out.type;
  if (type && (type->empty() || *type == "v2")) type.reset();
  return cols.rowid < 0 ? 0 : core::to_int(row[static_cast<std::size_t>(cols.rowid)]).value_or(0);
}

void decode_row(const MessageColumns& cols, core::Row& row, StoredRow& out) {
  out.rowid = decode_row(cols, row, out.message);
}

void decode_rows(core::ResultSet& rs, std::vector<StoredRow>& out) {
  const MessageColumns cols(rs);
  out.reserve(out.size() + rs.rows.size());
  for (auto& row : rs.rows) decode_row(cols, row, out.emplace_back());
}

/// Rows (possibly overlapping) -> V2 messages, oldest first; ties in save order (rowid).
std::vector<Message> to_messages(std::vector<StoredRow> rows) {
  // Sorted by position, not by moving the messages around.
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto before = [&](std::size_t x, std::size_t y) {
    const auto& a = rows[x];
    const auto& b = rows[y];
    return a.message.createdAt != b.message.createdAt ? a.message.createdAt < b.message.createdAt
                                                      : a.rowid < b.rowid;
  };
  // The common read (the newest messages, no includes) arrives newest first: reversed, not sorted.
  bool newest_first = true;
  for (std::size_t i = 1; i < order.size() && newest_first; ++i) newest_first = before(i, i - 1);
  if (newest_first) {
    std::reverse(order.begin(), order.end());
  } else {
    std::sort(order.begin(), order.end(), before);
  }
  MessageList list(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    // Overlapping include windows return the same row more than once.
    if (i > 0 && rows[order[i]].rowid == rows[order[i - 1]].rowid) continue;
    // Sorted, and one row per rowid is one per id (the primary key).
    list.append_in_order(std::move(rows[order[i]].message));
  }
  return std::move(list).take();
}

// ---- Id lists ---------------------------------------------------------------------------------

/// Appends ids[first, first + count) padded to `padded` values by repeating the last one.
void append_ids(std::vector<core::Value>& args, const std::vector<std::string>& ids,
                std::size_t first, std::size_t count, std::size_t padded) {
  for (std::size_t i = 0; i < padded; ++i) args.emplace_back(ids[first + std::min(i, count - 1)]);
}

/// One statement per chunk of at most kMaxIdsPerStatement ids: `sql_for(n)` with the `lead`
/// arguments, then the chunk's ids padded to n = in_list_size(count) (few distinct SQL texts, so
/// the statement cache stays small).
template <class SqlFor>
std::vector<core::Statement> in_chunks(const std::vector<std::string>& ids, SqlFor&& sql_for,
                                       const std::vector<core::Value>& lead = {}) {
  std::vector<core::Statement> out;
  for (std::size_t first = 0; first < ids.size(); first += sql::kMaxIdsPerStatement) {
    const std::size_t count = std::min(sql::kMaxIdsPerStatement, ids.size() - first);
    const std::size_t padded = sql::in_list_size(count);
    core::Statement s{sql_for(padded), lead};
    append_ids(s.args, ids, first, count, padded);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> unique_in_order(std::vector<std::string> ids) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  // A save or an update has a handful of ids: comparing each with those kept costs less than
  // hashing a copy of each into a set (a node and a string allocation per id).
  constexpr std::size_t kLinear = 32;
  if (ids.size() <= kLinear) {
    for (auto& id : ids) {
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
    }
    return out;
  }
  // Views into `ids`, which is left as it is until every id has been looked at.
  std::vector<bool> keep(ids.size());
  std::unordered_set<std::string_view> seen;
  seen.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) keep[i] = seen.insert(ids[i]).second;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (keep[i]) out.push_back(std::move(ids[i]));
  }
  return out;
}

// ---- Includes ---------------------------------------------------------------------------------

void validate_includes(const std::vector<MessageInclude>& includes) {
  for (const auto& inc : includes) {
    require_non_empty(inc.id, "include.id");
    if (inc.threadId) require_non_empty(*inc.threadId, "include.threadId");
    if (inc.withPreviousMessages < 0 || inc.withNextMessages < 0) {
      invalid_argument(
          "include.withPreviousMessages and include.withNextMessages must be >= 0 (got " +
              std::to_string(inc.withPreviousMessages) + ", " +
              std::to_string(inc.withNextMessages) + ") for message " + inc.id,
          {{"messageId", inc.id}});
    }
  }
}

/// Appends the statements of every include (target, older window, newer window). Returns how
/// many rows of `threadId` they can return at most.
std::int64_t append_include_statements(const std::vector<MessageInclude>& includes,
                                       const std::string& threadId,
                                       std::vector<core::Statement>& out) {
  std::int64_t same_thread_rows = 0;
  for (const auto& inc : includes) {
    const std::string& thread = inc.threadId.value_or(threadId);
    out.push_back({sql::include_target(), {inc.id, thread}});
    if (inc.withPreviousMessages > 0) {
      out.push_back({sql::include_before(), {inc.id, thread, thread, inc.withPreviousMessages}});
    }
    if (inc.withNextMessages > 0) {
      out.push_back({sql::include_after(), {inc.id, thread, thread, inc.withNextMessages}});
    }
    if (thread == threadId) {
      same_thread_rows = saturating_add(
          same_thread_rows,
          saturating_add(1, saturating_add(inc.withPreviousMessages, inc.withNextMessages)));
    }
  }
  return same_thread_rows;
}

// ---- save_messages ----------------------------------------------------------------------------

void validate_for_save(const std::vector<Message>& messages) {
  if (!messages.front().threadId || messages.front().threadId->empty()) {
    invalid_argument("Thread ID is required", {{"index", 0}});
  }
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    // Details are built only on failure: this loop runs for every message saved.
    auto fail = [&](const std::string& message) {
      invalid_argument(message, {{"index", i}, {"messageId", m.id}});
    };
    if (m.id.empty()) fail("messages[" + std::to_string(i) + "].id is required");
    if (!m.threadId || m.threadId->empty()) {
      fail(
          "Expected to find a threadId for message, but couldn't find one. An unexpected error "
          "has occurred.");
    }
    if (!m.resourceId || m.resourceId->empty()) {
      fail(
          "Expected to find a resourceId for message, but couldn't find one. An unexpected error "
          "has occurred.");
    }
    if (m.role.empty()) fail("message " + m.id + ": role is required");
    if (m.role == "system") {
      fail("message " + m.id +
           ": system messages cannot be stored in a thread (the reference would store it and "
           "then fail to read the thread)");
    }
    if (m.content->is_null() || m.content->is_discarded()) {
      fail("message " + m.id + ": content is required");
    }
    memory::check_message(m.id, m.role, m.content);
  }
}

// ---- update_messages --------------------------------------------------------------------------

void validate_update(const MessageUpdate& u) {
  auto fail = [&](const std::string& message) { invalid_argument(message, {{"messageId", u.id}}); };
  if (u.id.empty()) fail("update id must be a non-empty string");
  if (u.content && !u.content->is_object()) {
    fail("message " + u.id + ": content of an update must be a JSON object (it is merged)");
  }
  auto non_empty = [&](const std::optional<std::string>& v, const char* what) {
    if (v && v->empty()) fail("message " + u.id + ": " + what + " must not be empty");
  };
  non_empty(u.role, "role");
  non_empty(u.type, "type");
  non_empty(u.threadId, "threadId");
  non_empty(u.resourceId, "resourceId");
  if (u.role && *u.role == "system") {
    fail("message " + u.id + ": system messages cannot be stored in a thread");
  }
}

bool has_changes(const MessageUpdate& u) {
  return u.content || u.role || u.type || u.threadId || u.resourceId;
}

/// `{...old, ...patch}`, and `metadata` merged the same way when both hold an object. Existing
/// keys keep their place, new keys are appended.
Json merge_content(const Json& old, const Json& patch) {
  Json merged = old.is_object() ? old : Json::object();
  for (const auto& [key, value] : patch.items()) {
    if (key == "metadata" && value.is_object()) {
      auto it = merged.find("metadata");
      if (it != merged.end() && it->is_object()) {
        for (const auto& [mk, mv] : value.items()) (*it)[mk] = mv;
        continue;
      }
    }
    merged[key] = value;
  }
  return merged;
}

/// A stored message being updated: the decoded row plus its content column text, so content
/// that is not updated is written back byte for byte.
struct Pending {
  Message message;
  std::string content_text;
  bool dirty = false;
};

/// The upsert's arguments: the message's columns, type "v2" when it has none (the reference's
/// default) and createdAt `stamp` when it has none.
std::vector<core::Value> upsert_args(const Message& m, const core::Value& stamp) {
  static const auto slot = [](std::string_view name) {
    const auto& fields = schema::messages().fields();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].column.name == name) return i;
    }
    return fields.size();
  };
  static const std::size_t type = slot("type");
  static const std::size_t created = slot("createdAt");
  auto args = schema::messages().values(m);
  if (!m.type || m.type->empty()) args[type] = std::string("v2");
  if (!m.createdAt) args[created] = stamp;
  return args;
}

constexpr const char* kUpdateMessage =
    "UPDATE mastra_messages SET content = ?, role = ?, type = ?, thread_id = ?, resourceId = ? "
    "WHERE id = ?";

}  // namespace

std::vector<Message> MemoryStore::save_messages(const std::vector<Message>& messages) {
  return context_->call("LIBSQL_STORE_SAVE_MESSAGES_FAILED", Json::object(), [&] {
    if (messages.empty()) return std::vector<Message>{};
    validate_for_save(messages);
    auto& db = context_->db();

    const auto stamp = now();
    const core::Value stamp_text = core::encode_timestamp(stamp);
    std::vector<std::string> thread_ids;
    std::vector<std::string> message_ids;
    thread_ids.reserve(messages.size());
    message_ids.reserve(messages.size());
    for (const auto& m : messages) {
      thread_ids.push_back(*m.threadId);
      message_ids.push_back(m.id);
    }
    thread_ids = unique_in_order(std::move(thread_ids));
    message_ids = unique_in_order(std::move(message_ids));

    std::vector<core::Statement> stmts;
    stmts.reserve(messages.size() + 2);
    // First bump every thread the call touches: the messages' threads, and (before the upserts
    // move them) the threads re-saved messages come from.
    for (auto& s : in_chunks(thread_ids, sql::touch_threads, {stamp_text})) {
      stmts.push_back(std::move(s));
    }
    // One statement per message: an IN (SELECT ...) list builds a temporary table, which cost
    // more (17 % of a 10-message save) than ten primary-key lookups.
    for (const auto& id : message_ids) {
      stmts.push_back({sql::touch_thread_of_message(), {stamp_text, id}});
    }
    for (const auto& m : messages) stmts.push_back({sql::upsert(), upsert_args(m, stamp_text)});
    db.write(stmts);

    // The result is what a read returns: string content is read back from its stored text.
    MessageList list(messages.size());
    for (std::size_t i = 0; i < messages.size(); ++i) {
      Message m = messages[i];
      if (!m.createdAt) m.createdAt = stamp;
      if (m.type && m.type->empty()) m.type.reset();  // stored as "v2", as the reference does
      if (m.content->is_string()) {
        m.content = memory::parse_stored_content(m.content->get<std::string>());
      }
      list.add(std::move(m));
    }
    return std::move(list).take();
  });
}

std::vector<Message> MemoryStore::get_messages(const MessagesQuery& query) {
  return context_->call("LIBSQL_STORE_GET_MESSAGES_FAILED", {{"threadId", query.threadId}}, [&] {
    require_non_empty(query.threadId, "threadId");
    validate_includes(query.include);
    const std::int64_t limit = query.last ? std::max<std::int64_t>(0, *query.last) : kDefaultLimit;
    if (limit == 0 && query.include.empty()) return std::vector<Message>{};

    // One read batch (one snapshot, one round trip): the include windows, then the newest
    // messages. Included rows of this thread are skipped from the newest ones, so the
    // newest query fetches that many extra rows.
    std::vector<core::Statement> stmts;
    const auto extra = append_include_statements(query.include, query.threadId, stmts);
    const std::size_t include_stmts = stmts.size();
    if (limit > 0) stmts.push_back({sql::last_n(), {query.threadId, saturating_add(limit, extra)}});
    auto results = context_->db().read(stmts);

    std::vector<StoredRow> rows;
    std::size_t n = 0;
    for (const auto& rs : results) n += rs.rows.size();
    rows.reserve(n);
    std::unordered_set<std::string_view> included;  // views into `rows`: reserved, never moved
    for (std::size_t i = 0; i < include_stmts; ++i) {
      const MessageColumns cols(results[i]);
      for (auto& row : results[i].rows) {
        decode_row(cols, row, rows.emplace_back());
        included.insert(rows.back().message.id);
      }
    }
    if (limit > 0) {
      const MessageColumns cols(results.back());
      std::int64_t taken = 0;
      for (auto& row : results.back().rows) {
        if (taken == limit) break;
        if (!included.empty()) {
          const auto* id = row_id(cols, row);
          if (id && included.contains(*id)) continue;
        }
        decode_row(cols, row, rows.emplace_back());
        ++taken;
      }
    }
    return to_messages(std::move(rows));
  });
}

MessagePage MemoryStore::get_messages_paginated(const MessagesPageQuery& query) {
  return context_->call(
      "LIBSQL_STORE_GET_MESSAGES_PAGINATED_FAILED", {{"threadId", query.threadId}}, [&] {
        require_non_empty(query.threadId, "threadId");
        validate_includes(query.include);
        const std::int64_t perPage =
            query.perPage ? *query.perPage
                          : (query.last ? std::max<std::int64_t>(0, *query.last) : kDefaultLimit);
        core::validate_paging(query.page, perPage);
        auto& db = context_->db();

        // Included windows first (not date-filtered), as the reference.
        std::vector<StoredRow> rows;
        std::vector<std::string> included;
        if (!query.include.empty()) {
          std::vector<core::Statement> stmts;
          append_include_statements(query.include, query.threadId, stmts);
          auto include_results = db.read(stmts);
          for (auto& rs : include_results) decode_rows(rs, rows);
          for (const auto& r : rows) {
            // Only this thread's rows can show up on the page again.
            if (r.message.threadId == query.threadId) included.push_back(r.message.id);
          }
        }
        included = unique_in_order(std::move(included));

        // Count and page in one read: both see the same snapshot.
        const bool start = query.dateRange.start.has_value();
        const bool end = query.dateRange.end.has_value();
        std::vector<core::Value> filter{query.threadId};
        if (start) filter.push_back(core::encode_timestamp_bound(*query.dateRange.start));
        if (end) filter.push_back(core::encode_timestamp_bound(*query.dateRange.end));
        std::size_t excluded = 0;
        if (!included.empty()) {
          excluded = included.size() <= sql::kMaxIdsPerStatement
                         ? sql::in_list_size(included.size())
                         : (included.size() + sql::kMaxIdsPerStatement - 1) /
                               sql::kMaxIdsPerStatement * sql::kMaxIdsPerStatement;
          if (excluded + filter.size() + 2 > kMaxBoundParameters) {
            invalid_argument("the include windows select " + std::to_string(included.size()) +
                             " messages, more than one query can exclude");
          }
        }
        core::Statement page_stmt{sql::select_page(start, end, excluded), filter};
        if (excluded) append_ids(page_stmt.args, included, 0, included.size(), excluded);
        page_stmt.args.emplace_back(perPage);
        page_stmt.args.emplace_back(query.page * perPage);
        const core::Statement stmts[] = {{sql::count_page(start, end), filter},
                                         std::move(page_stmt)};
        auto results = db.read(stmts);

        MessagePage page;
        page.total = core::to_int(results[0].rows.at(0).at(0)).value_or(0);
        decode_rows(results[1], rows);
        page.messages = to_messages(std::move(rows));
        page.page = query.page;
        page.perPage = perPage;
        // The reference's formula: included messages count as shown.
        page.hasMore =
            core::has_more(query.page * perPage, static_cast<std::int64_t>(page.messages.size()),
                           page.total, perPage);
        return page;
      });
}

std::vector<Message> MemoryStore::update_messages(const std::vector<MessageUpdate>& updates) {
  return context_->call("LIBSQL_STORE_UPDATE_MESSAGES_FAILED", Json::object(), [&] {
    if (updates.empty()) return std::vector<Message>{};
    for (const auto& u : updates) validate_update(u);
    auto& db = context_->db();

    std::vector<std::string> ids;
    ids.reserve(updates.size());
    for (const auto& u : updates) ids.push_back(u.id);
    ids = unique_in_order(std::move(ids));

    std::vector<Message> result;
    db.transaction([&](core::Transaction& tx) {
      result.clear();                          // the body runs again when the database was busy
      std::map<std::string, Pending> current;  // by id: the order of the result
      for (const auto& s : in_chunks(ids, sql::select_by_ids)) {
        auto rs = tx.query(s);
        const MessageColumns cols(rs);
        const int content = schema::ColumnMap::find(rs.columns, "content");
        for (auto& row : rs.rows) {
          std::string content_text =
              content < 0 ? std::string()
                          : core::to_text(row[static_cast<std::size_t>(content)]).value_or("");
          Pending p{{}, std::move(content_text)};
          decode_row(cols, row, p.message);
          auto id = p.message.id;
          current.emplace(std::move(id), std::move(p));
        }
      }

      std::vector<std::string> touched;
      for (const auto& u : updates) {
        auto it = current.find(u.id);
        if (it == current.end() || !has_changes(u)) continue;
        auto& p = it->second;
        auto& m = p.message;
        if (m.threadId) touched.push_back(*m.threadId);
        if (u.content) {
          m.content = merge_content(m.content, *u.content);
          p.content_text = memory::stored_content_text(m.content);
        }
        if (u.role) m.role = *u.role;
        if (u.type) m.type = *u.type;
        if (u.threadId) {
          m.threadId = *u.threadId;
          touched.push_back(*u.threadId);
        }
        if (u.resourceId) m.resourceId = *u.resourceId;
        // The message as it will be stored must read back, as a saved one must.
        memory::check_message(m.id, m.role, m.content);
        p.dirty = true;
      }

      const core::Value stamp = core::encode_timestamp(now());
      for (auto& [id, p] : current) {
        if (!p.dirty) continue;
        const auto& m = p.message;
        tx.execute(
            {kUpdateMessage,
             {p.content_text, m.role, m.type.value_or("v2"), core::encode_optional_text(m.threadId),
              core::encode_optional_text(m.resourceId), id}});
      }
      touched = unique_in_order(std::move(touched));
      for (auto& s : in_chunks(touched, sql::touch_threads, {stamp})) tx.execute(std::move(s));

      result.reserve(current.size());
      for (auto& [id, p] : current) {
        // As stored: "v2" is not reported, and updated content is what a read parses back.
        if (p.message.type && *p.message.type == "v2") p.message.type.reset();
        if (p.dirty) p.message.content = memory::parse_stored_content(p.content_text);
        result.push_back(std::move(p.message));
      }
    });
    return result;
  });
}

void MemoryStore::delete_messages(const std::vector<std::string>& messageIds) {
  std::string joined;
  for (const auto& id : messageIds) {
    if (!joined.empty()) joined += ", ";
    joined += id;
  }
  context_->call("LIBSQL_STORE_DELETE_MESSAGES_FAILED", {{"messageIds", joined}}, [&] {
    if (messageIds.empty()) return;
    for (const auto& id : messageIds) {
      if (id.empty()) invalid_argument("message ids must be non-empty strings");
    }
    const auto ids = unique_in_order(messageIds);
    const core::Value stamp = core::encode_timestamp(now());
    // Threads first, while their messages still exist; then the messages. One transaction.
    auto stmts = in_chunks(ids, sql::touch_threads_of_messages, {stamp});
    for (auto& s : in_chunks(ids, sql::delete_messages)) stmts.push_back(std::move(s));
    if (!context_->options().deleteMessageVectors) {
      context_->db().write(stmts);
      return;
    }
    const bool local = !context_->writes_remotely();
    context_->db().transaction([&](core::Transaction& tx) {
      memory::delete_recall_vectors(tx, local, "message_id", ids);
      for (const auto& s : stmts) tx.execute(s);
    });
  });
}

}  // namespace libsqlstore
