// jobbert serve: the POST endpoints, independent of the HTTP library. Each takes a parsed JSON
// body and returns the response body, or throws ApiError (4xx) naming the field at fault.
#pragma once

#include <string>

#include "jobbert/match.h"
#include "jobbert/model.h"
#include "server/batch_queue.h"
#include "server/metrics.h"
#include "server/schema_fields.h"

namespace jobbert::server {

/** What the endpoints work with once the model is loaded. */
struct EndpointContext {
    const Model& model;
    BatchQueue& queue;
    const Limits& limits;
    Metrics& metrics;
    const std::string& model_name;  ///< reported as `model` when a request names none
    const Matcher* matcher;         ///< the taxonomy matcher; POST /match needs it (not null)
};

/** POST /v1/embeddings (OpenAI): see EmbeddingsRequest. Returns the OpenAI response body. */
std::string post_embeddings(const EndpointContext& ctx, const json& body);

/** POST /embed (TEI): see EmbedRequest. Returns [[...], ...]. */
std::string post_embed(const EndpointContext& ctx, const json& body);

/**
 * POST /similarity: cosine similarity (cosine_similarity, as sentence-transformers' cos_sim) of
 * the source with each candidate: {"scores": [n], "usage": {"prompt_tokens"}}.
 */
std::string post_similarity(const EndpointContext& ctx, const json& body);

/**
 * POST /match: top-k occupations per title, as `jobbert match` finds them (titles embedded with
 * `route`, default the title route; Matcher::match_vectors): {"results": [{"query": title,
 * "matches": [{"id", "preferred_label", "label", "score"}]}], "usage": {"prompt_tokens"}}.
 */
std::string post_match(const EndpointContext& ctx, const json& body);

/**
 * POST /tokenize: {"data": [{"ids": [...], "tokens": [...]}]} per input; with model_input the
 * ids are those the encoder reads (Model::tokenize).
 */
std::string post_tokenize(const EndpointContext& ctx, const json& body);

}  // namespace jobbert::server
