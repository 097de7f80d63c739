// `libsqlstore rpc` and `libsqlstore call`, driven as a user drives them: the real binary, real
// pipes/files, a real SQLite file. Bad input of every kind gets its error response, the server
// keeps serving, and what was stored before is unchanged.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "libsqlstore/json_api.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "cli_runner.hpp"
#include "hrana_test_server.hpp"
#include "sqlite_peek.hpp"
#include "store_fixture.hpp"

namespace libsqlstore {
namespace {

Json request(int id, const char* method, Json params) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

std::string line(const Json& j) { return json_api::stringify(j) + "\n"; }

Json thread_json(const std::string& id, const std::string& title) {
  return {{"id", id},
          {"resourceId", "r1"},
          {"title", title},
          {"metadata", {{"k", 1}}},
          {"createdAt", "2025-01-01T00:00:00.000Z"},
          {"updatedAt", "2025-01-01T00:00:00.000Z"}};
}

class RpcTest : public ::testing::Test {
 protected:
  std::string url_ = "file:" + testing::temp_path();
  std::string rpc_args() { return "rpc --url " + quote(url_); }
};

TEST_F(RpcTest, AnswersEveryLineInOrderAndSurvivesBadInput) {
  std::string input;
  input += line(request(1, "saveThread", Json::array({{{"thread", thread_json("t1", "kept")}}})));
  input += "{not json\n";                      // 2: -32700
  input += "\xff\xfe{\"jsonrpc\":\"2.0\"}\n";  // 3: -32700 UTF-8
  input += "[1]\n";                            // 4: -32600
  input += R"({"jsonrpc":"1.0","id":5,"method":"getThreadById"})"
           "\n";  // 5: -32600
  input += R"({"jsonrpc":"2.0","id":6,"method":"noSuchMethod","params":[]})"
           "\n";                                                                         // -32601
  input += line(request(7, "getThreadById", Json::array({{{"threadId", 42}}})));         // -32602
  input += line(request(8, "saveThread", Json::array({{{"thread", {{"id", "t1"}}}}})));  // missing
  input += line(request(9, "getThreadById", Json::array({{{"threadId", "t1"}, {"x", 1}}})));
  input += R"({"jsonrpc":"2.0","id":10,"method":"getThreadById","params":"t1"})"
           "\n";
  input += line(request(11, "updateThread", Json::array({{{"id", "nope"}, {"title", "x"}}})));
  input += "\n";  // blank lines are not requests
  input += R"({"jsonrpc":"2.0","method":"getThreadById","params":[{"threadId":"t1"}]})"
           "\n";
  input += line(request(12, "getThreadById", Json::array({{{"threadId", "t1"}}})));

  const auto r = run_cli(rpc_args(), input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.out.size(), 12u) << r.err;  // the notification gets no response
  auto reply = [&](std::size_t i) { return Json::parse(r.out.at(i)); };

  EXPECT_EQ(reply(0)["result"]["title"], "kept");
  EXPECT_EQ(reply(1)["error"]["code"], -32700);
  EXPECT_EQ(reply(1)["id"], nullptr);
  EXPECT_EQ(reply(2)["error"]["code"], -32700);
  EXPECT_NE(reply(2)["error"]["message"].get<std::string>().find("UTF-8"), std::string::npos);
  EXPECT_EQ(reply(3)[0]["error"]["code"], -32600);  // a batch answers with an array
  EXPECT_EQ(reply(4)["error"]["code"], -32600);
  EXPECT_EQ(reply(4)["id"], 5);
  EXPECT_EQ(reply(5)["error"]["code"], -32601);
  EXPECT_EQ(reply(5)["error"]["data"]["id"], "LIBSQL_STORE_UNKNOWN_METHOD");
  EXPECT_EQ(reply(6)["error"]["data"]["id"], "LIBSQL_STORE_GET_THREAD_BY_ID_FAILED");
  EXPECT_EQ(reply(6)["error"]["code"], -32602);
  EXPECT_EQ(reply(6)["error"]["message"],
            "getThreadById: args.threadId must be a string, got number 42");
  EXPECT_EQ(reply(6)["error"]["data"]["category"], "USER");
  EXPECT_EQ(reply(7)["error"]["code"], -32602);
  EXPECT_EQ(reply(8)["error"]["code"], -32602);
  EXPECT_EQ(reply(9)["error"]["code"], -32602);
  EXPECT_EQ(reply(10)["error"]["code"], -32000);
  EXPECT_EQ(reply(10)["error"]["data"],
            Json::parse(R"({"id":"LIBSQL_STORE_UPDATE_THREAD_FAILED_THREAD_NOT_FOUND",)"
                        R"("domain":"STORAGE","category":"USER",)"
                        R"("details":{"status":404,"threadId":"nope"}})"));
  EXPECT_EQ(reply(11)["id"], 12);
  EXPECT_EQ(json_api::stringify(reply(11)["result"]),
            json_api::stringify(reply(0)["result"]));  // nothing stored was changed
}

TEST_F(RpcTest, HandlesAFiftyMegabyteLine) {
  const std::string big(50u << 20, 'x');
  std::string input;
  input += line(request(1, "saveThread", Json::array({{{"thread", thread_json("small", "s")}}})));
  input += line(request(2, "saveThread", Json::array({{{"thread", thread_json("big", big)}}})));
  // The same huge line, broken: a clean parse error, then the server carries on.
  input += R"({"jsonrpc":"2.0","id":3,"method":"saveThread","params":[{"thread":{"title":")" + big +
           "\n";
  input += line(request(4, "getThreadById", Json::array({{{"threadId", "big"}}})));
  input += line(request(5, "getThreadById", Json::array({{{"threadId", "small"}}})));
  const auto r = run_cli(rpc_args(), input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.out.size(), 5u);
  EXPECT_EQ(Json::parse(r.out[1])["result"]["title"].get_ref<const std::string&>().size(),
            big.size());
  EXPECT_EQ(Json::parse(r.out[2])["error"]["code"], -32700);
  EXPECT_EQ(Json::parse(r.out[3])["result"]["title"].get_ref<const std::string&>(), big);
  EXPECT_EQ(Json::parse(r.out[4])["id"], 5);
  EXPECT_EQ(Json::parse(r.out[4])["result"]["title"], "s");
}

TEST_F(RpcTest, SavesAndReadsAFiftyMegabyteMessage) {
  const std::string big(50u << 20, 'm');
  std::string input;
  input += line(request(1, "saveThread", Json::array({{{"thread", thread_json("t", "T")}}})));
  const Json small = {{"id", "small"},
                      {"threadId", "t"},
                      {"resourceId", "r1"},
                      {"role", "user"},
                      {"type", "text"},
                      {"content", "before"},
                      {"createdAt", "2025-01-01T00:00:01.000Z"}};
  input += line(request(2, "saveMessages", Json::array({{{"messages", Json::array({small})}}})));
  Json huge = small;
  huge["id"] = "huge";
  huge["content"] = big;
  huge["createdAt"] = "2025-01-01T00:00:02.000Z";
  input += line(request(3, "saveMessages", Json::array({{{"messages", Json::array({huge})}}})));
  // Invalid UTF-8 inside a string of a message: refused, nothing written.
  input +=
      std::string(R"({"jsonrpc":"2.0","id":4,"method":"saveMessages","params":[{"messages":[)") +
      R"({"id":"bad","threadId":"t","resourceId":"r1","role":"user","content":")" + "\xc3\x28" +
      R"("}]}]})" + "\n";
  input += line(request(5, "getMessages", Json::array({{{"threadId", "t"}, {"format", "v2"}}})));
  const auto r = run_cli(rpc_args(), input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.out.size(), 5u);
  EXPECT_TRUE(Json::parse(r.out[2]).contains("result"));
  EXPECT_EQ(Json::parse(r.out[3])["error"]["code"], -32700);
  const auto read = Json::parse(r.out[4])["result"];
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0]["content"]["content"], "before");
  EXPECT_EQ(read[1]["content"]["content"].get_ref<const std::string&>(), big);
}

TEST_F(RpcTest, RejectsEveryKindOfInvalidUtf8) {
  // Overlong NUL, a UTF-16 surrogate, a code point beyond U+10FFFF, a truncated sequence, a
  // stray continuation byte: each inside an otherwise valid request.
  const std::vector<std::string> bad = {"\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82",
                                        "\x80"};
  std::string input;
  for (const auto& bytes : bad) {
    input += R"({"jsonrpc":"2.0","id":1,"method":"getThreadById","params":[{"threadId":")" + bytes +
             "\"}]}\n";
  }
  // Valid multi-byte text is fine.
  input += line(request(2, "getThreadById", Json::array({{{"threadId", "ü€😀"}}})));
  const auto r = run_cli(rpc_args(), input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.out.size(), bad.size() + 1);
  for (std::size_t i = 0; i < bad.size(); ++i) {
    EXPECT_EQ(Json::parse(r.out[i])["error"]["code"], -32700) << i;
  }
  EXPECT_EQ(Json::parse(r.out.back())["result"], nullptr);
}

TEST_F(RpcTest, NoInitLeavesTheSchemaAlone) {
  const auto r = run_cli(rpc_args() + " --no-init",
                         line(request(1, "getThreadById", Json::array({{{"threadId", "t"}}}))));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.out.size(), 1u);
  EXPECT_EQ(Json::parse(r.out[0])["error"]["code"], -32000);  // no such table
}

TEST_F(RpcTest, NeverPrintsTheAuthToken) {
  const std::string token = "sEcReT-t0ken-value";
  std::string input = line(request(1, "getThreadById", Json::array({{{"threadId", "t"}}})));
  input += line(request(2, "noSuch", Json::array()));
  // A server that is not there: every call fails with a connection error.
  const auto r = run_cli(
      "rpc --url 'http://127.0.0.1:9/db?authToken=" + token + "' --auth-token " + quote(token),
      input);
  const std::string all = r.err + [&] {
    std::string s;
    for (const auto& l : r.out) s += l;
    return s;
  }();
  EXPECT_EQ(all.find(token), std::string::npos) << all;
  EXPECT_FALSE(all.empty());  // it did say why it failed
}

TEST_F(RpcTest, CallPrintsResultsAndErrorsWithExitCodes) {
  auto ok =
      run_cli("call --url " + quote(url_) + " saveThread " +
                  quote(json_api::stringify(Json::array({{{"thread", thread_json("c1", "T")}}}))),
              "");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  ASSERT_EQ(ok.out.size(), 1u);
  EXPECT_EQ(Json::parse(ok.out[0])["id"], "c1");

  auto read = run_cli("call --url " + quote(url_) + " getThreadById -", R"({"threadId":"c1"})");
  EXPECT_EQ(read.exit_code, 0);
  EXPECT_EQ(read.out, ok.out);

  auto failed = run_cli("call --url " + quote(url_) + " getThreadById '[{\"threadId\":1}]'", "");
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_TRUE(failed.out.empty());
  EXPECT_EQ(Json::parse(failed.err)["code"], -32602);

  auto unknown = run_cli("call --url " + quote(url_) + " nope", "");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(Json::parse(unknown.err)["code"], -32601);

  auto not_json = run_cli("call --url " + quote(url_) + " getThreadById '{'", "");
  EXPECT_EQ(not_json.exit_code, 2);
  EXPECT_EQ(Json::parse(not_json.err)["code"], -32700);

  auto usage = run_cli("call", "");
  EXPECT_EQ(usage.exit_code, 2);
}

// ---- Connection options (issue #9.12, #9.13, #9.15)
// ----------------------------------------------

TEST_F(RpcTest, ConnectionOptionsWorkBeforeAndAfterTheSubcommand) {
  const std::string input = line(request(1, "getThreadById", Json::array({{{"threadId", "t"}}})));
  for (const std::string& args :
       {"--no-init --url " + quote(url_) + " rpc", "--url " + quote(url_) + " rpc --no-init",
        "rpc --no-init --url " + quote(url_)}) {
    const auto r = run_cli(args, input);
    ASSERT_EQ(r.exit_code, 0) << args << ": " << r.err;
    ASSERT_EQ(r.out.size(), 1u) << args;
    EXPECT_EQ(Json::parse(r.out[0])["error"]["code"], -32000) << args;  // no table: no init ran
  }
  // The subcommand's help shows them too.
  const auto help = run_cli("call --help", "");
  EXPECT_EQ(help.exit_code, 0);
  std::string text;
  for (const auto& l : help.out) text += l + "\n";
  for (const char* option : {"--url", "--auth-token", "--auth-token-file", "--no-init"}) {
    EXPECT_NE(text.find(option), std::string::npos) << option << " missing from:\n" << text;
  }
  EXPECT_NE(text.find("$LIBSQLSTORE_AUTH_TOKEN"), std::string::npos) << text;
}

TEST_F(RpcTest, AnEmptyUrlIsAUsageError) {
  const auto r = run_cli("call --url '' getThreadById '{\"threadId\":\"t\"}'", "");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("empty"), std::string::npos) << r.err;
  // An empty $LIBSQLSTORE_URL is as good as unset (the default), not an error.
  const auto dir = testing::temp_dir() / "empty-env";
  std::filesystem::create_directories(dir);
  const auto d = run_cli("demo", "", "cd " + quote(dir.string()) + " && LIBSQLSTORE_URL= ");
  EXPECT_EQ(d.exit_code, 0) << d.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "storage.db"));
}

TEST_F(RpcTest, TheTokenComesFromTheFlagTheFileOrTheEnvironment) {
  testing::HranaTestServer server({.token = "file-token-123"});
  const auto token_file = testing::temp_path(".token");
  std::ofstream(token_file) << "file-token-123\n";  // as `echo` writes it
  const std::string args =
      "call --url " + quote(server.url()) + " getThreadById " + quote(R"({"threadId":"t"})");
  const auto from_file = run_cli(args + " --auth-token-file " + quote(token_file), "");
  EXPECT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_EQ(from_file.out, std::vector<std::string>{"null"});
  const auto from_env_file =
      run_cli(args, "", "LIBSQLSTORE_AUTH_TOKEN_FILE=" + quote(token_file) + " ");
  EXPECT_EQ(from_env_file.exit_code, 0) << from_env_file.err;
  // An explicit empty --auth-token overrides the environment: no token is sent.
  server.reset_counters();
  const auto none =
      run_cli(args + " --auth-token ''", "", "LIBSQLSTORE_AUTH_TOKEN=file-token-123 ");
  EXPECT_EQ(none.exit_code, 1);
  ASSERT_FALSE(server.authorization_headers().empty());
  for (const auto& h : server.authorization_headers()) EXPECT_EQ(h, "");
}

TEST_F(RpcTest, StoreOptionsComeFromFlagsOrTheEnvironment) {
  const std::string save = "call --url " + quote(url_) + " saveThread " +
                           quote(json_api::stringify({{"thread", thread_json("o1", "x")}}));
  ASSERT_EQ(run_cli("call --url " + quote(url_) + " init", "").exit_code, 0);
  // readOnly: from the flag or $LIBSQLSTORE_READ_ONLY.
  for (const auto& [args, env] : std::vector<std::pair<std::string, std::string>>{
           {save + " --read-only", ""}, {save, "LIBSQLSTORE_READ_ONLY=1 "}}) {
    const auto r = run_cli(args, "", env);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;
  }
  // busyTimeout and maxRetries: with the file locked, 0 and 0 fail at once, not after 5 s.
  testing::SqlitePeek lock(url_.substr(5));
  lock.exec("BEGIN EXCLUSIVE");
  const auto timed = [&](const std::string& args) {
    const auto start = std::chrono::steady_clock::now();
    const auto r = run_cli(args, "", "LIBSQLSTORE_MAX_RETRIES=0 ");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("SQLITE_BUSY"), std::string::npos) << r.err;
    return std::chrono::steady_clock::now() - start;
  };
  EXPECT_GE(timed(save), std::chrono::seconds(4));  // the default 5 s busy timeout
  EXPECT_LT(timed(save + " --busy-timeout-ms 0"), std::chrono::seconds(2));
  lock.exec("ROLLBACK");
  // A value the option does not take is a usage error, from the flag or the environment.
  EXPECT_EQ(run_cli(save + " --max-retries -1", "").exit_code, 2);
  EXPECT_EQ(run_cli(save, "", "LIBSQLSTORE_BUSY_TIMEOUT_MS=soon ").exit_code, 2);
  EXPECT_EQ(run_cli(save, "", "LIBSQLSTORE_GROUP_COMMIT=maybe ").exit_code, 2);
  EXPECT_EQ(run_cli(save + " --max-response-bytes 0", "").exit_code, 2);
  EXPECT_EQ(run_cli(save, "", "LIBSQLSTORE_MAX_RESPONSE_BYTES=0 ").exit_code, 2);
  EXPECT_EQ(run_cli(save, "", "LIBSQLSTORE_MAX_RESPONSE_BYTES=1048576 ").exit_code, 0);
  EXPECT_EQ(run_cli(save + " --group-commit --delete-message-vectors", "").exit_code, 0);
}

TEST_F(RpcTest, ATokenWithALineBreakIsRefusedBeforeAnythingIsSent) {
  testing::HranaTestServer server;
  const std::string injected = "abc\r\nX-Injected: yes";
  const auto r = run_cli("call --url " + quote(server.url()) + " --auth-token " + quote(injected) +
                             " getThreadById " + quote(R"({"threadId":"t"})"),
                         "");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("LIBSQL_STORE_INVALID_AUTH_TOKEN"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("abc"), std::string::npos) << r.err;
  EXPECT_EQ(server.requests(), 0);
}

TEST_F(RpcTest, AShortTokenDoesNotMaskTheCallersValues) {
  // The token "x" equals a thread id; the error about that thread shows the id.
  const auto r = run_cli("call --url " + quote(url_) + " --auth-token x updateThread " +
                             quote(R"({"id":"x","title":"t","metadata":{}})"),
                         "");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(R"("threadId":"x")"), std::string::npos) << r.err;
}

TEST_F(RpcTest, MethodsListsEveryMethodWithItsArguments) {
  const auto human = run_cli("methods", "");
  EXPECT_EQ(human.exit_code, 0);
  EXPECT_EQ(human.out.size(), json_api::methods().size());
  EXPECT_NE(human.out.front().find('('), std::string::npos);
  const auto machine = run_cli("methods --json", "");
  ASSERT_EQ(machine.out.size(), 1u);
  const Json specs = Json::parse(machine.out[0]);
  ASSERT_EQ(specs.size(), json_api::methods().size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    EXPECT_EQ(specs[i]["name"], json_api::methods()[i]);
  }
  EXPECT_EQ(specs[0].size(), 3u);  // name, params, errorId
}

TEST_F(RpcTest, SearchEnablesFindsAndReportsForPeopleAndMachines) {
  const std::string url = " --url " + quote(url_);
  ASSERT_EQ(run_cli("demo" + url, "").exit_code, 0);
  // Before enabling: a clear error, exit 1.
  const auto before = run_cli("search libsql --text" + url, "");
  EXPECT_EQ(before.exit_code, 1);
  EXPECT_NE(before.err.find("not enabled"), std::string::npos) << before.err;
  const auto enable = run_cli("search --enable --json" + url, "");
  ASSERT_EQ(enable.exit_code, 0) << enable.err;
  EXPECT_EQ(Json::parse(enable.out.at(0)).at("messages"), 2);
  // Piped: the JSON of searchMessages.
  const auto json = run_cli("search libsql --role assistant" + url, "");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const Json page = Json::parse(json.out.at(0));
  EXPECT_EQ(page.at("total"), 1);
  EXPECT_EQ(page.at("results").at(0).at("message").at("id"), "demo-msg-2");
  // For people: a ranked list, the match marked.
  const auto text = run_cli("search libsql --text" + url, "");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  ASSERT_GE(text.out.size(), 4u);
  EXPECT_EQ(text.out[0], R"(2 messages match "libsql")");
  EXPECT_NE(text.out[3].find("*libsqlstore*"), std::string::npos) << text.out[3];
  const auto threads = run_cli("search hello --threads --text" + url, "");
  EXPECT_NE(threads.out.at(2).find("demo-thread"), std::string::npos);
  EXPECT_EQ(run_cli("search --check" + url, "").exit_code, 0);
  // A malformed fts5 query: exit 1 with the position; no query at all: usage, exit 2.
  const auto bad = run_cli("search 'a OR' --mode fts5 --text" + url, "");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("offset 4"), std::string::npos) << bad.err;
  EXPECT_EQ(run_cli("search" + url, "").exit_code, 2);
  EXPECT_EQ(run_cli("search --disable" + url, "").exit_code, 0);
  const auto status = run_cli("search --status --json" + url, "");
  EXPECT_EQ(Json::parse(status.out.at(0)).at("enabled"), false);
}

}  // namespace
}  // namespace libsqlstore
