// The XLM-R encoder as LibTorch modules, with transformers' XLMRobertaModel semantics (what
// sentence-transformers trains): post-LayerNorm blocks, exact erf GELU, position ids from the pad
// id, token_type row 0 added to every token, attention only within each sequence (padding keys
// masked with the float minimum, as transformers' extended attention mask), dropout where
// transformers has it (embeddings, attention probabilities, both residual branches).
//
// Module and parameter names mirror transformers' (without the `roberta.` prefix), so
// named_parameters() yields exactly the tensor names of model.safetensors, e.g.
// "embeddings.word_embeddings.weight", "encoder.layer.0.attention.self.query.weight".
#pragma once

#include <torch/torch.h>

#include "model/hparams.h"

namespace jobbert::train {

/** Encoder sizes (from config.json) plus the two dropout probabilities of XLMRobertaConfig. */
struct XlmrConfig {
    model::HParams hp;
    double hidden_dropout = 0.1;     ///< hidden_dropout_prob: embeddings and residual branches
    double attention_dropout = 0.1;  ///< attention_probs_dropout_prob: softmax(QK^T) probabilities
};

/** embeddings.*: LN(word[id] + token_type[0] + position[pos]) then dropout. */
class XlmrEmbeddingsImpl : public torch::nn::Module {
public:
    explicit XlmrEmbeddingsImpl(const XlmrConfig& c);
    /** ids [B, T] int64 -> [B, T, H]. Position ids: cumsum(ids != pad) * (ids != pad) + pad. */
    torch::Tensor forward(const torch::Tensor& ids);

    torch::nn::Embedding word_embeddings{nullptr}, position_embeddings{nullptr}, token_type_embeddings{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};
    torch::nn::Dropout dropout{nullptr};
    int64_t pad_id = 1;
};
TORCH_MODULE(XlmrEmbeddings);

/** encoder.layer.N.attention.self: the query, key and value projections. */
class XlmrSelfAttentionImpl : public torch::nn::Module {
public:
    explicit XlmrSelfAttentionImpl(const XlmrConfig& c);
    /** x [B, T, H], additive key mask [B, 1, 1, T] -> context [B, T, H]. */
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& key_mask);

    torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};
    torch::nn::Dropout dropout{nullptr};
    int64_t heads = 1;
};
TORCH_MODULE(XlmrSelfAttention);

/** A dense layer followed by dropout, the residual add and LayerNorm (attention.output, output). */
class XlmrResidualImpl : public torch::nn::Module {
public:
    XlmrResidualImpl(int64_t in, int64_t out, const XlmrConfig& c);
    /** LN(dropout(dense(h)) + residual): h [B, T, in], residual [B, T, out] -> [B, T, out]. */
    torch::Tensor forward(const torch::Tensor& h, const torch::Tensor& residual);

    torch::nn::Linear dense{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};
    torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(XlmrResidual);

/** encoder.layer.N.attention: self-attention and its output block. */
class XlmrAttentionImpl : public torch::nn::Module {
public:
    explicit XlmrAttentionImpl(const XlmrConfig& c);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& key_mask);

    XlmrSelfAttention self{nullptr};
    XlmrResidual output{nullptr};
};
TORCH_MODULE(XlmrAttention);

/** encoder.layer.N.intermediate: GELU(dense(x)), exact erf GELU. */
class XlmrIntermediateImpl : public torch::nn::Module {
public:
    explicit XlmrIntermediateImpl(const XlmrConfig& c);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear dense{nullptr};
};
TORCH_MODULE(XlmrIntermediate);

/** encoder.layer.N: attention -> intermediate -> output. */
class XlmrLayerImpl : public torch::nn::Module {
public:
    explicit XlmrLayerImpl(const XlmrConfig& c);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& key_mask);

    XlmrAttention attention{nullptr};
    XlmrIntermediate intermediate{nullptr};
    XlmrResidual output{nullptr};
};
TORCH_MODULE(XlmrLayer);

/** encoder: the stack of layers, registered as "layer" (names encoder.layer.N.*). */
class XlmrStackImpl : public torch::nn::Module {
public:
    explicit XlmrStackImpl(const XlmrConfig& c);
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& key_mask);

    torch::nn::ModuleList layer{nullptr};
};
TORCH_MODULE(XlmrStack);

/** The whole encoder (XLMRobertaModel without the unused pooler). */
class XlmrModelImpl : public torch::nn::Module {
public:
    explicit XlmrModelImpl(const XlmrConfig& c);
    /**
     * ids [B, T] int64 padded on the right; mask [B, T] (1 = a token the tokenizer produced,
     * 0 = padding added for batching; never derived from the ids). Returns the last hidden
     * states [B, T, H] (rows at padding are computed but meaningless).
     */
    torch::Tensor forward(const torch::Tensor& ids, const torch::Tensor& mask);

    /** transformers' _init_weights: N(0, 0.02) linears and embeddings, zero biases, unit LNs, zero pad rows. */
    void init_weights(double initializer_range = 0.02);

    XlmrEmbeddings embeddings{nullptr};
    XlmrStack encoder{nullptr};
    XlmrConfig config;
};
TORCH_MODULE(XlmrModel);

}  // namespace jobbert::train
