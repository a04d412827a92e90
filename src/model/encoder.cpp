#include "model/encoder.h"

#include <algorithm>

#include "kernels/kernels.h"

namespace jobbert::model {

std::vector<int32_t> position_ids(std::span<const int32_t> ids, std::span<const std::size_t> offsets, int32_t pad) {
    std::vector<int32_t> pos(ids.size());
    for (std::size_t s = 0; s + 1 < offsets.size(); ++s) {
        int32_t count = 0;
        for (std::size_t t = offsets[s]; t < offsets[s + 1]; ++t) {
            if (ids[t] != pad) ++count;
            pos[t] = ids[t] != pad ? pad + count : pad;
        }
    }
    return pos;
}

namespace {

// x[T, H] = LN(word[id] + position[pos] + token_type[0]).
void embed(const HParams& hp, const EncoderWeights& w, std::span<const int32_t> ids,
           std::span<const std::size_t> offsets, float* x) {
    const std::size_t H = hp.hidden_size;
    const std::vector<int32_t> pos = position_ids(ids, offsets, hp.pad_token_id);
    for (std::size_t t = 0; t < ids.size(); ++t) {
        const float* we = w.word.data + static_cast<std::size_t>(ids[t]) * H;
        const float* pe = w.position.data + static_cast<std::size_t>(pos[t]) * H;
        const float* te = w.token_type.data;
        float* xt = x + t * H;
        for (std::size_t j = 0; j < H; ++j) xt[j] = we[j] + pe[j] + te[j];
    }
    kernels::add_layer_norm(x, nullptr, ids.size(), H, w.emb_ln_g.data, w.emb_ln_b.data, hp.layer_norm_eps);
}

// One post-LayerNorm transformer block, in place on s.x; on entry and exit s.x_in holds s.x in the
// GEMMs' input form.
void layer_forward(const HParams& hp, const LayerWeights& l, std::span<const std::size_t> offsets, std::size_t T,
                   Scratch& s) {
    const std::size_t H = hp.hidden_size;
    const float eps = hp.layer_norm_eps;
    // Self-attention: fused QKV product, attention within each sequence, output projection.
    l.qkv.forward(s.x_in, s.qkv.data(), s.ws);  // [T, 3H]
    kernels::attention(s.qkv.data(), s.qkv.data() + H, s.qkv.data() + 2 * H, 3 * H, offsets.data(),
                       offsets.size() - 1, H, hp.num_heads, s.attn.data());
    s.attn_in.set(s.attn.data(), T, H);
    l.attn_out.forward(s.attn_in, s.tmp.data(), s.ws);
    kernels::add_layer_norm(s.tmp.data(), s.x.data(), T, H, l.ln1_g.data, l.ln1_b.data, eps);
    std::swap(s.x, s.tmp);
    s.x_in.set(s.x.data(), T, H);
    // Feed-forward: H -> F (exact GELU) -> H.
    l.ffn_in.forward_gelu(s.x_in, s.ffn, s.ws);  // [T, F]
    l.ffn_out.forward(s.ffn, s.tmp.data(), s.ws);
    kernels::add_layer_norm(s.tmp.data(), s.x.data(), T, H, l.ln2_g.data, l.ln2_b.data, eps);
    std::swap(s.x, s.tmp);
    s.x_in.set(s.x.data(), T, H);
}

}  // namespace

Scratch& thread_scratch(kernels::GemmType t) {
    thread_local Scratch f32(kernels::GemmType::f32), bf16(kernels::GemmType::bf16), int8(kernels::GemmType::int8);
    return t == kernels::GemmType::f32 ? f32 : t == kernels::GemmType::bf16 ? bf16 : int8;
}

void encoder_forward(const HParams& hp, const EncoderWeights& w, std::span<const int32_t> ids,
                     std::span<const std::size_t> offsets, Scratch& s) {
    const std::size_t T = ids.size(), H = hp.hidden_size;
    for (auto* buf : {&s.x, &s.tmp, &s.attn})
        if (buf->size() < T * H) buf->resize(T * H);
    if (s.qkv.size() < T * 3 * H) s.qkv.resize(T * 3 * H);
    embed(hp, w, ids, offsets, s.x.data());
    s.x_in.set(s.x.data(), T, H);
    for (const LayerWeights& l : w.layers) layer_forward(hp, l, offsets, T, s);
}

}  // namespace jobbert::model
