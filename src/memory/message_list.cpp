#include "memory/message_list.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>

#include "libsqlstore/error.hpp"
#include "libsqlstore/message_format.hpp"

#include "core/errors.hpp"
#include "core/json_canonical.hpp"
#include "core/json_text.hpp"
#include "memory/json_members.hpp"
#include "schema/codec.hpp"

namespace libsqlstore::memory {

namespace {

// JavaScript truthiness of a JSON value (undefined is represented by a missing key / null).
bool js_truthy(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      return false;
    case Json::value_t::boolean:
      return v.get<bool>();
    case Json::value_t::string:
      return !v.get_ref<const std::string&>().empty();
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return v.get<double>() != 0;
    case Json::value_t::number_float: {
      const double d = v.get<double>();
      return d != 0 && !std::isnan(d);
    }
    default:
      return true;  // objects and arrays, even empty ones
  }
}

// `Object.keys(v).length === 0` (a missing value counts as empty).
bool js_has_no_keys(const Json* v) {
  if (v == nullptr || v->is_null()) return true;
  if (v->is_object() || v->is_array()) return v->empty();
  if (v->is_string()) return v->get_ref<const std::string&>().empty();
  return true;  // numbers and booleans have no own keys
}

// `String(value)` for the values JSON can hold.
std::string js_string(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return core::js_number(v.get<double>());
  if (v.is_object()) return "[object Object]";
  if (v.is_array()) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      if (!v[i].is_null()) out += js_string(v[i]);
    }
    return out;
  }
  return "null";
}

bool is_part(const Json& part, std::string_view type) {
  const auto* t = member(part, "type");
  return t && t->is_string() && t->get_ref<const std::string&>() == type;
}

// The args of the latest earlier assistant tool call `toolCallId`, or nullptr.
const Json* earlier_call_args(const Json& toolCallId, std::span<const Message> earlier) {
  for (auto it = earlier.rbegin(); it != earlier.rend(); ++it) {
    if (it->role != "assistant") continue;
    const auto* parts = member(it->content, "parts");
    if (!parts || !parts->is_array()) continue;
    for (const auto& part : *parts) {
      if (!is_part(part, "tool-invocation")) continue;
      const auto* inv = member(part, "toolInvocation");
      if (!inv) continue;
      const auto* id = member(*inv, "toolCallId");
      const auto* state = member(*inv, "state");
      if (!id || *id != toolCallId || !state || *state != "call") continue;
      // The reference takes the first matching part of the message; with no args it moves on
      // to earlier messages.
      const auto* args = member(*inv, "args");
      if (args && js_truthy(*args)) return args;
      break;
    }
  }
  return nullptr;
}

// Whether `text` has the key `"toolInvocations":` anywhere. Every read asks it of every V2
// message, nearly always to hear no: memchr for the key's capital 'I', rare in text, is several
// times cheaper than std::string::find, which stops at every '"' of the JSON.
bool mentions_tool_invocations(const std::string& text) {
  static constexpr std::string_view kKey = "\"toolInvocations\":";
  static constexpr std::size_t kAt = kKey.find('I');
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin + std::min(kAt, text.size());
  while (p < end) {
    const auto* hit =
        static_cast<const char*>(std::memchr(p, 'I', static_cast<std::size_t>(end - p)));
    if (hit == nullptr) return false;
    const char* const start = hit - kAt;
    if (static_cast<std::size_t>(end - start) >= kKey.size() &&
        std::memcmp(start, kKey.data(), kKey.size()) == 0) {
      return true;
    }
    p = hit + 1;
  }
  return false;
}

// Whether hydrate_v2() has anything to do: a tool invocation without args.
bool needs_hydration(const LazyJson& content) {
  if (const auto* text = content.held_text();
      text && !content.is_parsed() && !mentions_tool_invocations(*text)) {
    return false;  // read off the text: most messages have no toolInvocations anywhere
  }
  const auto* invocations = member(*content, "toolInvocations");
  if (!invocations || !invocations->is_array()) return false;
  return std::any_of(invocations->begin(), invocations->end(), [](const Json& ti) {
    return ti.is_object() && js_has_no_keys(member(ti, "args"));
  });
}

// The reference's hydration of a stored V2 message: tool invocations without args borrow them
// from the matching tool-invocation part.
void hydrate_v2(Json& content) {
  auto it = content.find("toolInvocations");
  if (it == content.end() || !it->is_array()) return;
  const auto* parts = member(content, "parts");
  if (!parts || !parts->is_array()) return;
  for (auto& ti : *it) {
    if (!ti.is_object() || !js_has_no_keys(member(ti, "args"))) continue;
    const auto* id = member(ti, "toolCallId");
    for (const auto& part : *parts) {
      if (!is_part(part, "tool-invocation")) continue;
      const auto* inv = member(part, "toolInvocation");
      if (!inv || !inv->is_object()) continue;
      const auto* part_id = member(*inv, "toolCallId");
      const auto* args = member(*inv, "args");
      const bool same_id = (id == nullptr) ? part_id == nullptr : part_id && *part_id == *id;
      if (same_id && args && js_truthy(*args) && !js_has_no_keys(args)) {
        ti["args"] = *args;
        break;
      }
    }
  }
}

}  // namespace

Json parse_stored_content(std::string text) { return schema::decode_content(std::move(text)); }

std::string stored_content_text(const Json& content) {
  if (content.is_string()) return content.get<std::string>();
  return core::to_json_text(content);
}

bool is_v2_content(const Json& content) {
  if (!content.is_object()) return false;
  const auto it = content.find("format");
  return it != content.end() && it->is_number() && *it == 2;
}

bool is_v2_content(const LazyJson& content) {
  if (const auto* text = content.held_text(); text && !content.is_parsed()) {
    // Canonical text writes the number 2 as "2" (2.0 included), and has no duplicate keys: a
    // text that starts with the member (as every V2 message the store or the reference writes
    // does) answers without a walk over its members.
    const std::string_view t(*text);
    if (t.starts_with(R"({"format":2,)") || t == R"({"format":2})") return true;
    const auto format = core::canonical_member(*text, "format");
    return format && *format == "2";
  }
  return is_v2_content(content.value());
}

std::string v1_role_to_v2(const std::string& role) {
  return role == "tool" ? std::string("assistant") : role;
}

Json v1_content_to_v2(const Json& content, std::span<const Message> earlier) {
  Json parts = Json::array();
  Json toolInvocations = Json::array();
  if (content.is_string()) {
    parts.push_back({{"type", "step-start"}});
    parts.push_back({{"type", "text"}, {"text", content}});
  } else if (content.is_array()) {
    for (const auto& part : content) {
      const auto* type_value = member(part, "type");
      if (!type_value || !type_value->is_string()) continue;
      const auto& type = type_value->get_ref<const std::string&>();
      if (type == "text") {
        Json p{{"type", "text"}};
        copy_member(p, part, "text");
        parts.push_back(std::move(p));
      } else if (type == "tool-call") {
        Json inv{{"state", "call"}};
        copy_member(inv, part, "toolCallId");
        copy_member(inv, part, "toolName");
        copy_member(inv, part, "args");
        parts.push_back({{"type", "tool-invocation"}, {"toolInvocation", std::move(inv)}});
      } else if (type == "tool-result") {
        const Json toolCallId = part.value("toolCallId", Json());
        Json args = Json::object();
        for (const auto& other : content) {
          if (is_part(other, "tool-call") && other.value("toolCallId", Json()) == toolCallId) {
            if (const auto* a = member(other, "args"); a && !a->is_null()) args = *a;
            break;
          }
        }
        if (js_has_no_keys(&args)) {
          if (const auto* from_earlier = earlier_call_args(toolCallId, earlier))
            args = *from_earlier;
        }
        Json inv{{"state", "result"}};
        copy_member(inv, part, "toolCallId");
        copy_member(inv, part, "toolName");
        const auto* result = member(part, "result");
        inv["result"] = (result && !result->is_null()) ? *result : Json("");
        inv["args"] = std::move(args);
        parts.push_back({{"type", "tool-invocation"}, {"toolInvocation", inv}});
        toolInvocations.push_back(std::move(inv));
      } else if (type == "reasoning") {
        Json detail{{"type", "text"}};
        copy_member(detail, part, "text");
        copy_member(detail, part, "signature");
        parts.push_back({{"type", "reasoning"},
                         {"reasoning", ""},
                         {"details", Json::array({std::move(detail)})}});
      } else if (type == "redacted-reasoning") {
        Json detail{{"type", "redacted"}};
        copy_member(detail, part, "data");
        parts.push_back({{"type", "reasoning"},
                         {"reasoning", ""},
                         {"details", Json::array({std::move(detail)})}});
      } else if (type == "image") {
        Json p{{"type", "file"}, {"data", js_string(part.value("image", Json()))}};
        copy_member(p, part, "mimeType");
        parts.push_back(std::move(p));
      } else if (type == "file") {
        // Only text data (a URL or base64) can come out of JSON; the reference drops a part whose
        // binary data it cannot convert.
        const auto* data = member(part, "data");
        if (!data || !data->is_string()) continue;
        Json p{{"type", "file"}};
        copy_member(p, part, "mimeType");
        p["data"] = *data;
        parts.push_back(std::move(p));
      }
      // Other part types are dropped, as the reference drops them.
    }
  }
  Json out{{"format", 2}, {"parts", std::move(parts)}};
  if (!toolInvocations.empty()) out["toolInvocations"] = std::move(toolInvocations);
  if (content.is_string()) out["content"] = content;
  return out;
}

namespace {

[[noreturn]] void bad_content(const std::string& id, const std::string& why) {
  core::invalid_argument("message " + id + ": " + why, {{"messageId", id}});
}

bool is_string_member(const Json& object, const char* key) {
  const auto* v = member(object, key);
  return v && v->is_string();
}

void check_v1_parts(const std::string& id, const Json& parts) {
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Json& part = parts[i];
    // Built only when a check fails: this loop runs for every part of every message saved.
    const auto at = [i] { return "content[" + std::to_string(i) + "]"; };
    if (!part.is_object() || !is_string_member(part, "type")) {
      bad_content(id, at() + " must be an object with a string \"type\" (an AI SDK part)");
    }
    const auto& type = part["type"].get_ref<const std::string&>();
    auto need = [&](const char* key) {
      if (!is_string_member(part, key)) {
        bad_content(id, at() + " (a " + type + " part) needs a string \"" + key + "\"");
      }
    };
    if (type == "text" || type == "reasoning") {
      need("text");
    } else if (type == "tool-call" || type == "tool-result") {
      need("toolCallId");
      need("toolName");
    } else if (type == "redacted-reasoning" || type == "file") {
      need("data");
    } else if (type == "image") {
      need("image");
    } else {
      bad_content(id, at() + " has the unknown part type \"" + type +
                          "\" (V1 parts: text, tool-call, tool-result, reasoning, "
                          "redacted-reasoning, image, file); it would be dropped when read");
    }
  }
}

/// Whether the V1 rendering of this V2 content has anything that can fail (attachments, file,
/// reasoning and tool parts); plain text renders always.
bool needs_render_check(const Json& content) {
  if (content.contains("experimental_attachments")) return true;
  for (const auto& part : content["parts"]) {
    const auto& type = part["type"].get_ref<const std::string&>();
    if (type != "text" && type != "step-start") return true;
  }
  return false;
}

// The V1 rendering is the authority on what it can render (attachment URLs, content types):
// render this one message now rather than fail every later read of its thread.
void check_renders_as_v1(const std::string& id, const std::string& role, const Json& content) {
  if (!needs_render_check(content)) return;
  Message probe;
  probe.id = id;
  probe.role = role;
  probe.content = content;
  try {
    to_v1({probe});
  } catch (const DataError& e) {
    bad_content(id, std::string("it could not be read back in the V1 format (") + e.what() + ")");
  }
}

void check_v2_content(const std::string& id, const std::string& role, const Json& content) {
  const auto* parts = member(content, "parts");
  if (!parts || !parts->is_array()) bad_content(id, "V2 content needs a \"parts\" array");
  for (std::size_t i = 0; i < parts->size(); ++i) {
    const Json& part = (*parts)[i];
    // Built only when a check fails: this loop runs for every part of every message saved.
    const auto at = [i] { return "content.parts[" + std::to_string(i) + "]"; };
    if (!part.is_object() || !is_string_member(part, "type")) {
      bad_content(id, at() + " must be an object with a string \"type\"");
    }
    const auto& type = part["type"].get_ref<const std::string&>();
    if (type == "text") {
      if (!is_string_member(part, "text"))
        bad_content(id, at() + " (text) needs a string \"text\"");
    } else if (type == "tool-invocation") {
      const auto* ti = member(part, "toolInvocation");
      if (!ti || !ti->is_object() || !is_string_member(*ti, "toolCallId") ||
          !is_string_member(*ti, "toolName") || !is_string_member(*ti, "state")) {
        bad_content(id, at() +
                            " (tool-invocation) needs a \"toolInvocation\" object with string "
                            "\"state\", \"toolCallId\" and \"toolName\"");
      }
    } else if (type == "reasoning") {
      const auto* details = member(part, "details");
      if (!details || !details->is_array()) {
        bad_content(id, at() + " (reasoning) needs a \"details\" array");
      }
    } else if (type == "file") {
      if (!is_string_member(part, "data") || !is_string_member(part, "mimeType")) {
        bad_content(id, at() + " (file) needs string \"data\" and \"mimeType\"");
      }
    } else if (type != "source" && type != "step-start") {
      bad_content(id, at() + " has the unknown part type \"" + type +
                          "\" (V2 parts: text, tool-invocation, reasoning, file, source, "
                          "step-start)");
    }
  }
  if (const auto* invocations = member(content, "toolInvocations")) {
    if (!invocations->is_array() || !std::all_of(invocations->begin(), invocations->end(),
                                                 [](const Json& ti) { return ti.is_object(); })) {
      bad_content(id, "content.toolInvocations must be an array of objects");
    }
  }
  if (const auto* attachments = member(content, "experimental_attachments")) {
    if (!attachments->is_array() || !std::all_of(attachments->begin(), attachments->end(),
                                                 [](const Json& a) { return a.is_object(); })) {
      bad_content(id, "content.experimental_attachments must be an array of objects");
    }
  }
  check_renders_as_v1(id, role, content);
}

// V1 image and file parts become V2 file parts, whose V1 rendering needs a URL and a content
// type: a V1 save is checked as the V2 one is (tests/fuzz/message_format_fuzz.cpp found a V1
// image part without mimeType that saved, then failed every V1 read of its thread).
void check_v1_renders_as_v1(const std::string& id, const std::string& role, const Json& parts) {
  const bool has_file = std::any_of(parts.begin(), parts.end(), [](const Json& part) {
    const auto* type = member(part, "type");
    return type && (*type == "image" || *type == "file");
  });
  if (has_file) check_renders_as_v1(id, v1_role_to_v2(role), v1_content_to_v2(parts, {}));
}

}  // namespace

void check_message(const std::string& id, const std::string& role, const Json& content) {
  if (is_v2_content(content)) {
    if (role != "user" && role != "assistant") {
      bad_content(id, "role " + core::quoted(role) +
                          " is not \"user\" or \"assistant\" (the roles of V2 messages)");
    }
    check_v2_content(id, role, content);
    return;
  }
  if (content.is_string() || content.is_array()) {
    if (role != "user" && role != "assistant" && role != "tool") {
      bad_content(id, "role " + core::quoted(role) +
                          " is not \"user\", \"assistant\" or \"tool\" (the roles of V1 "
                          "messages)");
    }
    if (content.is_array()) {
      check_v1_parts(id, content);
      check_v1_renders_as_v1(id, role, content);
    }
    return;
  }
  bad_content(
      id,
      "content must be V2 ({\"format\": 2, \"parts\": [...]}), a string or an array "
      "of V1 parts; " +
          std::string(content.is_object() ? "an object without format 2" : content.type_name()) +
          " would read back as something else");
}

void MessageList::convert_to_v2(Message& message) const {
  if (is_v2_content(message.content)) {
    if (needs_hydration(message.content)) hydrate_v2(message.content.mutable_value());
    if (message.type && *message.type == "v2") message.type.reset();
    return;
  }
  message.content = v1_content_to_v2(message.content, messages_);
  message.role = v1_role_to_v2(message.role);
  message.type.reset();
}

void MessageList::add(Message message) {
  convert_to_v2(message);
  insert_sorted(std::move(message));
}

void MessageList::append_in_order(Message&& message) {
  // Converted where it is, then moved once: a Message has seven members to move.
  convert_to_v2(message);
  messages_.push_back(std::move(message));
}

void MessageList::insert_sorted(Message message) {
  const auto at = [](const Message& m) { return m.createdAt.value_or(Timestamp{}); };
  const auto key = at(message);
  auto by_time = [&](const Message& m, Timestamp t) { return at(m) < t; };
  auto time_before = [&](Timestamp t, const Message& m) { return t < at(m); };

  if (ids_.insert(message.id).second) {
    // New id: after every message not newer than it (a stable sort's place for it).
    const auto pos = std::upper_bound(messages_.begin(), messages_.end(), key, time_before);
    messages_.insert(pos, std::move(message));
    return;
  }
  const auto existing = std::find_if(messages_.begin(), messages_.end(),
                                     [&](const Message& m) { return m.id == message.id; });
  if (*existing == message) return;  // equal: skipped
  const auto old_key = at(*existing);
  if (old_key == key) {
    *existing = std::move(message);  // replaced in place
    return;
  }
  // Replaced in place, then re-sorted stably: it lands first among its new equals when it moves
  // later in time, last among them when it moves earlier.
  messages_.erase(existing);
  const auto pos = key > old_key
                       ? std::lower_bound(messages_.begin(), messages_.end(), key, by_time)
                       : std::upper_bound(messages_.begin(), messages_.end(), key, time_before);
  messages_.insert(pos, std::move(message));
}

}  // namespace libsqlstore::memory
