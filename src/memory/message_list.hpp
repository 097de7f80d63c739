// The reference's MessageList, reduced to what storage needs: stored message content in, V2
// messages out.
//
// Every message a store method returns passes through a MessageList, as in the reference
// (`new MessageList().add(rows, 'memory').get.all.v2()`):
//  - V1 messages (content a plain string or an array of AI-SDK parts) are converted to V2
//    (`{"format": 2, "parts": [...]}`) with the reference's rules;
//  - V2 messages are kept as they are (tool invocations without args borrow them from the
//    matching part, as the reference's hydration does);
//  - messages are de-duplicated by id (an equal one is skipped, a different one replaces the
//    earlier in place) and kept in createdAt order, ties in the order they were added.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "libsqlstore/memory.hpp"

namespace libsqlstore::memory {

/// The content column's text -> the message content. Text that is a JSON object or array is
/// parsed; anything else (plain text, malformed JSON, a JSON scalar such as `42`) is a plain-text
/// V1 message and is kept as the raw string. Never fails.
Json parse_stored_content(std::string text);

/// The content -> the content column's text: a string is stored raw, anything else as compact
/// JSON (core::to_json_text), as the reference stores it.
std::string stored_content_text(const Json& content);

/// A V2 content: a JSON object whose `format` is 2.
bool is_v2_content(const Json& content);
/// The same, read off held text without parsing it when it is not parsed yet.
bool is_v2_content(const LazyJson& content);

/// V1 content (a string or an array of parts) -> V2 content. `earlier` are the messages already
/// in the list, oldest first: a tool result whose call is not in the same message takes the args
/// of the latest earlier assistant tool call with the same id.
Json v1_content_to_v2(const Json& content, std::span<const Message> earlier);

/// V1 role -> V2 role: "tool" becomes "assistant"; other roles are kept.
std::string v1_role_to_v2(const std::string& role);

/// Checks that a message with this role and content can be stored and read back in both formats
/// (what the library accepts it must be able to read back), else InvalidArgumentError naming the
/// message and the problem:
///  - V2 content ({"format": 2, "parts": [...]}): role "user" or "assistant"; every part an object
///    of a known type (text, tool-invocation, reasoning, file, source, step-start) with the fields
///    the V1 rendering needs; attachments and file parts that the V1 rendering accepts;
///  - V1 content: a string, or an array of known AI SDK parts (text, tool-call, tool-result,
///    reasoning, redacted-reasoning, image, file); role "user", "assistant" or "tool";
///  - anything else (another object, a number, null) is refused: it would read back as
///    something other than what was stored.
void check_message(const std::string& id, const std::string& role, const Json& content);

class MessageList {
 public:
  MessageList() = default;
  explicit MessageList(std::size_t expected) { messages_.reserve(expected); }

  /// Adds one message (createdAt must be set). V1 is converted to V2 and `type` is dropped;
  /// a V2 message keeps its `type` unless it is "v2".
  void add(Message message);
  /// As add(), for a message known to be newer than (or as new as) every message added so far
  /// and to have an id none of them has: the rows of one read, sorted and deduplicated. Skips the
  /// ordered insert and the id bookkeeping; do not mix with add().
  void append_in_order(Message&& message);

  const std::vector<Message>& messages() const noexcept { return messages_; }
  std::vector<Message> take() && { return std::move(messages_); }

 private:
  /// V1 -> V2 (and hydration) in place.
  void convert_to_v2(Message& message) const;
  void insert_sorted(Message message);

  std::vector<Message> messages_;
  std::unordered_set<std::string> ids_;
};

}  // namespace libsqlstore::memory
