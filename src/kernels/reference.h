// Scalar reference implementations of kernels/kernels.h: same signatures and semantics, the
// plainest loops, double accumulation. Used only by tests to check the fast kernels.
#pragma once

#include <cstddef>
#include <cstdint>

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

/** bfloat16 of each x (bit patterns), round to nearest even; NaN stays a quiet NaN. */
void to_bf16(const float* x, uint16_t* y, std::size_t n);
/** The float32 value of a bfloat16 bit pattern. */
float bf16_to_float(uint16_t b);
/** kernels/vec.h quantize_u8, the documented formula evaluated literally in float. */
void quantize_u8(const float* x, std::size_t n, uint8_t* q, float* scale, int32_t* zero);
/** linear() with x and w rounded to bfloat16 first (PackedLinear bf16), double accumulation. */
void linear_bf16(const float* x, std::size_t M, std::size_t K, const float* w, const float* bias, std::size_t N,
                 float* y);
/**
 * linear() as PackedLinear int8 computes it: w quantised per output channel (symmetric, 127
 * levels each side), x quantised per row (quantize_u8), exact integer dot products, then
 * y = scale_x * scale_w * (acc - zero_x * sum(wq)) + bias in double.
 */
void linear_int8(const float* x, std::size_t M, std::size_t K, const float* w, const float* bias, std::size_t N,
                 float* y);

}  // namespace jobbert::kernels::reference
