// Compute kernels: the narrow interface the encoder forward pass is written against.
//
// Layering: kernels (this file) -> layers (model/encoder.cpp) -> model (model/model.cpp).
// Every kernel here has a plain scalar twin in kernels/reference.h with the same signature;
// tests/unit/kernels_test.cpp checks each against its reference. All matrices are row-major
// float32; shapes are given as [rows, cols].
#pragma once

#include <cstddef>

namespace jobbert::kernels {

/**
 * Linear layer: y[M, N] = x[M, K] . w[N, K]^T + bias[N] (bias may be null), the layout of
 * torch.nn.Linear weights ([out_features, in_features]). GEMM through oneDNN.
 */
void linear(const float* x, std::size_t M, std::size_t K, const float* w, const float* bias,
            std::size_t N, float* y);

/**
 * Post-LayerNorm with residual, in place: x[M, H] <- LN(x + residual) * gamma + beta, with
 * LN(z) = (z - mean(z)) / sqrt(var(z) + eps) per row, biased variance (torch.nn.LayerNorm).
 * residual may be null (plain LayerNorm).
 */
void add_layer_norm(float* x, const float* residual, std::size_t M, std::size_t H, const float* gamma,
                    const float* beta, float eps);

/** Exact GELU in place: x <- 0.5 x (1 + erf(x / sqrt(2))) (transformers' "gelu"). */
void gelu_erf(float* x, std::size_t n);

/** tanh in place (the Dense heads' activation). */
void tanh_inplace(float* x, std::size_t n);

/**
 * Multi-head self-attention of packed sequences, no mask needed (no padding exists): sequence s
 * occupies rows [offsets[s], offsets[s+1]) of q, k, v and out. q/k/v rows have `ld_qkv` floats
 * between consecutive rows (3H when they are the slices of one fused [T, 3H] QKV product);
 * out is [T, H]. Head h uses columns [h*dh, (h+1)*dh), dh = H / n_heads; per head:
 * out = softmax(q k^T / sqrt(dh)) v, softmax along keys (transformers' XLM-R self-attention).
 */
void attention(const float* q, const float* k, const float* v, std::size_t ld_qkv, const std::size_t* offsets,
               std::size_t n_seqs, std::size_t H, std::size_t n_heads, float* out);

/** Mean pooling: out[s, :] = mean of rows [offsets[s], offsets[s+1]) of x[T, H]. out is [n_seqs, H]. */
void mean_pool(const float* x, const std::size_t* offsets, std::size_t n_seqs, std::size_t H, float* out);

/**
 * Each row of x[rows, cols] divided by max(||row||_2, 1e-12) in place
 * (torch.nn.functional.normalize, as sentence-transformers' Normalize module).
 */
void l2_normalize_rows(float* x, std::size_t rows, std::size_t cols);

}  // namespace jobbert::kernels
