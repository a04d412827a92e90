// parse_json_body: malformed bodies are 400 with a code and the path of the field at fault.
#include <gtest/gtest.h>

#include "server/api_error.h"
#include "server/json_body.h"

namespace jobbert::server {
namespace {

ApiError error_of(std::string_view body) {
    try {
        parse_json_body(body);
    } catch (const ApiError& e) {
        return e;
    }
    ADD_FAILURE() << "no error for " << body;
    return ApiError(0, "", "");
}

TEST(JsonBody, ParsesValidJson) {
    const auto j = parse_json_body(R"({"input": ["a", "\ud83d\ude00"], "n": 1})");
    EXPECT_EQ(j["input"][1].get<std::string>(), "\xF0\x9F\x98\x80");
}

TEST(JsonBody, UnpairedHighSurrogateNamesTheElement) {
    const ApiError e = error_of(R"({"input": ["ok", "x\ud800y"]})");
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(e.code(), "invalid_unicode_escape");
    EXPECT_EQ(e.param(), "input[1]");
    EXPECT_NE(std::string(e.what()).find("input[1]"), std::string::npos);
}

TEST(JsonBody, LoneLowSurrogateNamesTheField) {
    const ApiError e = error_of(R"({"model": "m", "inputs": "\udc00"})");
    EXPECT_EQ(e.code(), "invalid_unicode_escape");
    EXPECT_EQ(e.param(), "inputs");
}

TEST(JsonBody, RawInvalidUtf8NamesTheField) {
    const ApiError e = error_of("{\"a\": {\"b\": [1, 2, \"\xC3\x28\"]}}");
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(e.code(), "invalid_utf8");
    EXPECT_EQ(e.param(), "a.b[2]");
    // The message must not quote the offending bytes.
    EXPECT_EQ(std::string(e.what()).find('\xC3'), std::string::npos);
}

TEST(JsonBody, InvalidUtf8InAKeyNamesTheObject) {
    const ApiError e = error_of("{\"ok\": 1, \"k\xFF\": 2}");
    EXPECT_EQ(e.code(), "invalid_utf8");
    EXPECT_EQ(e.param(), "");
}

TEST(JsonBody, SyntaxErrors) {
    for (const char* body : {"{", "{\"input\": [1, 2,]}", "nope", "{\"a\" 1}", "[1] x"}) {
        const ApiError e = error_of(body);
        EXPECT_EQ(e.status(), 400) << body;
        EXPECT_EQ(e.code(), "invalid_json") << body;
    }
    EXPECT_EQ(error_of(R"({"input": ["a", tru]})").param(), "input[1]");
}

TEST(JsonBody, NumberOutOfRangeIs400) {
    const ApiError e = error_of(R"({"dimensions": 1e999})");
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(e.param(), "dimensions");
}

TEST(JsonBody, EmptyBody) {
    EXPECT_EQ(error_of("").code(), "invalid_json");
    EXPECT_EQ(error_of("  \n").status(), 400);
}

TEST(ErrorBody, OpenAiShape) {
    const auto j = nlohmann::json::parse(error_body(ApiError(422, "invalid_type", "'k' must be an integer", "k")));
    EXPECT_EQ(j["error"]["code"], "invalid_type");
    EXPECT_EQ(j["error"]["param"], "k");
    EXPECT_EQ(j["error"]["type"], "invalid_request_error");
    EXPECT_EQ(j["error"]["message"], "'k' must be an integer");
    const auto n = nlohmann::json::parse(error_body(ApiError(429, "queue_full", "full\xFF")));
    EXPECT_TRUE(n["error"]["param"].is_null());
    EXPECT_EQ(n["error"]["type"], "rate_limit_error");
}

}  // namespace
}  // namespace jobbert::server
