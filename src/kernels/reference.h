// Scalar reference implementations of kernels/kernels.h: same signatures and semantics, the
// plainest loops, double accumulation. Used only by tests to check the fast kernels.
#pragma once

#include <cstddef>

namespace jobbert::kernels::reference {

void linear(const float* x, std::size_t M, std::size_t K, const float* w, const float* bias,
            std::size_t N, float* y);
void add_layer_norm(float* x, const float* residual, std::size_t M, std::size_t H, const float* gamma,
                    const float* beta, float eps);
void gelu_erf(float* x, std::size_t n);
void tanh_inplace(float* x, std::size_t n);
void attention(const float* q, const float* k, const float* v, std::size_t ld_qkv, const std::size_t* offsets,
               std::size_t n_seqs, std::size_t H, std::size_t n_heads, float* out);
void mean_pool(const float* x, const std::size_t* offsets, std::size_t n_seqs, std::size_t H, float* out);
void l2_normalize_rows(float* x, std::size_t rows, std::size_t cols);

}  // namespace jobbert::kernels::reference
