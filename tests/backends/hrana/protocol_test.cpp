// Hrana 2 JSON encoding: values, statements, responses (no server involved).
#include "backends/hrana/protocol.hpp"

#include <cmath>
#include <limits>

#include "libsqlstore/error.hpp"

#include <gtest/gtest.h>

namespace libsqlstore::hrana {
namespace {

TEST(Values, EncodeAsTheSpecSays) {
  EXPECT_EQ(encode_value(nullptr).dump(), R"({"type":"null"})");
  EXPECT_EQ(encode_value(std::int64_t{42}).dump(), R"({"type":"integer","value":"42"})");
  EXPECT_EQ(encode_value(std::numeric_limits<std::int64_t>::min()).dump(),
            R"({"type":"integer","value":"-9223372036854775808"})");
  EXPECT_EQ(encode_value(0.1).dump(), R"({"type":"float","value":0.1})");
  EXPECT_EQ(encode_value(std::string("héllo")).dump(), R"({"type":"text","value":"héllo"})");
  EXPECT_EQ(encode_value(core::Blob{{1, 2, 3}}).dump(), R"({"type":"blob","base64":"AQID"})");
  EXPECT_THROW(encode_value(std::nan("")), InvalidArgumentError);
  EXPECT_THROW(encode_value(std::numeric_limits<double>::infinity()), InvalidArgumentError);
}

TEST(Values, DecodeWhatServersSend) {
  EXPECT_EQ(decode_value(Json::parse(R"({"type":"integer","value":"9223372036854775807"})")),
            core::Value(std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(decode_value(Json::parse(R"({"type":"float","value":2.5})")), core::Value(2.5));
  EXPECT_EQ(decode_value(Json::parse(R"({"type":"float","value":3})")), core::Value(3.0));
  EXPECT_EQ(decode_value(Json::parse(R"({"type":"blob","base64":"AQ"})")),
            core::Value(core::Blob{{1}}));
  EXPECT_TRUE(core::is_null(decode_value(Json::parse(R"({"type":"null"})"))));
  EXPECT_THROW(decode_value(Json::parse(R"({"type":"integer","value":"1x"})")), ProtocolViolation);
  EXPECT_THROW(decode_value(Json::parse(R"({"type":"integer","value":"99999999999999999999"})")),
               ProtocolViolation);
  EXPECT_THROW(decode_value(Json::parse(R"({"type":"blob","base64":"!!"})")), ProtocolViolation);
  EXPECT_THROW(decode_value(Json::parse(R"({"type":"date"})")), ProtocolViolation);
}

TEST(Statements, PositionalArgsOnly) {
  const auto j = encode_stmt({"SELECT ?, ?", {std::int64_t{1}, std::string("a")}}, false);
  EXPECT_EQ(j.dump(), R"({"sql":"SELECT ?, ?","args":[{"type":"integer","value":"1"},)"
                      R"({"type":"text","value":"a"}],"want_rows":false})");
}

TEST(Pipeline, BodyCarriesBatonAndRejectsInvalidUtf8) {
  EXPECT_EQ(pipeline_body(std::nullopt, Json::array({close_request()})),
            R"({"baton":null,"requests":[{"type":"close"}]})");
  EXPECT_EQ(pipeline_body(std::string("b1"), Json::array()), R"({"baton":"b1","requests":[]})");
  const Json bad = Json::array({execute_request({"SELECT ?", {std::string("\xff\xfe")}})});
  EXPECT_THROW(pipeline_body(std::nullopt, bad), InvalidArgumentError);
}

TEST(Pipeline, DecodesResultsAndErrors) {
  const auto r = decode_pipeline_response(
      R"({"baton":"x","base_url":null,"results":[
          {"type":"ok","response":{"type":"execute","result":{"cols":[{"name":"a","decltype":null}],
           "rows":[[{"type":"integer","value":"7"}]],"affected_row_count":3,"last_insert_rowid":null}}},
          {"type":"error","error":{"message":"boom","code":"SQLITE_UNKNOWN"}}]})",
      2);
  EXPECT_EQ(r.baton, "x");
  ASSERT_EQ(r.results.size(), 2u);
  ASSERT_TRUE(r.results[0].ok);
  const auto rs = decode_stmt_result(r.results[0].response.at("result"));
  EXPECT_EQ(rs.columns, std::vector<std::string>{"a"});
  EXPECT_EQ(rs.rows.at(0).at(0), core::Value(std::int64_t{7}));
  EXPECT_EQ(rs.changes, 3);
  EXPECT_FALSE(r.results[1].ok);
  EXPECT_EQ(r.results[1].error.message, "boom");
  EXPECT_EQ(r.results[1].error.code, "SQLITE_UNKNOWN");
  EXPECT_THROW(decode_pipeline_response(R"({"baton":null,"results":[]})", 1), ProtocolViolation);
  EXPECT_THROW(decode_pipeline_response("<html>", 1), ProtocolViolation);
  // A number beyond a double is not JSON the client can hold (tests/fuzz found it escaping as
  // nlohmann's out_of_range).
  EXPECT_THROW(decode_pipeline_response("33333E3333333", 1), ProtocolViolation);
  EXPECT_THROW(decode_pipeline_response(R"({"baton":null,"results":[1E400]})", 1),
               ProtocolViolation);
}

TEST(Batch, ConditionsChainSteps) {
  BatchBuilder b;
  const auto begin = b.add({"BEGIN"}, nullptr, false);
  const auto s = b.add({"SELECT 1"}, cond_ok(begin));
  b.add({"ROLLBACK"}, cond_not(cond_ok(s)), false);
  EXPECT_EQ(
      b.request().dump(),
      R"({"type":"batch","batch":{"steps":[)"
      R"({"stmt":{"sql":"BEGIN","args":[],"want_rows":false}},)"
      R"({"condition":{"type":"ok","step":0},"stmt":{"sql":"SELECT 1","args":[],"want_rows":true}},)"
      R"({"condition":{"type":"not","cond":{"type":"ok","step":1}},"stmt":{"sql":"ROLLBACK","args":[],"want_rows":false}}]}})");
  const auto result =
      decode_batch_result(Json::parse(R"({"step_results":[{"cols":[],"rows":[]},null,null],
                      "step_errors":[null,{"message":"no","code":null},null]})"),
                          3);
  EXPECT_TRUE(result.results[0].has_value());
  EXPECT_FALSE(result.results[1].has_value());
  ASSERT_TRUE(result.errors[1].has_value());
  EXPECT_EQ(result.errors[1]->message, "no");
  EXPECT_FALSE(result.errors[2].has_value());
}

}  // namespace
}  // namespace libsqlstore::hrana
