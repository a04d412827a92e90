// Creating the trainable model: from an existing model directory (fine-tuning, any dtype, Asym
// or Router) or from scratch with given sizes and transformers' initialisation.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "train/sentence_model.h"

namespace jobbert::train {

/** A model to train and where it came from. */
struct ModelSource {
    SentenceModel model{nullptr};
    std::filesystem::path dir;                   ///< the model directory it was loaded from; empty when new
    std::map<std::string, torch::Tensor> extra;  ///< tensors of model.safetensors the encoder does not use (pooler.*)
};

/**
 * Loads a sentence-transformers model directory for training: config.json (sizes, dropout
 * probabilities unless `dropout` overrides both), modules.json + router config (layout), every
 * encoder tensor of model.safetensors (F32/F16/BF16, optional "roberta." prefix) and each Dense
 * folder's weights, as float32. Throws ModelError naming the file and tensor (missing tensor,
 * wrong shape).
 */
ModelSource load_model_source(const std::filesystem::path& dir, std::optional<double> dropout);

/** Sizes of a new model (the options of `jobbert train --config`). */
struct NewModelSizes {
    std::size_t vocab_size = 0;  ///< from the tokenizer
    std::size_t hidden_size = 256;
    std::size_t num_layers = 4;
    std::size_t num_heads = 4;
    std::size_t intermediate_size = 1024;
    std::size_t out_dim = 256;  ///< output dimension of each route's Dense head
    std::size_t max_position_embeddings = 514;
    std::size_t max_seq_length = 64;
    double dropout = 0.1;         ///< hidden and attention dropout
    std::string layout = "Asym";  ///< "Asym" (sentence-transformers 4.x) or "Router" (5.x)
    bool do_lower_case = false;
};

/**
 * A new model with transformers' XLM-R initialisation (normal(0, 0.02), zero biases and pad rows,
 * unit LayerNorms) and torch.nn.Linear's default for the Dense heads (uniform(+-1/sqrt(in))),
 * drawn from torch's default generator after seeding it with `seed`. Throws InputError for
 * inconsistent sizes (hidden not divisible by heads, max_seq_length beyond the position table).
 */
ModelSource new_model_source(const NewModelSizes& sizes, uint64_t seed);

/**
 * Checks a new model's sizes (all but vocab_size): hidden a positive multiple of heads, positive
 * layers/ffn/out, max_seq_length within the position table, dropout in [0, 1). Throws InputError.
 */
void validate_sizes(const NewModelSizes& sizes);

/** The XlmrConfig a config.json describes (dropout from the file unless overridden). */
XlmrConfig read_xlmr_config(const std::filesystem::path& config_json, std::optional<double> dropout);

}  // namespace jobbert::train
