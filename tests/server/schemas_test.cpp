// Request schemas: defaults, accepted shapes, and errors naming the field.
#include <gtest/gtest.h>

#include "server/api_error.h"
#include "server/schemas.h"

namespace jobbert::server {
namespace {

template <class F>
ApiError error_of(F&& f) {
    try {
        f();
    } catch (const ApiError& e) {
        return e;
    }
    ADD_FAILURE() << "no error";
    return ApiError(0, "", "");
}

const Limits kLimits = [] {
    Limits l;
    l.max_inputs = 4;
    l.max_input_chars = 10;
    l.max_top_k = 20;
    return l;
}();

json J(const char* s) { return json::parse(s); }

TEST(Embeddings, DefaultsAndShapes) {
    auto r = parse_embeddings_request(J(R"({"input": "nurse", "model": "jobbert-v3", "user": 7})"), kLimits);
    EXPECT_EQ(r.texts, std::vector<std::string>{"nurse"});
    EXPECT_TRUE(r.normalize);
    EXPECT_TRUE(r.truncate);
    EXPECT_FALSE(r.base64);
    EXPECT_FALSE(r.dimensions);
    EXPECT_EQ(r.route.name, "");
    r = parse_embeddings_request(J(R"({"input": ["a", "b"], "encoding_format": "base64", "dimensions": 8,
                                      "normalize": false, "model": "jobbert-v3:positive", "unknown": 1})"),
                                 kLimits);
    EXPECT_EQ(r.size(), 2u);
    EXPECT_TRUE(r.base64);
    EXPECT_EQ(*r.dimensions, 8u);
    EXPECT_FALSE(r.normalize);
    EXPECT_EQ(r.route.name, "positive");
    EXPECT_EQ(r.route.param, "model");
    r = parse_embeddings_request(J(R"({"input": [0, 5, 2]})"), kLimits);
    ASSERT_EQ(r.ids.size(), 1u);
    EXPECT_EQ(r.ids[0], (std::vector<std::int64_t>{0, 5, 2}));
    r = parse_embeddings_request(J(R"({"input": [[0, 2], [0, 7, 2]], "route": "anchor"})"), kLimits);
    EXPECT_EQ(r.ids.size(), 2u);
    EXPECT_EQ(r.route.param, "route");
}

TEST(Embeddings, Errors) {
    auto e = error_of([] { parse_embeddings_request(J(R"({"model": "m"})"), kLimits); });
    EXPECT_EQ(e.status(), 422);
    EXPECT_EQ(e.param(), "input");
    e = error_of([] { parse_embeddings_request(J(R"({"input": ["a", 3]})"), kLimits); });
    EXPECT_EQ(e.code(), "invalid_type");
    EXPECT_EQ(e.param(), "input[1]");
    e = error_of([] { parse_embeddings_request(J(R"({"input": [[1, 2], [3, "x"]]})"), kLimits); });
    EXPECT_EQ(e.param(), "input[1][1]");
    e = error_of([] { parse_embeddings_request(J(R"({"input": []})"), kLimits); });
    EXPECT_EQ(e.code(), "empty_input");
    e = error_of([] { parse_embeddings_request(J(R"({"input": ["a","b","c","d","e"]})"), kLimits); });
    EXPECT_EQ(e.status(), 413);
    EXPECT_EQ(e.param(), "input");
    e = error_of([] { parse_embeddings_request(J(R"({"input": ["a", "0123456789x"]})"), kLimits); });
    EXPECT_EQ(e.status(), 413);
    EXPECT_EQ(e.param(), "input[1]");
    // 10 code points in 30 bytes is within the limit.
    parse_embeddings_request(J(R"({"input": "ééééééééé€"})"), kLimits);
    e = error_of([] { parse_embeddings_request(J(R"({"input": "a", "encoding_format": "int8"})"), kLimits); });
    EXPECT_EQ(e.param(), "encoding_format");
    e = error_of([] { parse_embeddings_request(J(R"({"input": "a", "dimensions": 0})"), kLimits); });
    EXPECT_EQ(e.code(), "out_of_range");
    e = error_of([] { parse_embeddings_request(J(R"({"input": "a", "dimensions": 2.5})"), kLimits); });
    EXPECT_EQ(e.code(), "invalid_type");
    e = error_of([] { parse_embeddings_request(J(R"({"input": "a", "normalize": "yes"})"), kLimits); });
    EXPECT_EQ(e.param(), "normalize");
    e = error_of([] { parse_embeddings_request(J(R"({"input": "a", "model": "m:anchor", "route": "positive"})"), kLimits); });
    EXPECT_EQ(e.param(), "route");
    e = error_of([] { parse_embeddings_request(J(R"(["a"])"), kLimits); });
    EXPECT_EQ(e.status(), 422);
}

TEST(Embed, TeiShape) {
    auto r = parse_embed_request(J(R"({"inputs": ["a"], "truncation_direction": "Right", "prompt_name": null})"), kLimits);
    EXPECT_TRUE(r.normalize);
    EXPECT_TRUE(r.truncate);
    auto e = error_of([] { parse_embed_request(J(R"({"inputs": "a", "normalise": false})"), kLimits); });
    EXPECT_EQ(e.code(), "unknown_field");
    EXPECT_EQ(e.param(), "normalise");
    e = error_of([] { parse_embed_request(J(R"({"inputs": "a", "truncation_direction": "left"})"), kLimits); });
    EXPECT_EQ(e.param(), "truncation_direction");
    e = error_of([] { parse_embed_request(J(R"({"inputs": {"a": 1}})"), kLimits); });
    EXPECT_EQ(e.param(), "inputs");
    e = error_of([] { parse_embed_request(J(R"({"inputs": "a", "truncate": 1})"), kLimits); });
    EXPECT_EQ(e.param(), "truncate");
}

TEST(Similarity, RoutesPerSide) {
    auto r = parse_similarity_request(J(R"({"source": "a", "candidates": ["b"], "route": "anchor",
                                            "candidates_route": "positive"})"),
                                      kLimits);
    EXPECT_EQ(r.source_route.name, "anchor");
    EXPECT_EQ(r.candidates_route.name, "positive");
    EXPECT_EQ(r.candidates_route.param, "candidates_route");
    auto e = error_of([] { parse_similarity_request(J(R"({"source": "a", "candidates": "b"})"), kLimits); });
    EXPECT_EQ(e.param(), "candidates");
    e = error_of([] { parse_similarity_request(J(R"({"source": 1, "candidates": ["b"]})"), kLimits); });
    EXPECT_EQ(e.param(), "source");
    e = error_of([] { parse_similarity_request(J(R"({"candidates": ["b"]})"), kLimits); });
    EXPECT_EQ(e.code(), "missing_field");
}

TEST(Match, K) {
    EXPECT_EQ(parse_match_request(J(R"({"titles": "nurse"})"), kLimits).k, 5u);
    EXPECT_EQ(parse_match_request(J(R"({"titles": ["a"], "k": 20})"), kLimits).k, 20u);
    for (const char* body : {R"({"titles": "a", "k": 0})", R"({"titles": "a", "k": 21})", R"({"titles": "a", "k": -1})"}) {
        const auto e = error_of([&] { parse_match_request(J(body), kLimits); });
        EXPECT_EQ(e.status(), 422) << body;
        EXPECT_EQ(e.param(), "k") << body;
    }
}

TEST(Tokenize, Defaults) {
    const auto r = parse_tokenize_request(J(R"({"inputs": "a"})"), kLimits);
    EXPECT_TRUE(r.model_input);
    EXPECT_TRUE(r.truncate);
}

}  // namespace
}  // namespace jobbert::server
