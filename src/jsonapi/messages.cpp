// JSON interface: messages, in both output formats (docs/cli.md, "Message formats").
#include <map>

#include "libsqlstore/message_format.hpp"

#include "core/guard.hpp"
#include "core/json_text.hpp"
#include "jsonapi/domains.hpp"
#include "memory/message_json.hpp"

namespace libsqlstore::json_api::detail {

namespace {

MessageFormat parse_format(Obj& a, MessageFormat fallback) {
  const Json* v = a.get("format");
  if (!v) return fallback;
  static constexpr std::string_view kNames[] = {"v1", "v2"};
  static constexpr MessageFormat kValues[] = {MessageFormat::V1, MessageFormat::V2};
  return as_enum(*v, a.field("format"), kNames, kValues);
}

/// V2 messages with their content spliced as stored (raw nodes: json_api::call_raw).
Json v2_list(const std::vector<Message>& messages) {
  return json_list(messages, [](const Message& m) {
    return memory::v2_json(m, core::raw_json_node(m.content));
  });
}

/// The messages in the asked format. A V1 rendering failure (e.g. an attachment with an invalid
/// URL) carries the method's error id, as the reference's wrapping does.
Json render(const std::vector<Message>& messages, MessageFormat format, const char* error_id,
            const Json& details) {
  if (format == MessageFormat::V2) return v2_list(messages);
  return core::guarded(error_id, details, [&] { return to_v1(messages); });
}

/// `last`: a number, or false for none.
std::optional<std::int64_t> parse_last(Obj& select) {
  const Json* v = select.get("last");
  if (!v) return std::nullopt;
  if (v->is_boolean()) {
    if (v->get<bool>()) select.field("last").fail("must be a number or false, got true");
    return 0;
  }
  return as_int(*v, select.field("last"));
}

std::vector<MessageInclude> parse_include(Obj& select) {
  std::vector<MessageInclude> out;
  const Json* v = select.get("include");
  if (!v) return out;
  const auto path = select.field("include");
  as_array(*v, path);
  for (std::size_t i = 0; i < v->size(); ++i) {
    Obj item((*v)[i], path.index(i));
    MessageInclude inc;
    inc.id = item.str("id");
    inc.threadId = item.opt_str("threadId");
    inc.withPreviousMessages = item.opt_int("withPreviousMessages").value_or(0);
    inc.withNextMessages = item.opt_int("withNextMessages").value_or(0);
    item.finish();
    out.push_back(std::move(inc));
  }
  return out;
}

Json get_messages(LibSQLStore& store, Obj& a) {
  MessagesQuery q;
  q.threadId = a.str("threadId");
  a.opt_str("resourceId");  // accepted and ignored, as by the reference
  a.ignore({"threadConfig"});
  const auto format = parse_format(a, MessageFormat::V1);
  if (auto select = a.opt_obj("selectBy")) {
    select->opt_str("vectorSearchString");  // ignored, as by the reference
    select->ignore({"pagination"});         // getMessages does not page
    q.last = parse_last(*select);
    q.include = parse_include(*select);
    select->finish();
  }
  a.finish();
  return render(store.get_messages(q), format, "LIBSQL_STORE_GET_MESSAGES_FAILED",
                {{"threadId", q.threadId}});
}

Json get_messages_paginated(LibSQLStore& store, Obj& a) {
  MessagesPageQuery q;
  q.threadId = a.str("threadId");
  a.opt_str("resourceId");
  a.ignore({"threadConfig"});
  const auto format = parse_format(a, MessageFormat::V2);
  if (auto select = a.opt_obj("selectBy")) {
    select->opt_str("vectorSearchString");
    q.last = parse_last(*select);
    q.include = parse_include(*select);
    if (auto pagination = select->opt_obj("pagination")) {
      q.page = pagination->opt_int("page").value_or(0);
      q.perPage = pagination->opt_int("perPage");
      q.dateRange = pagination->opt_date_range("dateRange");
      pagination->finish();
    }
    select->finish();
  }
  a.finish();
  const auto page = store.get_messages_paginated(q);
  return page_answer("messages",
                     render(page.messages, format, "LIBSQL_STORE_GET_MESSAGES_PAGINATED_FAILED",
                            {{"threadId", q.threadId}}),
                     page);
}

/// A message to save: V2 ({content: {format: 2, parts}}) or V1 (content a string or an array of
/// text / tool-call / tool-result parts, type text / tool-call / tool-result).
Message parse_message(const Json& v, const Path& at) {
  Obj o(v, at);
  Message m;
  m.id = o.str("id");
  m.role = o.str("role");
  m.content = o.any("content");
  if (!m.content->is_string() && !m.content->is_array() && !m.content->is_object()) {
    o.field("content").fail("must be a string, an array of parts or a V2 content object, got " +
                            std::string(type_name(*m.content)));
  }
  m.createdAt = o.opt_date("createdAt");
  m.threadId = o.opt_str("threadId");
  m.resourceId = o.opt_str("resourceId");
  m.type = o.opt_str("type");
  // V1 bookkeeping fields the reference neither stores nor returns.
  o.ignore({"toolCallIds", "toolCallArgs", "toolNames"});
  o.finish();
  return m;
}

/// One updateMessages item: the id and the fields to change.
MessageUpdate parse_update(const Json& v, const Path& at) {
  Obj o(v, at);
  MessageUpdate u;
  u.id = o.str("id");
  if (Json content = o.opt_object("content"); !content.is_null()) u.content = std::move(content);
  u.role = o.opt_str("role");
  u.type = o.opt_str("type");
  u.threadId = o.opt_str("threadId");
  u.resourceId = o.opt_str("resourceId");
  o.finish();
  return u;
}

/// saveMessages' v2 answer, keyed as the reference's MessageList leaves it: a V2 input message is
/// the caller's object (its keys, its order), a V1 one is converted to
/// {id, role, createdAt, threadId, resourceId, content}.
Json saved_v2(const std::vector<Message>& saved, const Json& inputs) {
  std::map<std::string, const Json*, std::less<>> by_id;
  for (const auto& in : inputs) by_id[in.at("id").get<std::string>()] = &in;
  Json out = Json::array();
  for (const auto& m : saved) {
    const Json rendered = to_v2_json(m);
    const auto it = by_id.find(m.id);
    const Json* in = it == by_id.end() ? nullptr : it->second;
    const Json& content = in ? in->at("content") : rendered.at("content");
    Json ordered = Json::object();
    if (in && content.is_object() && content.value("format", Json()) == 2) {
      for (const auto& [key, value] : in->items()) {
        const auto r = rendered.find(key);
        ordered[key] = r != rendered.end() ? *r : value;
      }
    } else {
      for (const char* key : {"id", "role", "createdAt", "threadId", "resourceId", "content"}) {
        if (const auto r = rendered.find(key); r != rendered.end()) ordered[key] = *r;
      }
    }
    for (const auto& [key, value] : rendered.items()) {
      if (!ordered.contains(key)) ordered[key] = value;
    }
    out.push_back(std::move(ordered));
  }
  return out;
}

Json save_messages(LibSQLStore& store, Obj& a) {
  const Json& list = a.array("messages");
  const auto messages = a.map_array("messages", parse_message);
  const auto format = parse_format(a, MessageFormat::V1);
  a.finish();
  const auto saved = store.save_messages(messages);
  if (format == MessageFormat::V2) return saved_v2(saved, list);
  return render(saved, format, "LIBSQL_STORE_SAVE_MESSAGES_FAILED", Json::object());
}

Json update_messages(LibSQLStore& store, Obj& a) {
  const auto updates = a.map_array("messages", parse_update);
  a.finish();
  return v2_list(store.update_messages(updates));
}

Json delete_messages(LibSQLStore& store, const Args& args) {
  args.at_most(1);
  const Json& ids = args.required(0, "messageIds", "an array of strings");
  store.delete_messages(as_string_array(ids, args.path("messageIds")));
  return nullptr;
}

}  // namespace

void add_messages(Registry& r) {
  r.add("getMessages", &get_messages,
        "({threadId, resourceId?, selectBy?: {last?, include?: [{id, threadId?, "
        "withPreviousMessages?, withNextMessages?}]}, format?: \"v1\"|\"v2\"})");
  r.add("getMessagesPaginated", &get_messages_paginated,
        "({threadId, resourceId?, selectBy?: {last?, include?, pagination?: {page?, perPage?, "
        "dateRange?: {start?, end?}}}, format?})");
  r.add("saveMessages", &save_messages,
        "({messages: [{id, role, content, createdAt?, threadId, resourceId, type?}], format?})");
  r.add("updateMessages", &update_messages,
        "({messages: [{id, content?, role?, type?, threadId?, resourceId?}]})");
  r.add("deleteMessages", &delete_messages, "(messageIds)");
}

}  // namespace libsqlstore::json_api::detail
