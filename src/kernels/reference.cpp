#include "kernels/reference.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace jobbert::kernels::reference {

void linear(const float* x, std::size_t M, std::size_t K, const float* w, const float* bias, std::size_t N,
            float* y) {
    for (std::size_t i = 0; i < M; ++i)
        for (std::size_t j = 0; j < N; ++j) {
            double acc = bias ? bias[j] : 0.0;
            for (std::size_t k = 0; k < K; ++k) acc += double(x[i * K + k]) * w[j * K + k];
            y[i * N + j] = float(acc);
        }
}

void add_layer_norm(float* x, const float* residual, std::size_t M, std::size_t H, const float* gamma,
                    const float* beta, float eps) {
    for (std::size_t i = 0; i < M; ++i) {
        float* r = x + i * H;
        if (residual)
            for (std::size_t j = 0; j < H; ++j) r[j] += residual[i * H + j];
        double mean = 0, var = 0;
        for (std::size_t j = 0; j < H; ++j) mean += r[j];
        mean /= double(H);
        for (std::size_t j = 0; j < H; ++j) var += (r[j] - mean) * (r[j] - mean);
        var /= double(H);
        const double inv = 1.0 / std::sqrt(var + eps);
        for (std::size_t j = 0; j < H; ++j) r[j] = float((r[j] - mean) * inv * gamma[j] + beta[j]);
    }
}

void gelu_erf(float* x, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) x[i] = float(0.5 * x[i] * (1.0 + std::erf(x[i] / std::sqrt(2.0))));
}

void tanh_inplace(float* x, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) x[i] = float(std::tanh(double(x[i])));
}

void attention(const float* q, const float* k, const float* v, std::size_t ld, const std::size_t* offsets,
               std::size_t n_seqs, std::size_t H, std::size_t n_heads, float* out) {
    const std::size_t dh = H / n_heads;
    const double scale = 1.0 / std::sqrt(double(dh));
    for (std::size_t s = 0; s < n_seqs; ++s) {
        const std::size_t b = offsets[s], L = offsets[s + 1] - b;
        for (std::size_t h = 0; h < n_heads; ++h) {
            for (std::size_t i = 0; i < L; ++i) {
                std::vector<double> p(L);
                double mx = -INFINITY, sum = 0;
                for (std::size_t j = 0; j < L; ++j) {
                    double d = 0;
                    for (std::size_t c = 0; c < dh; ++c)
                        d += double(q[(b + i) * ld + h * dh + c]) * k[(b + j) * ld + h * dh + c];
                    p[j] = d * scale;
                    mx = std::max(mx, p[j]);
                }
                for (auto& e : p) sum += (e = std::exp(e - mx));
                for (std::size_t c = 0; c < dh; ++c) {
                    double acc = 0;
                    for (std::size_t j = 0; j < L; ++j) acc += p[j] / sum * v[(b + j) * ld + h * dh + c];
                    out[(b + i) * H + h * dh + c] = float(acc);
                }
            }
        }
    }
}

void mean_pool(const float* x, const std::size_t* offsets, std::size_t n_seqs, std::size_t H, float* out) {
    for (std::size_t s = 0; s < n_seqs; ++s)
        for (std::size_t j = 0; j < H; ++j) {
            double acc = 0;
            for (std::size_t t = offsets[s]; t < offsets[s + 1]; ++t) acc += x[t * H + j];
            out[s * H + j] = float(acc / double(offsets[s + 1] - offsets[s]));
        }
}

void l2_normalize_rows(float* x, std::size_t rows, std::size_t cols) {
    for (std::size_t i = 0; i < rows; ++i) {
        double ss = 0;
        for (std::size_t j = 0; j < cols; ++j) ss += double(x[i * cols + j]) * x[i * cols + j];
        const double n = std::max(std::sqrt(ss), 1e-12);
        for (std::size_t j = 0; j < cols; ++j) x[i * cols + j] = float(x[i * cols + j] / n);
    }
}

void to_bf16(const float* x, uint16_t* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(x[i])) {
            uint32_t bits;
            std::memcpy(&bits, &x[i], 4);
            y[i] = uint16_t((bits >> 16) | 0x40u);
            continue;
        }
        // The nearer of the two bfloat16 magnitudes around |x|, ties to the even one; the pattern
        // past the largest finite one (infinity) counts as 2^128, as in IEEE rounding.
        uint32_t bits;
        std::memcpy(&bits, &x[i], 4);
        const uint32_t down = bits & 0xffff0000u, up = down + 0x10000u;
        if (std::isinf(x[i])) {
            y[i] = uint16_t(bits >> 16);
            continue;
        }
        auto magnitude = [](uint32_t b) {
            if ((b & 0x7fffffffu) == 0x7f800000u) return std::ldexp(1.0, 128);
            float f;
            std::memcpy(&f, &b, 4);
            return std::abs(double(f));
        };
        const double ax = std::abs(double(x[i])), dd = ax - magnitude(down), du = magnitude(up) - ax;
        const bool take_up = du < dd || (du == dd && ((down >> 16) & 1u));
        y[i] = uint16_t((take_up ? up : down) >> 16);
    }
}

float bf16_to_float(uint16_t b) {
    const uint32_t bits = uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
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
    for (std::size_t i = 0; i < n; ++i) q[i] = uint8_t(std::clamp(std::nearbyint(x[i] * inv) + z, 0.0f, 255.0f));
    *scale = s;
    *zero = int32_t(z);
}

void linear_bf16(const float* x, std::size_t M, std::size_t K, const float* w, const float* bias, std::size_t N,
                 float* y) {
    std::vector<uint16_t> xb(M * K), wb(N * K);
    to_bf16(x, xb.data(), M * K);
    to_bf16(w, wb.data(), N * K);
    std::vector<float> xr(M * K), wr(N * K);
    for (std::size_t i = 0; i < M * K; ++i) xr[i] = bf16_to_float(xb[i]);
    for (std::size_t i = 0; i < N * K; ++i) wr[i] = bf16_to_float(wb[i]);
    linear(xr.data(), M, K, wr.data(), bias, N, y);
}

void linear_int8(const float* x, std::size_t M, std::size_t K, const float* w, const float* bias, std::size_t N,
                 float* y) {
    std::vector<int32_t> wq(N * K), wsum(N);
    std::vector<double> wscale(N);
    for (std::size_t n = 0; n < N; ++n) {
        float mx = 0;
        for (std::size_t k = 0; k < K; ++k) mx = std::max(mx, std::abs(w[n * K + k]));
        const float s = mx > 0 ? mx / 127.0f : 1.0f;  // as vec.h quantize_s8
        wscale[n] = s;
        for (std::size_t k = 0; k < K; ++k) {
            wq[n * K + k] = int32_t(std::clamp(std::nearbyint(w[n * K + k] / s), -127.0f, 127.0f));
            wsum[n] += wq[n * K + k];
        }
    }
    std::vector<uint8_t> xq(K);
    for (std::size_t m = 0; m < M; ++m) {
        float xs;
        int32_t xz;
        quantize_u8(x + m * K, K, xq.data(), &xs, &xz);
        for (std::size_t n = 0; n < N; ++n) {
            int64_t acc = 0;
            for (std::size_t k = 0; k < K; ++k) acc += int64_t(xq[k]) * wq[n * K + k];
            y[m * N + n] = float(double(xs) * wscale[n] * double(acc - int64_t(xz) * wsum[n]) + (bias ? bias[n] : 0.0));
        }
    }
}

}  // namespace jobbert::kernels::reference
