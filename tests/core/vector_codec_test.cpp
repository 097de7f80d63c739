// libSQL's vector semantics, checked against what the reference's libSQL engine answered
// (tests/vector/fixtures/libsql_vector_functions.json, recorded by
// tests/interop/record_vector_fixtures.mjs): float parsing, %g formatting with its ties, cosine
// scores bit for bit, and the error texts.
#include "core/vector_codec.hpp"

#include <bit>
#include <cstring>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace libsqlstore::core::vec {
namespace {

const nlohmann::json& fixtures() {
  static const nlohmann::json data = [] {
    std::ifstream in(LIBSQLSTORE_VECTOR_FIXTURES "/libsql_vector_functions.json");
    EXPECT_TRUE(in.good()) << "fixture file missing";
    return nlohmann::json::parse(in);
  }();
  return data;
}

std::vector<std::uint8_t> from_hex(const std::string& hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

TEST(VectorCodecTest, FormatsEveryRecordedFloatAsLibsql) {
  const auto& cases = fixtures().at("format");
  ASSERT_GT(cases.size(), 8000u);
  int mismatches = 0;
  for (const auto& c : cases) {
    const auto bits = static_cast<std::uint32_t>(std::stoul(c[0].get<std::string>(), nullptr, 16));
    const auto value = std::bit_cast<float>(bits);
    const auto text = format_g(value);
    if (text != c[1].get<std::string>()) {
      ADD_FAILURE() << c[0] << ": libSQL " << c[1] << ", ours " << text;
      if (++mismatches > 10) break;
    }
  }
}

TEST(VectorCodecTest, ParsesEveryRecordedNumberAsLibsql) {
  const auto& cases = fixtures().at("parse");
  ASSERT_GT(cases.size(), 8000u);
  int mismatches = 0;
  for (const auto& c : cases) {
    const auto text = "[" + c[0].get<std::string>() + "]";
    const auto v = parse_text(text, ElementType::Float32);
    ASSERT_EQ(v.f32.size(), 1u) << text;
    const auto hex = to_hex(encode(v));
    if (hex != c[1].get<std::string>()) {
      ADD_FAILURE() << text << ": libSQL " << c[1] << ", ours " << hex;
      if (++mismatches > 10) break;
    }
  }
}

TEST(VectorCodecTest, ScoresAreBitIdenticalToLibsql) {
  const auto& cases = fixtures().at("scores");
  ASSERT_GT(cases.size(), 100u);
  int nulls = 0;
  for (const auto& c : cases) {
    const auto a = parse_blob(from_hex(c.at("a").get<std::string>()));
    const auto b = parse_blob(from_hex(c.at("b").get<std::string>()));
    const double distance = cosine_distance(a, b);
    if (c.at("score").is_null()) {
      EXPECT_TRUE(std::isnan(distance)) << c.dump();
      ++nulls;
      continue;
    }
    // The fixture holds the score (1 - distance) as the reference computed it.
    const auto expected = from_hex(c.at("score").get<std::string>());
    ASSERT_EQ(expected.size(), sizeof(double));
    double score = 0;
    std::memcpy(&score, expected.data(), sizeof score);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(1 - distance), std::bit_cast<std::uint64_t>(score))
        << c.dump() << " ours " << (1 - distance) << " libSQL " << score;
  }
  EXPECT_GT(nulls, 0) << "the fixture covers zero norms";
}

TEST(VectorCodecTest, RejectsWhatLibsqlRejectsWithItsMessage) {
  for (const auto& c : fixtures().at("errors")) {
    const auto text = c[0].get<std::string>();
    auto expected = c[1].get<std::string>();
    const std::string prefix = "SQLITE_ERROR: ";
    ASSERT_EQ(expected.rfind(prefix, 0), 0u);
    expected.erase(0, prefix.size());
    try {
      parse_text(text, ElementType::Float32);
      ADD_FAILURE() << text << " was accepted";
    } catch (const VectorFormatError& e) {
      EXPECT_EQ(e.what(), expected) << text;
    }
  }
}

TEST(VectorCodecTest, TextEdgeCasesFollowLibsql) {
  // Probed on the reference's engine (tests/interop/record_vector_fixtures.mjs, vector_extract).
  EXPECT_TRUE(parse_text("[]", ElementType::Float32).f32.empty());
  EXPECT_TRUE(parse_text(" [ ] ", ElementType::Float32).f32.empty());
  EXPECT_EQ(extract_text(parse_text("[ 1 , 2 ]  ", ElementType::Float32)), "[1,2]");
  EXPECT_EQ(extract_text(parse_text("[1 2]", ElementType::Float32)), "[12]");
  EXPECT_EQ(extract_text(parse_text("[1.e5,-.5,+.5e-3,1.,00012]", ElementType::Float32)),
            "[100000,-0.5,0.0005,1,12]");
  EXPECT_EQ(extract_text(parse_text("[1e400,-1e400,1e-400,-0]", ElementType::Float32)),
            "[Inf,-Inf,0,0]");
  EXPECT_EQ(extract_text(
                parse_text("[123456.5,0.000123456785,1e-5,1e16,123456789]", ElementType::Float32)),
            "[123457,0.000123457,1e-05,1e+16,1.23457e+08]");
  EXPECT_EQ(extract_text(parse_text("[0.1234567891,2,1e300]", ElementType::Float64)),
            "[0.123457,2,1e+300]");
  for (const char* bad : {"[1,]", "[,1]", "[1e]", "[1e+]", "[.]", "[-]", "[1_0]", "  "}) {
    EXPECT_THROW(parse_text(bad, ElementType::Float32), VectorFormatError) << bad;
  }
  try {
    parse_text("[1,2,]", ElementType::Float32);
    ADD_FAILURE();
  } catch (const VectorFormatError& e) {
    EXPECT_STREQ(e.what(), "vector: invalid float at position 2: ''");
  }
}

TEST(VectorCodecTest, DimensionLimitIsLibsqls) {
  std::string text = "[";
  for (std::size_t i = 0; i < kMaxDimensions; ++i) text += i ? ",1" : "1";
  EXPECT_EQ(parse_text(text + "]", ElementType::Float32).f32.size(), kMaxDimensions);
  try {
    parse_text(text + ",1]", ElementType::Float32);
    ADD_FAILURE();
  } catch (const VectorFormatError& e) {
    EXPECT_STREQ(e.what(), "vector: max size exceeded 65536");
  }
  EXPECT_THROW(parse_text("[" + std::string(1100, '1') + "]", ElementType::Float32),
               VectorFormatError);
}

TEST(VectorCodecTest, BlobsFollowLibsqlsLayout) {
  // [1,2] as float32: raw, no type byte; float64 carries a trailing 2.
  const auto f32 = parse_text("[1,2]", ElementType::Float32);
  EXPECT_EQ(to_hex(encode(f32)), "0000803f00000040");
  const auto f64 = convert(f32, ElementType::Float64);
  EXPECT_EQ(to_hex(encode(f64)), "000000000000f03f000000000000004002");
  EXPECT_EQ(
      to_hex(encode(convert(parse_text("[0.1,2]", ElementType::Float64), ElementType::Float32))),
      "cdcccc3d00000040");
  EXPECT_EQ(parse_blob(from_hex("0000803f0000004001")).f32, f32.f32);
  EXPECT_EQ(parse_blob(from_hex("000000000000f03f000000000000004002")).f64, f64.f64);
  EXPECT_TRUE(parse_blob({}).f32.empty());
  EXPECT_EQ(parse_blob(from_hex("02")).type, ElementType::Float64);
  auto message = [](const std::string& hex) {
    try {
      parse_blob(from_hex(hex));
    } catch (const VectorFormatError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message("00008000000001"), "vector: unexpected data part size: type=1, dims=1, 6 != 4");
  EXPECT_EQ(message("000000000000000000000000"
                    "02"),
            "vector: float64 vector blob length must be divisible by 8 (excluding 'type'-byte): "
            "length=12");
  EXPECT_EQ(message("000080"), "vector: unexpected binary type: 128");
  EXPECT_NE(message("0000803f0000000005").find("unsupported binary type: 5"), std::string::npos);
}

TEST(VectorCodecTest, DistancesFollowLibsql) {
  const auto a = parse_text("[1,2]", ElementType::Float32);
  const auto b = parse_text("[3,5]", ElementType::Float32);
  EXPECT_EQ(l2_distance(a, b), 3.605551242828369);
  EXPECT_EQ(cosine_distance(convert(a, ElementType::Float64), convert(b, ElementType::Float64)),
            0.0029455143958330154);
  EXPECT_TRUE(std::isnan(cosine_distance(parse_text("[0,0]", ElementType::Float32), a)));
  EXPECT_TRUE(std::isnan(cosine_distance(parse_text("[]", ElementType::Float32),
                                         parse_text("[]", ElementType::Float32))));
  EXPECT_EQ(l2_distance(parse_text("[0,0]", ElementType::Float32),
                        parse_text("[0,0]", ElementType::Float32)),
            0.0);
  try {
    cosine_distance(a, parse_text("[3,4,5]", ElementType::Float32));
    ADD_FAILURE();
  } catch (const VectorFormatError& e) {
    EXPECT_STREQ(e.what(), "vector_distance: vectors must have the same length: 2 != 3");
  }
  try {
    cosine_distance(convert(a, ElementType::Float64), a);
    ADD_FAILURE();
  } catch (const VectorFormatError& e) {
    EXPECT_STREQ(e.what(), "vector_distance: vectors must have the same type: 2 != 1");
  }
  // Overflow and underflow of the float norm product, as the reference scores them.
  EXPECT_EQ(1 - cosine_distance(parse_text("[1e10,0]", ElementType::Float32),
                                parse_text("[1e10,0]", ElementType::Float32)),
            0.0);
  EXPECT_EQ(1 - cosine_distance(parse_text("[1e-23,0]", ElementType::Float32),
                                parse_text("[1,0]", ElementType::Float32)),
            INFINITY);
}

}  // namespace
}  // namespace libsqlstore::core::vec
