// The trainable sentence-transformers model: XLM-R encoder -> mean pooling -> one chain of
// Dense (and Normalize) modules per route, as in a JobBERT-v3 directory.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "train/layout.h"
#include "train/xlmr.h"

namespace jobbert::train {

/** A batch of token id sequences, padded for the encoder. */
struct PaddedBatch {
    torch::Tensor ids;   ///< [n, T] int64, right-padded with pad_token_id
    torch::Tensor mask;  ///< [n, T] int64, 1 for every id the tokenizer produced, 0 for padding
};

/**
 * Pads sequences [begin, end) of `seqs` to their longest length (no sequence may be empty).
 * The mask comes from the lengths, never from the ids: a literal <pad> in a text is attended.
 */
PaddedBatch pad_batch(const std::vector<std::vector<int32_t>>& seqs, std::size_t begin, std::size_t end,
                      int64_t pad_id);

/** sentence_transformers.models.Dense as a module: `linear` (weight [out, in], bias [out]) + act. */
class DenseHeadImpl : public torch::nn::Module {
public:
    explicit DenseHeadImpl(const DenseSpec& spec);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear linear{nullptr};
    bool tanh = false;
};
TORCH_MODULE(DenseHead);

/**
 * XLM-R + mean pooling + routes. Parameters are registered as "transformer.<hf name>" and
 * "dense.<i>.linear.{weight,bias}" (i = position of the folder in layout.dense).
 */
class SentenceModelImpl : public torch::nn::Module {
public:
    SentenceModelImpl(const XlmrConfig& config, Layout layout);

    /**
     * Embeds a padded batch through `route`: mean over the tokens where mask = 1 (sum / max(count,
     * 1e-9), sentence-transformers' Pooling), then the route's Dense/Normalize chain ("none" = the
     * pooled vector). Returns [n, dim(route)] in the model's dtype. Throws InputError for an
     * unknown route.
     */
    torch::Tensor embed(const PaddedBatch& batch, const std::string& route);

    /** The Dense module of a layout folder. */
    DenseHead dense_at(const std::string& folder) const;

    /** Resolves "" to the default route; throws InputError for an unknown route. */
    std::string resolve_route(const std::string& route) const;

    XlmrModel transformer{nullptr};
    Layout layout;

private:
    std::map<std::string, DenseHead> dense_;
};
TORCH_MODULE(SentenceModel);

/** True if a parameter name gets no weight decay (biases and LayerNorm weights, as transformers' Trainer). */
bool is_no_decay_parameter(const std::string& name);

}  // namespace jobbert::train
