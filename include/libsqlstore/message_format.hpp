// libsqlstore: rendering of stored messages in the reference's two formats.
//
// The store returns messages as V2 ("MastraMessageV2": content {format: 2, parts: [...]}). Mastra
// also has an older V1 shape ("MastraMessageV1", AI SDK core messages: content a string or an
// array of text / tool-call / tool-result parts, role user | assistant | tool). to_v1() turns a
// list of V2 messages into V1 exactly as the reference's `MessageList.get.all.v1()` does: tool
// invocations split into an assistant "tool-call" message and a "tool" result message (ids
// `<id>__split-N`), consecutive same-role array messages merged, file parts turned into
// attachments, `updateWorkingMemory` calls dropped.
#pragma once

#include <string_view>
#include <vector>

#include "libsqlstore/export.hpp"
#include "libsqlstore/json.hpp"
#include "libsqlstore/memory.hpp"

namespace libsqlstore {

/// The output format of a message read: the reference's `format: "v1" | "v2"`.
enum class MessageFormat { V1, V2 };

/// "v1" / "v2"; nullopt for anything else.
LIBSQLSTORE_EXPORT std::optional<MessageFormat> parse_message_format(std::string_view text);

/// One V2 message as JSON, keys in the reference's order (id, content, role, createdAt, threadId,
/// resourceId[, type]); absent optional fields are omitted.
LIBSQLSTORE_EXPORT Json to_v2_json(const Message& message);

/// The V2 messages (oldest first, as the store returns them) as a JSON array of V1 messages
/// ({role, id, createdAt, resourceId, threadId, type, content}).
LIBSQLSTORE_EXPORT Json to_v1(const std::vector<Message>& messages);

}  // namespace libsqlstore
