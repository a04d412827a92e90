// The XLM-R encoder forward pass over packed sequences (no padding anywhere).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "kernels/gemm.h"
#include "model/hparams.h"
#include "model/weights.h"

namespace jobbert::model {

/**
 * Working memory of the forward pass for one GEMM type. Buffers only grow, so a Scratch reused
 * across batches and calls (thread_scratch) allocates nothing once it has seen the largest batch.
 */
struct Scratch {
    explicit Scratch(kernels::GemmType t) : x_in(t), attn_in(t), ffn(t) {}
    std::vector<float> x;       ///< [T, H] hidden states
    std::vector<float> tmp;     ///< [T, H]
    std::vector<float> qkv;     ///< [T, 3H]
    std::vector<float> attn;    ///< [T, H] attention output
    kernels::GemmInput x_in;    ///< x in the GEMMs' input form (a view for f32)
    kernels::GemmInput attn_in; ///< attn in the GEMMs' input form
    kernels::GemmInput ffn;     ///< [T, F] GELU(intermediate), in the GEMMs' input form
    kernels::GemmWorkspace ws;  ///< oneDNN scratchpad, int32 accumulators
};

/**
 * This thread's Scratch for GEMM type t (one per thread and type, alive until the thread exits):
 * the per-thread arena that makes steady-state encoding allocation-free.
 */
Scratch& thread_scratch(kernels::GemmType t);

/**
 * Position ids as transformers' create_position_ids_from_input_ids, per sequence: a token that
 * is not pad_token_id gets pad_token_id + (number of non-pad tokens up to and including it);
 * a pad token gets pad_token_id. ids/offsets as in encoder_forward; returns [T].
 */
std::vector<int32_t> position_ids(std::span<const int32_t> ids, std::span<const std::size_t> offsets, int32_t pad_token_id);

/**
 * Runs the encoder on n packed sequences: sequence s is ids[offsets[s] .. offsets[s+1]), every
 * token attends to every token of its own sequence only. On return scratch.x holds the last
 * hidden states [T, H], T = offsets[n]. ids must be valid (< vocab_size) and positions must fit
 * the position table (checked by the caller).
 */
void encoder_forward(const HParams& hp, const EncoderWeights& w, std::span<const int32_t> ids,
                     std::span<const std::size_t> offsets, Scratch& scratch);

}  // namespace jobbert::model
