// Single-threaded row kernels behind kernels.h and gemm.h, in two builds: portable C++
// (vec_generic.cpp) and AVX-512 intrinsics (vec_avx512.cpp, chosen at run time when the CPU has
// AVX512F/BW/DQ/VL). Callers parallelise over rows, sequences or heads; these never spawn
// threads. Each is checked against kernels/reference.h in tests/unit/kernels_test.cpp.
#pragma once

#include <cstddef>
#include <cstdint>

namespace jobbert::kernels {

/** One implementation of every row kernel. All arrays are float32 unless stated. */
struct VecOps {
    const char* name;  ///< "generic" or "avx512"

    /**
     * One row x[H] <- LN(x + residual) * gamma + beta (residual may be null), mean and biased
     * variance over the row (torch.nn.LayerNorm).
     */
    void (*add_layer_norm_row)(float* x, const float* residual, std::size_t H, const float* gamma,
                               const float* beta, float eps);

    /** x[n] <- 0.5 x (1 + erf(x / sqrt(2))), erf within 2e-7 absolute (see vec_avx512.cpp). */
    void (*gelu_erf)(float* x, std::size_t n);

    /**
     * Self-attention of one head of one sequence of L tokens: q, k, v rows t at q + t * ld
     * (dh floats each), out rows at out + t * ld_out; out = softmax(scale * q k^T) v, softmax
     * along keys. tmp must hold (dh + 4) * (L + 16) floats.
     */
    void (*attention_head)(const float* q, const float* k, const float* v, std::size_t ld, std::size_t L,
                           std::size_t dh, float scale, float* out, std::size_t ld_out, float* tmp);

    /** y[n] = bfloat16(x[n]), round to nearest even (bit patterns). */
    void (*to_bf16)(const float* x, uint16_t* y, std::size_t n);

    /**
     * Asymmetric uint8 quantisation of one row x[n]: lo = min(x, 0), hi = max(x, 0),
     * scale = (hi - lo) / 255 (1 when hi == lo), zero = round(-lo / scale),
     * q = clamp(round(x / scale) + zero, 0, 255), rounding to nearest even.
     */
    void (*quantize_u8)(const float* x, std::size_t n, uint8_t* q, float* scale, int32_t* zero);

    /**
     * Symmetric int8 quantisation of one weight row w[n]: scale = max|w| / 127 (1 when all are 0),
     * q = clamp(round(w / scale), -127, 127) rounding to nearest even; *sum = sum of q.
     */
    void (*quantize_s8)(const float* w, std::size_t n, int8_t* q, float* scale, int32_t* sum);

    /**
     * Int8 GEMM epilogue of one row: y[n] = row_scale * col_scale[n] * (acc[n] - row_zero *
     * col_sum[n]) + bias[n] (bias may be null).
     */
    void (*dequantize)(const int32_t* acc, std::size_t n, float row_scale, int32_t row_zero, const float* col_scale,
                       const int32_t* col_sum, const float* bias, float* y);
};

/** The portable implementation (always available). */
const VecOps& generic_ops() noexcept;
/** The AVX-512 implementation, or nullptr when this CPU lacks AVX512F/BW/DQ/VL. */
const VecOps* avx512_ops() noexcept;
/** The best implementation for this CPU (avx512 when available, unless JOBBERT_NO_AVX512 is set). */
const VecOps& ops() noexcept;

}  // namespace jobbert::kernels
