// Encoder hyper-parameters from config.json (transformers' XLMRobertaConfig).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace jobbert::model {

/** The XLM-R encoder's sizes and constants. */
struct HParams {
    std::string architecture;             ///< architectures[0], e.g. "XLMRobertaModel"
    std::size_t vocab_size = 0;           ///< V, e.g. 250002
    std::size_t hidden_size = 0;          ///< H, e.g. 768
    std::size_t num_layers = 0;           ///< e.g. 12
    std::size_t num_heads = 0;            ///< e.g. 12 (H % num_heads == 0)
    std::size_t intermediate_size = 0;    ///< F, e.g. 3072
    std::size_t max_position_embeddings = 0;  ///< P, e.g. 514
    std::size_t type_vocab_size = 1;      ///< rows of token_type_embeddings (row 0 is used)
    float layer_norm_eps = 1e-5f;         ///< LayerNorm epsilon
    int32_t pad_token_id = 1;             ///< also the position offset (positions start at pad+1)
};

/**
 * Reads and validates config.json. Throws ModelError("<file>: ...") for missing keys, wrong
 * types, or an unsupported model (model_type other than xlm-roberta/roberta, hidden_act other
 * than "gelu", position_embedding_type other than "absolute", H not divisible by the heads).
 */
HParams read_hparams(const std::filesystem::path& config_json);

}  // namespace jobbert::model
