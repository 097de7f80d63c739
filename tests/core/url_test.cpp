#include "core/url.hpp"

#include <filesystem>

#include "libsqlstore/error.hpp"

#include <gtest/gtest.h>

#include "matchers.hpp"

namespace libsqlstore::core {
namespace {

using testing::caught;

TEST(Url, MemoryForms) {
  EXPECT_EQ(parse_database_url(":memory:").kind, BackendKind::Memory);
  EXPECT_EQ(parse_database_url("file::memory:").kind, BackendKind::Memory);
  EXPECT_EQ(parse_database_url(":memory:?cache=shared").kind, BackendKind::Memory);
  EXPECT_THROW(parse_database_url(":memory:?foo=1"), InvalidArgumentError);
  // Issue #9.7: cache=shared names one database shared by the process's stores.
  EXPECT_EQ(parse_database_url(":memory:").shared_memory_name, "");
  EXPECT_EQ(parse_database_url(":memory:?cache=private").shared_memory_name, "");
  EXPECT_EQ(parse_database_url(":memory:?cache=shared").shared_memory_name, ":memory:");
  EXPECT_EQ(parse_database_url("file::memory:?cache=shared").shared_memory_name, ":memory:");
  const auto named = parse_database_url("file:agents?mode=memory&cache=shared");
  EXPECT_EQ(named.kind, BackendKind::Memory);
  EXPECT_EQ(named.shared_memory_name, "agents");
  EXPECT_EQ(parse_database_url("file:agents?mode=memory").shared_memory_name, "");
  EXPECT_THROW(parse_database_url("file:x.db?cache=shared"), InvalidArgumentError);
}

TEST(Url, FileModes) {
  // Issue #9.6: a read-only open, and an open that must not create the file.
  EXPECT_FALSE(parse_database_url("file:x.db").read_only);
  EXPECT_TRUE(parse_database_url("file:x.db").create);
  EXPECT_TRUE(parse_database_url("file:x.db?mode=ro").read_only);
  EXPECT_FALSE(parse_database_url("file:x.db?mode=rw").create);
  EXPECT_FALSE(parse_database_url("file:x.db?mode=rw").read_only);
  EXPECT_TRUE(parse_database_url("file:x.db?mode=rwc").create);
  EXPECT_THROW(parse_database_url("file:x.db?mode=wr"), InvalidArgumentError);
}

TEST(Url, FileFormsResolveToAbsolutePaths) {
  const auto cwd = std::filesystem::current_path();
  EXPECT_EQ(parse_database_url("file:rel.db").path, (cwd / "rel.db").string());
  EXPECT_EQ(parse_database_url("file:./sub/../rel.db").path, (cwd / "rel.db").string());
  EXPECT_EQ(parse_database_url("file:/abs/x.db").path, "/abs/x.db");
  EXPECT_EQ(parse_database_url("file:///abs/x.db").path, "/abs/x.db");
  EXPECT_EQ(parse_database_url("file://localhost/abs/x.db").path, "/abs/x.db");
  EXPECT_EQ(parse_database_url("file:/abs/my%20db.db").path, "/abs/my db.db");
  EXPECT_EQ(parse_database_url("file:/abs/x.db").kind, BackendKind::File);
}

TEST(Url, FileErrorsNameTheProblem) {
  auto message = [](const char* url) {
    try {
      parse_database_url(url);
    } catch (const InvalidArgumentError& e) {
      EXPECT_EQ(e.id(), "LIBSQL_STORE_INVALID_URL");
      return std::string(e.what());
    }
    ADD_FAILURE() << "no error for " << url;
    return std::string();
  };
  EXPECT_NE(message("file://otherhost/x.db").find("host"), std::string::npos);
  EXPECT_NE(message("file://localhost:8080/x.db").find("port"), std::string::npos);
  EXPECT_NE(message("file:x.db?mode=x").find("mode"), std::string::npos);
  EXPECT_NE(message("file:x.db?vfs=unix").find("vfs"), std::string::npos);
  EXPECT_NE(message("file:x.db#frag").find("fragment"), std::string::npos);
  EXPECT_NE(message("./storage.db").find("file:"), std::string::npos);
  EXPECT_NE(message("postgres://h/db").find("postgres"), std::string::npos);
  EXPECT_NE(message("").find("empty"), std::string::npos);
  EXPECT_NE(message("file:").find("path"), std::string::npos);
}

TEST(Url, RemoteForms) {
  auto u = parse_database_url("libsql://my-db.example.io");
  EXPECT_EQ(u.kind, BackendKind::Remote);
  EXPECT_EQ(u.http_base(), "https://my-db.example.io");
  EXPECT_EQ(parse_database_url("libsql://h:8080?tls=0").http_base(), "http://h:8080");
  EXPECT_THROW(parse_database_url("libsql://h?tls=0"), InvalidArgumentError);
  EXPECT_EQ(parse_database_url("http://127.0.0.1:8080").http_base(), "http://127.0.0.1:8080");
  EXPECT_EQ(parse_database_url("https://h/prefix/").http_base(), "https://h/prefix");
  EXPECT_EQ(parse_database_url("ws://h:1").http_base(), "http://h:1");
  EXPECT_EQ(parse_database_url("wss://h").http_base(), "https://h");
  EXPECT_EQ(parse_database_url("http://[::1]:9000").http_base(), "http://[::1]:9000");
  auto t = parse_database_url("libsql://h?authToken=abc");
  EXPECT_EQ(t.auth_token, "abc");
  EXPECT_EQ(t.http_base().find("abc"), std::string::npos);
  EXPECT_THROW(parse_database_url("libsql://h?other=1"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("libsql://user:pw@h"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("http://h:notaport"), InvalidArgumentError);
  // A host is a name or a bracketed IPv6 address: tests/fuzz/url_fuzz.cpp found that a NUL and
  // a "]" were accepted in one, giving an endpoint that named another server.
  EXPECT_THROW(parse_database_url(std::string("https://\0::1]:8443/x", 20)), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("http://a]b:80"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("http://a:b:80"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("http://a%2fb"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("http://[::1/x]:80"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("https://[%wss]:4"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("https://[host]:4"), InvalidArgumentError);
  EXPECT_EQ(parse_database_url("http://[fe80::1%25eth0]:80").host, "fe80::1%25eth0");
  EXPECT_EQ(parse_database_url("libsql://b\xC3\xBC"
                               "cher.example")
                .host,
            "b\xC3\xBC"
            "cher.example");
  EXPECT_EQ(parse_database_url("libsql://my_db-1.example").host, "my_db-1.example");
}

TEST(Url, RemoteFormsOfTheReferenceClient) {
  // @libsql/client 0.18.0's expandConfig, as observed running it.
  EXPECT_EQ(parse_database_url("libsql://db.example.io?tls=1").http_base(),
            "https://db.example.io");
  EXPECT_EQ(parse_database_url("LIBSQL://DB.Example.IO").http_base(), "https://db.example.io");
  EXPECT_EQ(parse_database_url("libsql://[::1]:8080?tls=0").http_base(), "http://[::1]:8080");
  EXPECT_EQ(parse_database_url("libsql://db.example.io:443/some/path").http_base(),
            "https://db.example.io:443/some/path");
  EXPECT_EQ(parse_database_url("https://h/my%20db/").http_base(), "https://h/my%20db")
      << "the path is sent as written";
  EXPECT_EQ(parse_database_url("HTTP://h:1").http_base(), "http://h:1");
  EXPECT_EQ(parse_database_url("libsql://h?authToken=a%2Bb").auth_token, "a+b");
  EXPECT_THROW(parse_database_url("https://h?tls=0"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("wss://h?tls=0"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("http://h:1?tls=1"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("ws://h:1?tls=1"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("libsql://h?tls=2"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("libsql://h#frag"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("libsql://h:0?tls=0"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("libsql://h/a b"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("libsql:h"), InvalidArgumentError);
  EXPECT_THROW(parse_database_url("libsql://"), InvalidArgumentError);
}

TEST(Url, TokenNeverAppearsInErrors) {
  if (const auto e = caught<InvalidArgumentError>(
          [&] { parse_database_url("libsql://h?authToken=sekret&bad=1"); })) {
    EXPECT_EQ(std::string(e->what()).find("sekret"), std::string::npos);
  }
}

}  // namespace
}  // namespace libsqlstore::core
