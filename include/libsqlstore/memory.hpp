// libsqlstore: the memory domain: conversation threads, messages and resources (working memory).
//
// Field names mirror the reference's objects (`resourceId`, `createdAt`, ...), so code and docs
// written against Mastra map one to one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/export.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/lazy_json.hpp"
#include "libsqlstore/types.hpp"

namespace libsqlstore {

/// A conversation thread (row of `mastra_threads`).
struct Thread {
  std::string id;
  std::string resourceId;
  std::string title;
  /// A JSON object, or null when the thread has no metadata (stored as SQL NULL). Reads hold the
  /// stored text (LazyJson): it is parsed when looked at.
  LazyJson metadata;
  Timestamp createdAt{};
  Timestamp updatedAt{};

  friend bool operator==(const Thread&, const Thread&) = default;
};

/// Which column orders a thread listing.
enum class ThreadOrderBy { CreatedAt, UpdatedAt };

/// Arguments of get_threads_by_resource_id().
struct ThreadsByResourceQuery {
  std::string resourceId;
  ThreadOrderBy orderBy = ThreadOrderBy::CreatedAt;
  SortDirection sortDirection = SortDirection::Desc;
};

/// Arguments of get_threads_by_resource_id_paginated(). Defaults: page 0, 100 per page.
struct ThreadsByResourcePageQuery {
  std::string resourceId;
  std::int64_t page = 0;
  std::int64_t perPage = 100;
  ThreadOrderBy orderBy = ThreadOrderBy::CreatedAt;
  SortDirection sortDirection = SortDirection::Desc;
};

/// A page of threads. `hasMore` is true when rows exist after this page.
struct ThreadPage {
  std::vector<Thread> threads;
  std::int64_t total = 0;
  std::int64_t page = 0;
  std::int64_t perPage = 0;
  bool hasMore = false;
};

/// Arguments of update_thread(): a new title and metadata that is shallow-merged into the old.
struct ThreadUpdate {
  std::string id;
  std::string title;
  Json metadata = Json::object();
};

/// A message in the reference's V2 shape ("MastraMessageV2").
///
/// `content` is normally `{"format": 2, "parts": [...], ...}`. Messages the reference stored in V1
/// shape (a plain string or an array of parts) are converted to V2 when read. On save, a string
/// content is stored raw and anything else as compact JSON, as the reference does.
struct Message {
  std::string id;
  /// "user" or "assistant" (V1 rows' "tool" reads as "assistant"; a "system" row written by the
  /// reference reads back as "system", but save_messages() rejects that role).
  std::string role;
  /// Reads hold the stored text of V2 content as it is (LazyJson: parsed when looked at).
  LazyJson content;
  /// When the message was created. On save, nullopt means "now". Always set on read.
  std::optional<Timestamp> createdAt;
  std::optional<std::string> threadId;
  std::optional<std::string> resourceId;
  /// Stored in the `type` column; absent means "v2". Reads omit "v2".
  std::optional<std::string> type;

  friend bool operator==(const Message&, const Message&) = default;
};

/// One "include" of get_messages(): the message `id` and a window of its neighbours in its own
/// thread (`threadId`, default: the thread being read).
struct MessageInclude {
  std::string id;
  std::optional<std::string> threadId;
  std::int64_t withPreviousMessages = 0;
  std::int64_t withNextMessages = 0;
};

/// Arguments of get_messages().
struct MessagesQuery {
  std::string threadId;
  /// How many of the newest messages to return; nullopt = 40, 0 or negative = none (only
  /// includes).
  std::optional<std::int64_t> last;
  std::vector<MessageInclude> include;
};

/// Arguments of get_messages_paginated(). `perPage` defaults to `last`, then to 40.
struct MessagesPageQuery {
  std::string threadId;
  std::optional<std::int64_t> last;
  std::vector<MessageInclude> include;
  std::int64_t page = 0;
  std::optional<std::int64_t> perPage;
  DateRange dateRange;
};

/// A page of messages, oldest first. Included messages come on top of the page rows.
struct MessagePage {
  std::vector<Message> messages;
  std::int64_t total = 0;
  std::int64_t page = 0;
  std::int64_t perPage = 0;
  bool hasMore = false;
};

/// One message change of update_messages(). Absent fields are left as they are.
struct MessageUpdate {
  std::string id;
  /// A JSON object merged into the stored content (`{...old, ...new}`; `metadata` objects are
  /// merged too).
  std::optional<Json> content;
  std::optional<std::string> role;
  std::optional<std::string> type;
  /// Moves the message to another thread.
  std::optional<std::string> threadId;
  std::optional<std::string> resourceId;
};

/// A resource and its working memory (row of `mastra_resources`).
struct Resource {
  std::string id;
  std::optional<std::string> workingMemory;
  /// A JSON object, or null (stored as SQL NULL). Reads hold the stored text (LazyJson).
  LazyJson metadata;
  Timestamp createdAt{};
  Timestamp updatedAt{};

  friend bool operator==(const Resource&, const Resource&) = default;
};

/// Arguments of update_resource().
struct ResourceUpdate {
  std::string resourceId;
  std::optional<std::string> workingMemory;
  /// Shallow-merged into the stored metadata.
  std::optional<Json> metadata;
};

/// The memory domain: conversation threads, their messages and resources (working memory), as
/// the reference's `stores.memory`. Obtained from LibSQLStore::memory(), valid as long as the
/// store. Thread-safety: as the store (safe to use from several threads). Every method throws a
/// libsqlstore::Error whose id() is the method's (docs/error-codes.md).
class LIBSQLSTORE_EXPORT MemoryStore {
 public:
  /// Internal: a store hands out its own instance (LibSQLStore::memory()).
  explicit MemoryStore(detail::StoreContext& context) noexcept : context_(&context) {}

  // ---- Threads ------------------------------------------------------------------------------

  /// The thread, or nullopt. Error id LIBSQL_STORE_GET_THREAD_BY_ID_FAILED.
  std::optional<Thread> get_thread_by_id(const std::string& threadId);
  /// All threads of a resource, ordered as asked (ties in save order). Error id
  /// LIBSQL_STORE_GET_THREADS_BY_RESOURCE_ID_FAILED.
  std::vector<Thread> get_threads_by_resource_id(const ThreadsByResourceQuery& query);
  /// One page of a resource's threads. page >= 0 and perPage >= 0, else InvalidArgumentError;
  /// `hasMore` is false for perPage 0.
  ThreadPage get_threads_by_resource_id_paginated(const ThreadsByResourcePageQuery& query);
  /// Inserts or replaces the whole thread row; returns the thread as given.
  /// Error id LIBSQL_STORE_SAVE_THREAD_FAILED.
  Thread save_thread(const Thread& thread);
  /// Sets the title, shallow-merges the metadata and sets `updatedAt` to now (the reference leaves
  /// it unchanged; docs/compatibility.md), in one transaction; returns the thread as stored.
  /// NotFoundError (LIBSQL_STORE_UPDATE_THREAD_FAILED_THREAD_NOT_FOUND) for an unknown id.
  Thread update_thread(const ThreadUpdate& update);
  /// Deletes the thread and all its messages in one transaction. An unknown id is not an error.
  void delete_thread(const std::string& threadId);

  // ---- Messages -----------------------------------------------------------------------------

  /// Upserts the messages (by id; an existing message keeps its createdAt) in one transaction
  /// and bumps `updatedAt` of every thread they belong to or move away from. Every message is
  /// checked before anything is written: it needs an id, a role of its format ("user" or
  /// "assistant"; V1 content also "tool"), content that reads back in both formats, a threadId
  /// and a resourceId (else InvalidArgumentError). A string content is stored raw, anything
  /// else as JSON; a missing createdAt means now. Returns the messages as a read returns them:
  /// V2, createdAt filled, one per id, oldest first. Error id LIBSQL_STORE_SAVE_MESSAGES_FAILED.
  std::vector<Message> save_messages(const std::vector<Message>& messages);
  /// The newest `last` messages of the thread (nullopt: 40; negative: none) plus each include's
  /// message and its neighbours in its own thread, without duplicates, oldest first, as V2.
  /// Equal createdAt are ordered by save order. Error id LIBSQL_STORE_GET_MESSAGES_FAILED.
  std::vector<Message> get_messages(const MessagesQuery& query);
  /// One page of the thread's messages (pages count from the newest; each page is returned
  /// oldest first) plus the included windows (not date-filtered), as V2. `total` counts the
  /// thread's messages in the date range; `hasMore` is the reference's
  /// `page * perPage + messages.size() < total` (false for perPage 0). Negative page or perPage:
  /// InvalidArgumentError. Error id LIBSQL_STORE_GET_MESSAGES_PAGINATED_FAILED.
  MessagePage get_messages_paginated(const MessagesPageQuery& query);
  /// Applies the changes in one transaction: content is merged into the stored content object
  /// (`metadata` objects are merged too), the other fields replace the stored ones; the result
  /// must read back as a saved message must. Unknown ids are ignored. Bumps `updatedAt` of the old
  /// and the new thread of every changed message. Returns the messages named by the updates as
  /// stored, ordered by id, like the reference: the content is parsed but NOT converted to V2.
  /// Error id LIBSQL_STORE_UPDATE_MESSAGES_FAILED.
  std::vector<Message> update_messages(const std::vector<MessageUpdate>& updates);
  /// Deletes the messages in one transaction and bumps their threads' `updatedAt`. Unknown ids
  /// are ignored; an empty id is an InvalidArgumentError. Error id
  /// LIBSQL_STORE_DELETE_MESSAGES_FAILED, details {"messageIds": "a, b"}.
  void delete_messages(const std::vector<std::string>& messageIds);

  // ---- Resources (working memory) -----------------------------------------------------------

  /// The resource, or nullopt. Error id LIBSQL_STORE_GET_RESOURCE_BY_ID_FAILED.
  std::optional<Resource> get_resource_by_id(const std::string& resourceId);
  /// Inserts or replaces the resource; returns it as given.
  Resource save_resource(const Resource& resource);
  /// Updates working memory and shallow-merges metadata; creates the resource if missing.
  Resource update_resource(const ResourceUpdate& update);

 private:
  detail::StoreContext* context_;
};

}  // namespace libsqlstore
