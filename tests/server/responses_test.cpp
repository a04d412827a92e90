// Response writers: base64 (RFC 4648 vectors, OpenAI's little-endian float32) and floats that
// read back exactly.
#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>

#include "server/responses.h"

namespace jobbert::server {
namespace {

TEST(Base64, Rfc4648Vectors) {
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
    EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64_encode(std::string("\xFF\xFE\x00", 3)), "//4A");
}

TEST(Base64, FloatsAreLittleEndian) {
    const float v[2] = {1.0f, -2.5f};  // 0x3F800000, 0xC0200000
    EXPECT_EQ(base64_floats(v, 2), base64_encode(std::string("\x00\x00\x80\x3F\x00\x00\x20\xC0", 8)));
}

TEST(Floats, ShortestRoundTrip) {
    for (float f : {0.0f, 1.0f, -0.1f, 1e-30f, 3.4028235e38f, 0.123456789f, -7.5e-8f}) {
        std::string s;
        append_float(s, f);
        EXPECT_EQ(std::strtof(s.c_str(), nullptr), f) << s;
    }
    std::string s;
    append_float(s, std::numeric_limits<float>::quiet_NaN());
    EXPECT_EQ(s, "null");
}

TEST(Bodies, OpenAiAndTei) {
    Matrix m(2, 2);
    m.data = {1.0f, 0.5f, -0.25f, 0.0f};
    const auto j = nlohmann::json::parse(openai_embeddings_body(m, false, "jobbert", 7));
    EXPECT_EQ(j["object"], "list");
    EXPECT_EQ(j["data"][1]["index"], 1);
    EXPECT_EQ(j["data"][1]["embedding"][0].get<float>(), -0.25f);
    EXPECT_EQ(j["usage"]["prompt_tokens"], 7);
    EXPECT_EQ(j["model"], "jobbert");
    EXPECT_EQ(nlohmann::json::parse(tei_embed_body(m)), nlohmann::json::parse("[[1,0.5],[-0.25,0]]"));
}

}  // namespace
}  // namespace jobbert::server
