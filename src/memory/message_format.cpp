// V2 -> V1 message rendering: a port of the reference's convertToV1Messages (@mastra/core 0.13.2,
// MessageList.get.all.v1()), rule for rule; its differences are in docs/compatibility.md.
#include "libsqlstore/message_format.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

#include "libsqlstore/error.hpp"

#include "memory/json_members.hpp"
#include "memory/message_json.hpp"

namespace libsqlstore {

namespace {

using memory::copy_member;
using memory::member;

[[noreturn]] void bad_message(const std::string& id, const std::string& why) {
  throw DataError("LIBSQL_STORE_INVALID_MESSAGE_CONTENT", ErrorCategory::User,
                  "message " + id + " cannot be rendered as V1: " + why, {{"messageId", id}});
}

std::string string_or_empty(const Json* v) {
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

/// JavaScript truthiness of a JSON value (an absent member is undefined, hence falsy).
bool truthy(const Json* v) {
  if (!v) return false;
  switch (v->type()) {
    case Json::value_t::null:
      return false;
    case Json::value_t::boolean:
      return v->get<bool>();
    case Json::value_t::string:
      return !v->get_ref<const std::string&>().empty();
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return v->get<double>() != 0;
    default:
      return true;
  }
}

std::string type_of(const Json& part) { return string_or_empty(member(part, "type")); }

/// `new URL(text).toString()` for the http(s) URLs attachments carry: scheme and host in lower
/// case, and "/" as the path when there is none. (Other normalisations of the WHATWG parser, such
/// as percent-encoding, are not applied.)
std::string normalise_http_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  std::string out = url.substr(0, scheme_end);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  out += "://";
  const auto rest_start = scheme_end + 3;
  auto host_end = url.find_first_of("/?#", rest_start);
  if (host_end == std::string::npos) host_end = url.size();
  std::string host = url.substr(rest_start, host_end - rest_start);
  const auto at = host.rfind('@');
  std::transform(host.begin() + static_cast<std::ptrdiff_t>(at == std::string::npos ? 0 : at + 1),
                 host.end(),
                 host.begin() + static_cast<std::ptrdiff_t>(at == std::string::npos ? 0 : at + 1),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  out += host;
  if (host_end == url.size() || url[host_end] != '/') out += '/';
  out += url.substr(host_end);
  return out;
}

/// attachmentsToParts: user attachments (and file parts) as AI SDK image / file parts.
void attachments_to_parts(const std::string& id, const Json& attachments, Json& out) {
  for (const auto& a : attachments) {
    const std::string url = string_or_empty(member(a, "url"));
    const Json* type = member(a, "contentType");
    const std::string content_type = type && type->is_string() ? type->get<std::string>() : "";
    const bool has_type = type && type->is_string();
    const auto colon = url.find(':');
    std::string protocol = colon == std::string::npos ? std::string() : url.substr(0, colon + 1);
    std::transform(protocol.begin(), protocol.end(), protocol.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool valid_scheme =
        colon != std::string::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(url[0]));
    if (!valid_scheme) bad_message(id, "Invalid URL: " + url);
    const bool is_image = has_type && content_type.rfind("image/", 0) == 0;
    if (protocol == "http:" || protocol == "https:") {
      if (url.size() <= protocol.size() + 2 || url.compare(colon + 1, 2, "//") != 0) {
        bad_message(id, "Invalid URL: " + url);
      }
      const std::string normalised = normalise_http_url(url);
      if (is_image) {
        out.push_back({{"type", "image"}, {"image", normalised}, {"mimeType", content_type}});
      } else {
        if (!has_type) {
          bad_message(id, "If the attachment is not an image, it must specify a content type");
        }
        out.push_back({{"type", "file"}, {"data", normalised}, {"mimeType", content_type}});
      }
    } else if (protocol == "data:") {
      if (is_image) {
        out.push_back({{"type", "image"}, {"image", url}, {"mimeType", content_type}});
      } else {
        if (!has_type) {
          bad_message(id,
                      "If the attachment is not an image or text, it must specify a content type");
        }
        out.push_back({{"type", "file"}, {"data", url}, {"mimeType", content_type}});
      }
    } else {
      bad_message(id, "Unsupported URL protocol: " + protocol);
    }
  }
}

/// makePushOrCombine: appends a V1 message, or merges its parts into the previous one.
class V1List {
 public:
  void push(Json msg) {
    if (!out_.empty()) {
      Json& prev = out_.back();
      const Json& content = msg["content"];
      if (msg["role"] == prev["role"] && prev["content"].is_array() && content.is_array() &&
          (msg["role"] != "assistant" || content.empty() ||
           type_of(content.back()) != "tool-call")) {
        for (const auto& part : content) prev["content"].push_back(part);
        return;
      }
    }
    const std::string base = msg["id"].get<std::string>();
    static const std::regex split_suffix("__split-\\d+$");
    if (std::regex_search(base, split_suffix)) {
      out_.push_back(std::move(msg));
      return;
    }
    auto& count = used_[base];
    if (count > 0) msg["id"] = base + "__split-" + std::to_string(count);
    ++count;
    out_.push_back(std::move(msg));
  }

  Json take() { return std::move(out_); }

 private:
  Json out_ = Json::array();
  std::map<std::string, int> used_;
};

Json nullable(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

/// A V1 message's leading fields: {role, id, createdAt, resourceId, threadId}.
Json base_fields(const char* role, const Message& m) {
  Json msg = {{"role", role}, {"id", m.id}};
  if (m.createdAt) msg["createdAt"] = to_iso8601(*m.createdAt);
  msg["resourceId"] = nullable(m.resourceId);
  msg["threadId"] = nullable(m.threadId);
  return msg;
}

Json tool_result_parts(const std::vector<const Json*>& invocations) {
  Json out = Json::array();
  for (const Json* ti : invocations) {
    Json part = {{"type", "tool-result"}};
    copy_member(part, *ti, "toolCallId");
    copy_member(part, *ti, "toolName");
    copy_member(part, *ti, "result");
    out.push_back(std::move(part));
  }
  return out;
}

Json tool_call_part(const Json& ti) {
  Json part = {{"type", "tool-call"}};
  copy_member(part, ti, "toolCallId");
  copy_member(part, ti, "toolName");
  copy_member(part, ti, "args");
  return part;
}

bool is_working_memory_call(const Json& ti) {
  return string_or_empty(member(ti, "toolName")) == "updateWorkingMemory";
}

bool has_result(const Json& ti) {
  return string_or_empty(member(ti, "state")) == "result" && member(ti, "result") != nullptr;
}

std::int64_t step_of(const Json& ti) {
  const Json* step = member(ti, "step");
  return step && step->is_number() ? step->get<std::int64_t>() : 0;
}

void push_tool_results(V1List& list, const Message& m, const std::vector<const Json*>& results) {
  if (results.empty()) return;
  Json msg = base_fields("tool", m);
  msg["type"] = "tool-result";
  msg["content"] = tool_result_parts(results);
  list.push(std::move(msg));
}

void convert_user(V1List& list, const Message& m, const Json& parts, const Json& attachments) {
  Json content = Json::array();
  for (const auto& part : parts) {
    if (type_of(part) != "text") continue;
    Json text = {{"type", "text"}};
    copy_member(text, part, "text");
    content.push_back(std::move(text));
  }
  attachments_to_parts(m.id, attachments, content);
  Json msg = base_fields("user", m);
  msg["type"] = "text";
  const Json* text = member(m.content, "content");
  if (content.size() == 1 && type_of(content[0]) == "text" && text) {
    msg["content"] = *text;
  } else {
    msg["content"] = std::move(content);
  }
  list.push(std::move(msg));
}

void convert_assistant(V1List& list, const Message& m, const Json& parts) {
  std::vector<const Json*> block;
  bool block_has_tools = false;
  std::int64_t current_step = 0;

  auto process_block = [&] {
    Json content = Json::array();
    bool has_tool_call = false;
    std::vector<const Json*> results;
    for (const Json* part : block) {
      const auto type = type_of(*part);
      if (type == "file" || type == "text") {
        content.push_back(*part);
      } else if (type == "reasoning") {
        const Json* details = member(*part, "details");
        if (!details || !details->is_array()) bad_message(m.id, "a reasoning part has no details");
        for (const auto& d : *details) {
          const auto dtype = type_of(d);
          if (dtype == "text") {
            Json r = {{"type", "reasoning"}};
            copy_member(r, d, "text");
            copy_member(r, d, "signature");
            content.push_back(std::move(r));
          } else if (dtype == "redacted") {
            Json r = {{"type", "redacted-reasoning"}};
            copy_member(r, d, "data");
            content.push_back(std::move(r));
          }
        }
      } else if (type == "tool-invocation") {
        const Json& ti = (*part)["toolInvocation"];
        if (is_working_memory_call(ti)) continue;
        content.push_back(tool_call_part(ti));
        has_tool_call = true;
        if (has_result(ti)) results.push_back(&ti);
      }
    }
    Json msg = base_fields("assistant", m);
    msg["type"] = has_tool_call ? "tool-call" : "text";
    const Json* text = member(m.content, "content");
    if (content.size() == 1 && type_of(content[0]) == "text" && truthy(text)) {
      msg["content"] = *text;
    } else {
      msg["content"] = std::move(content);
    }
    list.push(std::move(msg));
    push_tool_results(list, m, results);
    block.clear();
    block_has_tools = false;
    ++current_step;
  };

  for (const auto& part : parts) {
    const auto type = type_of(part);
    if (type == "text") {
      if (block_has_tools) process_block();
      block.push_back(&part);
    } else if (type == "file" || type == "reasoning") {
      block.push_back(&part);
    } else if (type == "tool-invocation") {
      const Json* ti = member(part, "toolInvocation");
      if (!ti || !ti->is_object())
        bad_message(m.id, "a tool-invocation part has no toolInvocation");
      const bool has_non_tool = std::any_of(block.begin(), block.end(), [](const Json* p) {
        const auto t = type_of(*p);
        return t == "text" || t == "file" || t == "reasoning";
      });
      if (has_non_tool || step_of(*ti) != current_step) process_block();
      block.push_back(&part);
      block_has_tools = true;
    }
  }
  process_block();

  // Tool invocations listed in content.toolInvocations but not in the parts, by step.
  const Json* invocations = member(m.content, "toolInvocations");
  if (!invocations || !invocations->is_array() || invocations->empty()) return;
  std::set<std::string> seen;
  for (const auto& part : parts) {
    if (type_of(part) != "tool-invocation") continue;
    const auto id = string_or_empty(member(part["toolInvocation"], "toolCallId"));
    if (!id.empty()) seen.insert(id);
  }
  std::map<std::int64_t, std::vector<const Json*>> by_step;
  for (const auto& ti : *invocations) {
    if (seen.contains(string_or_empty(member(ti, "toolCallId"))) || is_working_memory_call(ti)) {
      continue;
    }
    by_step[step_of(ti)].push_back(&ti);
  }
  for (const auto& [step, tis] : by_step) {
    Json msg = base_fields("assistant", m);
    msg["type"] = "tool-call";
    Json content = Json::array();
    std::vector<const Json*> results;
    for (const Json* ti : tis) {
      content.push_back(tool_call_part(*ti));
      if (has_result(*ti)) results.push_back(ti);
    }
    msg["content"] = std::move(content);
    list.push(std::move(msg));
    push_tool_results(list, m, results);
  }
}

}  // namespace

std::optional<MessageFormat> parse_message_format(std::string_view text) {
  if (text == "v1") return MessageFormat::V1;
  if (text == "v2") return MessageFormat::V2;
  return std::nullopt;
}

Json memory::v2_json(const Message& m, Json content) {
  Json out = Json::object();
  out["id"] = m.id;
  out["content"] = std::move(content);
  out["role"] = m.role;
  if (m.createdAt) out["createdAt"] = to_iso8601(*m.createdAt);
  out["threadId"] = nullable(m.threadId);
  out["resourceId"] = nullable(m.resourceId);
  if (m.type && *m.type != "v2") out["type"] = *m.type;
  return out;
}

Json to_v2_json(const Message& m) { return memory::v2_json(m, m.content.value()); }

Json to_v1(const std::vector<Message>& messages) {
  V1List list;
  for (const auto& m : messages) {
    if (!truthy(&*m.content)) continue;
    const Json* parts = member(m.content, "parts");
    if (!parts || !parts->is_array()) bad_message(m.id, "its content has no parts array");
    // File parts become attachments (after the message's own experimental_attachments).
    Json attachments = Json::array();
    if (const Json* given = member(m.content, "experimental_attachments")) {
      if (given->is_array()) attachments = *given;
    }
    for (const auto& part : *parts) {
      if (type_of(part) != "file") continue;
      Json a = Json::object();
      copy_member(a, part, "data", "url");
      copy_member(a, part, "mimeType", "contentType");
      attachments.push_back(std::move(a));
    }
    if (m.role == "user") {
      convert_user(list, m, *parts, attachments);
    } else if (m.role == "assistant") {
      convert_assistant(list, m, *parts);
    }
    // Other roles have no V1 rendering in the reference and are left out.
  }
  return list.take();
}

}  // namespace libsqlstore
