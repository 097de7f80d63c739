// libsqlstore: the memory domain: conversation threads, messages and resources (working memory).
//
// Field names mirror the reference's objects (`resourceId`, `createdAt`, ...), so code and docs
// written against Mastra map one to one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libsqlstore/json.hpp"
#include "libsqlstore/types.hpp"

namespace libsqlstore {

/// A conversation thread (row of `mastra_threads`).
struct Thread {
  std::string id;
  std::string resourceId;
  std::string title;
  /// A JSON object, or null when the thread has no metadata (stored as SQL NULL).
  Json metadata;
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
  Json content;
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
  /// A JSON object, or null (stored as SQL NULL).
  Json metadata;
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

}  // namespace libsqlstore
