// Portable row kernels (kernels/vec.h): plain loops the compiler may vectorise for any target.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/vec.h"

namespace jobbert::kernels {

namespace {

void add_layer_norm_row(float* x, const float* residual, std::size_t H, const float* gamma, const float* beta,
                        float eps) {
    if (residual)
        for (std::size_t j = 0; j < H; ++j) x[j] += residual[j];
    float mean = 0.0f;
    for (std::size_t j = 0; j < H; ++j) mean += x[j];
    mean /= static_cast<float>(H);
    float var = 0.0f;
    for (std::size_t j = 0; j < H; ++j) var += (x[j] - mean) * (x[j] - mean);
    var /= static_cast<float>(H);
    const float inv = 1.0f / std::sqrt(var + eps);
    for (std::size_t j = 0; j < H; ++j) x[j] = (x[j] - mean) * inv * gamma[j] + beta[j];
}

void gelu_erf(float* x, std::size_t n) {
    constexpr float kInvSqrt2 = 0.70710678118654752440f;
    for (std::size_t i = 0; i < n; ++i) x[i] = 0.5f * x[i] * (1.0f + std::erf(x[i] * kInvSqrt2));
}

void attention_head(const float* q, const float* k, const float* v, std::size_t ld, std::size_t L, std::size_t dh,
                    float scale, float* out, std::size_t ld_out, float* p) {
    for (std::size_t i = 0; i < L; ++i) {
        const float* qi = q + i * ld;
        float mx = -INFINITY;
        for (std::size_t j = 0; j < L; ++j) {
            const float* kj = k + j * ld;
            float d = 0.0f;
            for (std::size_t c = 0; c < dh; ++c) d += qi[c] * kj[c];
            p[j] = d * scale;
            mx = std::max(mx, p[j]);
        }
        float sum = 0.0f;
        for (std::size_t j = 0; j < L; ++j) sum += (p[j] = std::exp(p[j] - mx));
        const float inv = 1.0f / sum;
        float* o = out + i * ld_out;
        std::fill(o, o + dh, 0.0f);
        for (std::size_t j = 0; j < L; ++j) {
            const float* vj = v + j * ld;
            const float pj = p[j] * inv;
            for (std::size_t c = 0; c < dh; ++c) o[c] += pj * vj[c];
        }
    }
}

void to_bf16(const float* x, uint16_t* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        uint32_t bits;
        std::memcpy(&bits, &x[i], sizeof bits);
        if ((bits & 0x7fffffffu) > 0x7f800000u) {  // NaN: keep it a quiet NaN
            y[i] = static_cast<uint16_t>((bits >> 16) | 0x40u);
            continue;
        }
        bits += 0x7fffu + ((bits >> 16) & 1u);  // round to nearest, ties to even
        y[i] = static_cast<uint16_t>(bits >> 16);
    }
}

void quantize_u8(const float* x, std::size_t n, uint8_t* q, float* scale, int32_t* zero) {
    float lo = 0.0f, hi = 0.0f;
    for (std::size_t i = 0; i < n; ++i) {
        lo = std::min(lo, x[i]);
        hi = std::max(hi, x[i]);
    }
    const float s = hi > lo ? (hi - lo) / 255.0f : 1.0f;
    const float inv = 1.0f / s;
    const float z = std::nearbyint(-lo * inv);
    for (std::size_t i = 0; i < n; ++i)
        q[i] = static_cast<uint8_t>(std::clamp(std::nearbyint(x[i] * inv) + z, 0.0f, 255.0f));
    *scale = s;
    *zero = static_cast<int32_t>(z);
}

void quantize_s8(const float* w, std::size_t n, int8_t* q, float* scale, int32_t* sum) {
    float mx = 0.0f;
    for (std::size_t i = 0; i < n; ++i) mx = std::max(mx, std::abs(w[i]));
    const float s = mx > 0.0f ? mx / 127.0f : 1.0f;
    int32_t total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        q[i] = static_cast<int8_t>(std::clamp(std::nearbyint(w[i] / s), -127.0f, 127.0f));
        total += q[i];
    }
    *scale = s;
    *sum = total;
}

void dequantize(const int32_t* acc, std::size_t n, float row_scale, int32_t row_zero, const float* col_scale,
                const int32_t* col_sum, const float* bias, float* y) {
    for (std::size_t i = 0; i < n; ++i) {
        const float v = static_cast<float>(acc[i] - row_zero * col_sum[i]) * (row_scale * col_scale[i]);
        y[i] = bias ? v + bias[i] : v;
    }
}

}  // namespace

const VecOps& generic_ops() noexcept {
    static const VecOps ops{"generic",   add_layer_norm_row, gelu_erf,   attention_head,
                            to_bf16,     quantize_u8,        quantize_s8, dequantize};
    return ops;
}

}  // namespace jobbert::kernels
