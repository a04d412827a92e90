// The model directory's module pipeline (modules.json) and per-module configs:
// Transformer -> Pooling (mean) -> [Dense | Normalize]* -> [Asym | Router] -> [Dense | Normalize]*.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "model/heads.h"

namespace jobbert::model {

/** What modules.json and the module configs say, with every head loaded. */
struct Pipeline {
    std::filesystem::path transformer_dir;  ///< folder of the Transformer module (config.json, weights)
    std::size_t max_seq_length = 0;         ///< sentence_bert_config.json
    bool do_lower_case = false;             ///< sentence_bert_config.json
    std::string router_type;                ///< "Asym", "Router" or "" when there is no router
    std::vector<Route> routes;              ///< in config order; without a router: one route "default"
    std::string default_route;              ///< parameters.default_route, else the first route
    bool normalize_module = false;          ///< a Normalize module follows the heads
    std::size_t pooling_dim = 0;            ///< Pooling's word_embedding_dimension (0 if not given)
    bool has_sbert_config = false;          ///< sentence_bert_config.json exists
};

/**
 * Reads modules.json of `dir` and loads the modules after the Transformer. Throws ModelError
 * naming the file and key: unknown module type, pooling mode other than mean, unknown route in
 * default_route.
 */
Pipeline read_pipeline(const std::filesystem::path& dir);

/**
 * Checks the pipeline against the encoder and fills each route's dim: Pooling's dimension and
 * the first Dense's in_features equal hidden_size, chained Dense layers fit, max_seq_length fits
 * the position table (max_positions - pad_token_id - 1; defaulted to that when the model has no
 * sentence_bert_config.json). Throws ModelError naming the mismatch.
 */
void check_pipeline(Pipeline& p, std::size_t hidden_size, std::size_t max_seq_limit);

}  // namespace jobbert::model
