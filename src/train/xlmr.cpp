#include "train/xlmr.h"

#include <cmath>
#include <limits>

namespace jobbert::train {

namespace {

int64_t i64(std::size_t v) {
    return static_cast<int64_t>(v);
}

torch::nn::LayerNorm layer_norm(const XlmrConfig& c) {
    return torch::nn::LayerNorm(
        torch::nn::LayerNormOptions({i64(c.hp.hidden_size)}).eps(static_cast<double>(c.hp.layer_norm_eps)));
}

}  // namespace

XlmrEmbeddingsImpl::XlmrEmbeddingsImpl(const XlmrConfig& c) : pad_id(c.hp.pad_token_id) {
    const int64_t H = i64(c.hp.hidden_size);
    word_embeddings =
        register_module("word_embeddings",
                        torch::nn::Embedding(torch::nn::EmbeddingOptions(i64(c.hp.vocab_size), H).padding_idx(pad_id)));
    position_embeddings = register_module(
        "position_embeddings",
        torch::nn::Embedding(torch::nn::EmbeddingOptions(i64(c.hp.max_position_embeddings), H).padding_idx(pad_id)));
    token_type_embeddings = register_module(
        "token_type_embeddings", torch::nn::Embedding(torch::nn::EmbeddingOptions(i64(c.hp.type_vocab_size), H)));
    LayerNorm = register_module("LayerNorm", layer_norm(c));
    dropout = register_module("dropout", torch::nn::Dropout(c.hidden_dropout));
}

torch::Tensor XlmrEmbeddingsImpl::forward(const torch::Tensor& ids) {
    // transformers: create_position_ids_from_input_ids (padding_idx = pad_token_id).
    const torch::Tensor real = ids.ne(pad_id).to(torch::kLong);
    const torch::Tensor positions = torch::cumsum(real, 1) * real + pad_id;
    // inputs_embeds + token_type_embeddings(0), then += position_embeddings (transformers' order).
    torch::Tensor x = word_embeddings(ids) + token_type_embeddings->weight[0];
    x = x + position_embeddings(positions);
    return dropout(LayerNorm(x));
}

XlmrSelfAttentionImpl::XlmrSelfAttentionImpl(const XlmrConfig& c) : heads(i64(c.hp.num_heads)) {
    const int64_t H = i64(c.hp.hidden_size);
    query = register_module("query", torch::nn::Linear(H, H));
    key = register_module("key", torch::nn::Linear(H, H));
    value = register_module("value", torch::nn::Linear(H, H));
    dropout = register_module("dropout", torch::nn::Dropout(c.attention_dropout));
}

torch::Tensor XlmrSelfAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& key_mask) {
    const int64_t B = x.size(0), T = x.size(1), H = x.size(2), hd = H / heads;
    auto split = [&](const torch::Tensor& t) { return t.view({B, T, heads, hd}).transpose(1, 2); };  // [B, NH, T, hd]
    const torch::Tensor q = split(query(x)), k = split(key(x)), v = split(value(x));
    torch::Tensor scores = torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(static_cast<double>(hd));
    const torch::Tensor probs = dropout(torch::softmax(scores + key_mask, -1));
    return torch::matmul(probs, v).transpose(1, 2).reshape({B, T, H});
}

XlmrResidualImpl::XlmrResidualImpl(int64_t in, int64_t out, const XlmrConfig& c) {
    dense = register_module("dense", torch::nn::Linear(in, out));
    LayerNorm = register_module("LayerNorm", layer_norm(c));
    dropout = register_module("dropout", torch::nn::Dropout(c.hidden_dropout));
}

torch::Tensor XlmrResidualImpl::forward(const torch::Tensor& h, const torch::Tensor& residual) {
    return LayerNorm(dropout(dense(h)) + residual);
}

XlmrAttentionImpl::XlmrAttentionImpl(const XlmrConfig& c) {
    const int64_t H = i64(c.hp.hidden_size);
    self = register_module("self", XlmrSelfAttention(c));
    output = register_module("output", XlmrResidual(H, H, c));
}

torch::Tensor XlmrAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& key_mask) {
    return output(self(x, key_mask), x);
}

XlmrIntermediateImpl::XlmrIntermediateImpl(const XlmrConfig& c) {
    dense = register_module("dense", torch::nn::Linear(i64(c.hp.hidden_size), i64(c.hp.intermediate_size)));
}

torch::Tensor XlmrIntermediateImpl::forward(const torch::Tensor& x) {
    return torch::gelu(dense(x));
}

XlmrLayerImpl::XlmrLayerImpl(const XlmrConfig& c) {
    attention = register_module("attention", XlmrAttention(c));
    intermediate = register_module("intermediate", XlmrIntermediate(c));
    output = register_module("output", XlmrResidual(i64(c.hp.intermediate_size), i64(c.hp.hidden_size), c));
}

torch::Tensor XlmrLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& key_mask) {
    const torch::Tensor a = attention(x, key_mask);
    return output(intermediate(a), a);
}

XlmrStackImpl::XlmrStackImpl(const XlmrConfig& c) {
    layer = register_module("layer", torch::nn::ModuleList());
    for (std::size_t i = 0; i < c.hp.num_layers; ++i) layer->push_back(XlmrLayer(c));
}

torch::Tensor XlmrStackImpl::forward(torch::Tensor x, const torch::Tensor& key_mask) {
    for (const auto& l : *layer) x = l->as<XlmrLayer>()->forward(x, key_mask);
    return x;
}

XlmrModelImpl::XlmrModelImpl(const XlmrConfig& c) : config(c) {
    embeddings = register_module("embeddings", XlmrEmbeddings(c));
    encoder = register_module("encoder", XlmrStack(c));
}

torch::Tensor XlmrModelImpl::forward(const torch::Tensor& ids, const torch::Tensor& mask) {
    // transformers' extended attention mask: 0 for tokens, the dtype's minimum for padding keys.
    const torch::Tensor x = embeddings(ids);
    const double lowest = x.scalar_type() == torch::kDouble ? std::numeric_limits<double>::lowest()
                                                            : static_cast<double>(std::numeric_limits<float>::lowest());
    const torch::Tensor key_mask = (1.0 - mask.to(x.scalar_type())).mul(lowest).unsqueeze(1).unsqueeze(1);
    return encoder(x, key_mask);
}

void XlmrModelImpl::init_weights(double initializer_range) {
    torch::NoGradGuard no_grad;
    for (auto& m : modules(/*include_self=*/false)) {
        if (auto* lin = m->as<torch::nn::Linear>()) {
            lin->weight.normal_(0.0, initializer_range);
            if (lin->bias.defined()) lin->bias.zero_();
        } else if (auto* emb = m->as<torch::nn::Embedding>()) {
            emb->weight.normal_(0.0, initializer_range);
            if (emb->options.padding_idx()) emb->weight[*emb->options.padding_idx()].zero_();
        } else if (auto* ln = m->as<torch::nn::LayerNorm>()) {
            ln->weight.fill_(1.0);
            ln->bias.zero_();
        }
    }
}

}  // namespace jobbert::train
