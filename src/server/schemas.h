// jobbert serve: the request schemas. Each parse_* function turns a parsed JSON body into a typed
// request or throws ApiError naming the field (see schema_fields.h). Routes are returned as
// given: they are resolved against the model (ApiError 422 "unknown_route") by the endpoints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/schema_fields.h"

namespace jobbert::server {

/** A route as the request gave it, and the field it came from (for errors). */
struct RouteField {
    std::string name;             ///< "" = the model's default route
    std::string param = "route";  ///< "route", or "model" when taken from a "name:route" suffix
};

/**
 * POST /v1/embeddings (OpenAI): {"input": string | [string] | [int] | [[int]], "model": "name" or
 * "name:route", "encoding_format": "float" | "base64", "dimensions": int, "user": ignored,
 * extensions "route", "normalize" (default true), "truncate" (default true)}. Unknown fields
 * are ignored, as OpenAI-compatible servers do.
 */
struct EmbeddingsRequest {
    std::vector<std::string> texts;               ///< input texts, or empty when `ids` are given
    std::vector<std::vector<std::int64_t>> ids;   ///< token arrays, when the input is [int] or [[int]]
    bool single_ids = false;                      ///< the input was one [int] (errors name "input[j]")
    std::string model;                            ///< as given; "" if absent
    RouteField route;
    bool base64 = false;
    std::optional<std::size_t> dimensions;        ///< >= 1; checked against the route's dim later
    bool normalize = true;
    bool truncate = true;
    std::size_t size() const { return ids.empty() ? texts.size() : ids.size(); }
};
EmbeddingsRequest parse_embeddings_request(const json& body, const Limits& limits);

/**
 * POST /embed (Text Embeddings Inference): {"inputs": string | [string], "normalize" (default
 * true), "truncate" (default true: as the reference; TEI's default is false),
 * "truncation_direction": "right" only, "prompt_name": null only, "dimensions", "route"}.
 */
struct EmbedRequest {
    std::vector<std::string> inputs;
    RouteField route;
    bool normalize = true;
    bool truncate = true;
    std::optional<std::size_t> dimensions;
};
EmbedRequest parse_embed_request(const json& body, const Limits& limits);

/**
 * POST /similarity: {"source": string, "candidates": [string], "route" (both sides),
 * "source_route", "candidates_route" (override `route` per side), "truncate" (default true)}.
 */
struct SimilarityRequest {
    std::string source;
    std::vector<std::string> candidates;
    RouteField source_route, candidates_route;
    bool truncate = true;
};
SimilarityRequest parse_similarity_request(const json& body, const Limits& limits);

/** POST /match: {"titles": string | [string], "k" (1..limits.max_top_k, default 5), "route"}. */
struct MatchRequest {
    std::vector<std::string> titles;
    std::size_t k = 5;
    RouteField route;
};
MatchRequest parse_match_request(const json& body, const Limits& limits);

/**
 * POST /tokenize: {"inputs": string | [string], "model_input" (default true: the model's input
 * handling, strip and lowercase, first), "truncate" (default true: to max_seq_length)}.
 */
struct TokenizeRequest {
    std::vector<std::string> inputs;
    bool model_input = true;
    bool truncate = true;
};
TokenizeRequest parse_tokenize_request(const json& body, const Limits& limits);

}  // namespace jobbert::server
