// jobbert serve: what the embedding endpoints share — tokenizing a request's texts (on the HTTP
// thread), encoding them through the batch queue, and shaping the vectors (dimensions,
// normalisation). Errors are ApiErrors naming the request field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobbert/model.h"
#include "server/batch_queue.h"
#include "server/schemas.h"

namespace jobbert::server {

/** Token sequences of a request, and their total length (usage.prompt_tokens). */
struct Tokenized {
    std::vector<std::vector<std::int32_t>> ids;
    std::size_t tokens = 0;
};

/**
 * Model::tokenize of each text (the reference's input handling, truncated to max_seq_length).
 * With truncate = false, a text longer than max_seq_length tokens is an ApiError 413
 * "input_too_long" naming "<param>[i]" instead.
 */
Tokenized tokenize_texts(const Model& model, const std::vector<std::string>& texts, bool truncate,
                         const std::string& param);

/**
 * Checks token arrays (OpenAI's [[int]] input), used as given: each must be non-empty (422),
 * hold ids in [0, vocab_size) (422 "invalid_token") and have at most max_seq_length ids (413).
 * Errors name "<param>[i][j]", or "<param>[j]" when `single` (the input was one [int]).
 */
Tokenized check_token_arrays(const Model& model, const std::vector<std::vector<std::int64_t>>& arrays,
                             const std::string& param, bool single);

/** The model's name for `route` ("" = default route); ApiError 422 "unknown_route" naming route.param. */
std::string resolve_route(const Model& model, const RouteField& route);

/**
 * Queues `ids` for `route` and waits for the vectors: [ids.size(), dim(route)], unnormalised.
 * A full queue is an ApiError 429 "queue_full" with a Retry-After; a closing one is 503.
 */
Matrix encode_queued(BatchQueue& queue, const std::string& route, std::vector<std::vector<std::int32_t>> ids);

/** ApiError 422 "out_of_range" naming "dimensions" when `dimensions` > `dim` (the route's). */
void check_dimensions(std::optional<std::size_t> dimensions, std::size_t dim);

/**
 * Keeps the first `dimensions` columns (all when nullopt; 422 "out_of_range" naming
 * "dimensions" if larger than m.cols), then scales rows to unit L2 norm when `normalize`
 * (normalize_rows: the library's normalisation, so the full-dimension result equals
 * Model::encode with EncodeOptions::normalize).
 */
Matrix shape_vectors(Matrix m, std::optional<std::size_t> dimensions, bool normalize);

}  // namespace jobbert::server
