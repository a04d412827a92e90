#include "kernels/reference.h"

#include <algorithm>
#include <cmath>
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

}  // namespace jobbert::kernels::reference
