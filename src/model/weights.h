// The encoder's weight table: every expected tensor by name and shape, loaded from
// model.safetensors. Embeddings and LayerNorm parameters stay float32 (zero-copy views into the
// mapping where possible); the four linear layers of each block are packed at load for the
// chosen GEMM type (kernels/gemm.h), after which their pages of the mapping are released.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "io/safetensors.h"
#include "kernels/gemm.h"
#include "model/hparams.h"

namespace jobbert::model {

/** A float32 tensor: a view (`data`) kept alive by `owner` (an owned buffer or the file mapping). */
struct Tensor {
    std::vector<std::size_t> shape;
    const float* data = nullptr;
    std::shared_ptr<const void> owner;
};

/** One transformer layer (post-LayerNorm XLM-R block). Linear layers map in -> out features. */
struct LayerWeights {
    kernels::PackedLinear qkv;       ///< attention.self.{query,key,value} stacked: H -> 3H
    kernels::PackedLinear attn_out;  ///< attention.output.dense: H -> H
    Tensor ln1_g, ln1_b;             ///< attention.output.LayerNorm: [H], [H]
    kernels::PackedLinear ffn_in;    ///< intermediate.dense: H -> F
    kernels::PackedLinear ffn_out;   ///< output.dense: F -> H
    Tensor ln2_g, ln2_b;             ///< output.LayerNorm: [H], [H]
};

/** All encoder weights. */
struct EncoderWeights {
    Tensor word;       ///< embeddings.word_embeddings.weight [V, H]
    Tensor position;   ///< embeddings.position_embeddings.weight [P, H]
    Tensor token_type; ///< embeddings.token_type_embeddings.weight [type_vocab, H] (row 0 used)
    Tensor emb_ln_g, emb_ln_b;  ///< embeddings.LayerNorm [H], [H]
    std::vector<LayerWeights> layers;
    std::string dtype;          ///< dtype stored in the file ("F32", "F16", "BF16")
    std::size_t tensor_count = 0;  ///< tensors in the file, used or not
    kernels::GemmType gemm_type = kernels::GemmType::f32;  ///< number format of the packed layers
    std::size_t packed_bytes = 0;  ///< bytes held by the packed linear layers
};

/** One entry of the expected-tensor table. */
struct TensorSpec {
    std::string name;
    std::vector<std::size_t> shape;
};

/** The tensors an XLM-R encoder with these hyper-parameters must have, names without prefix. */
std::vector<TensorSpec> expected_tensors(const HParams& hp);

/**
 * Loads and checks every tensor of expected_tensors(hp) from `file` (an optional "roberta."
 * prefix on all names is accepted) and packs the linear layers for `gemm` (int8: quantised per
 * output channel). Unused tensors (e.g. pooler.dense.*) are tolerated and listed at debug level.
 * Throws ModelError("<file>: tensor X: expected [768, 768], got [...]"),
 * ModelError("<file>: missing tensor X"), ModelError("<file>: tensors mix dtypes ..."), or
 * ModelError naming the layer when this CPU cannot run the GEMM type.
 */
EncoderWeights load_encoder_weights(const io::SafeTensors& file, const HParams& hp,
                                    kernels::GemmType gemm = kernels::GemmType::f32);

/** "[768, 768]" */
std::string shape_string(const std::vector<std::size_t>& shape);

}  // namespace jobbert::model
