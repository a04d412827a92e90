// CPU kernels: oneDNN GEMM, OpenMP-parallel loops for the rest.
#include <dnnl.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/kernels.h"

namespace jobbert::kernels {

namespace {
// Parallelise a loop only when it has enough work to pay for waking the threads.
constexpr std::size_t kParallelThreshold = 1 << 14;

// oneDNN's sgemm takes a different code path (other summation order) below 16 rows; from 16 rows
// on, row i of the result is bitwise the same whatever M is. Smaller products are padded to 16
// rows so that a text's vector never depends on what it was batched with.
constexpr std::size_t kMinGemmRows = 16;

void sgemm_bias(const float* x, std::size_t M, std::size_t K, const float* w, const float* bias, std::size_t N,
                float* y);
}  // namespace

void linear(const float* x, std::size_t M, std::size_t K, const float* w, const float* bias, std::size_t N,
            float* y) {
    if (M == 0) return;
    if (M >= kMinGemmRows) return sgemm_bias(x, M, K, w, bias, N, y);
    thread_local std::vector<float> xp, yp;
    xp.assign(kMinGemmRows * K, 0.0f);
    yp.resize(kMinGemmRows * N);
    std::copy_n(x, M * K, xp.data());
    sgemm_bias(xp.data(), kMinGemmRows, K, w, bias, N, yp.data());
    std::copy_n(yp.data(), M * N, y);
}

namespace {
void sgemm_bias(const float* x, std::size_t M, std::size_t K, const float* w, const float* bias, std::size_t N,
                float* y) {
    float beta = 0.0f;
    if (bias) {
        for (std::size_t i = 0; i < M; ++i) std::copy(bias, bias + N, y + i * N);
        beta = 1.0f;
    }
    const auto m = static_cast<dnnl_dim_t>(M), n = static_cast<dnnl_dim_t>(N), k = static_cast<dnnl_dim_t>(K);
    // Row-major y = x . w^T  <=>  oneDNN's row-major sgemm with transb = 'T'.
    const dnnl_status_t st = dnnl_sgemm('N', 'T', m, n, k, 1.0f, x, k, w, k, beta, y, n);
    if (st != dnnl_success) throw std::runtime_error("oneDNN sgemm failed with status " + std::to_string(st));
}
}  // namespace

void add_layer_norm(float* x, const float* residual, std::size_t M, std::size_t H, const float* gamma,
                    const float* beta, float eps) {
#pragma omp parallel for schedule(static) if (M * H >= kParallelThreshold)
    for (std::size_t i = 0; i < M; ++i) {
        float* r = x + i * H;
        if (residual) {
            const float* res = residual + i * H;
            for (std::size_t j = 0; j < H; ++j) r[j] += res[j];
        }
        float mean = 0.0f;
        for (std::size_t j = 0; j < H; ++j) mean += r[j];
        mean /= static_cast<float>(H);
        float var = 0.0f;
        for (std::size_t j = 0; j < H; ++j) var += (r[j] - mean) * (r[j] - mean);
        var /= static_cast<float>(H);
        const float inv = 1.0f / std::sqrt(var + eps);
        for (std::size_t j = 0; j < H; ++j) r[j] = (r[j] - mean) * inv * gamma[j] + beta[j];
    }
}

void gelu_erf(float* x, std::size_t n) {
    constexpr float kInvSqrt2 = 0.70710678118654752440f;
#pragma omp parallel for schedule(static) if (n >= kParallelThreshold)
    for (std::size_t i = 0; i < n; ++i) x[i] = 0.5f * x[i] * (1.0f + std::erf(x[i] * kInvSqrt2));
}

void tanh_inplace(float* x, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) x[i] = std::tanh(x[i]);
}

void attention(const float* q, const float* k, const float* v, std::size_t ld, const std::size_t* offsets,
               std::size_t n_seqs, std::size_t H, std::size_t n_heads, float* out) {
    const std::size_t dh = H / n_heads;
    const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
    const auto jobs = static_cast<long>(n_seqs * n_heads);
    std::size_t max_len = 0, total = offsets[n_seqs] - offsets[0];
    for (std::size_t s = 0; s < n_seqs; ++s) max_len = std::max(max_len, offsets[s + 1] - offsets[s]);
#pragma omp parallel if (total * H >= kParallelThreshold)
    {
        std::vector<float> p(max_len);
#pragma omp for schedule(dynamic, 1)
        for (long job = 0; job < jobs; ++job) {
            const std::size_t s = static_cast<std::size_t>(job) / n_heads, h = static_cast<std::size_t>(job) % n_heads;
            const std::size_t b = offsets[s], L = offsets[s + 1] - b;
            for (std::size_t i = 0; i < L; ++i) {
                const float* qi = q + (b + i) * ld + h * dh;
                float mx = -INFINITY;
                for (std::size_t j = 0; j < L; ++j) {
                    const float* kj = k + (b + j) * ld + h * dh;
                    float d = 0.0f;
                    for (std::size_t c = 0; c < dh; ++c) d += qi[c] * kj[c];
                    p[j] = d * scale;
                    mx = std::max(mx, p[j]);
                }
                float sum = 0.0f;
                for (std::size_t j = 0; j < L; ++j) sum += (p[j] = std::exp(p[j] - mx));
                const float inv = 1.0f / sum;
                float* o = out + (b + i) * H + h * dh;
                std::fill(o, o + dh, 0.0f);
                for (std::size_t j = 0; j < L; ++j) {
                    const float* vj = v + (b + j) * ld + h * dh;
                    const float pj = p[j] * inv;
                    for (std::size_t c = 0; c < dh; ++c) o[c] += pj * vj[c];
                }
            }
        }
    }
}

void mean_pool(const float* x, const std::size_t* offsets, std::size_t n_seqs, std::size_t H, float* out) {
    for (std::size_t s = 0; s < n_seqs; ++s) {
        float* o = out + s * H;
        std::fill(o, o + H, 0.0f);
        for (std::size_t t = offsets[s]; t < offsets[s + 1]; ++t)
            for (std::size_t j = 0; j < H; ++j) o[j] += x[t * H + j];
        const float inv = 1.0f / static_cast<float>(offsets[s + 1] - offsets[s]);
        for (std::size_t j = 0; j < H; ++j) o[j] *= inv;
    }
}

void l2_normalize_rows(float* x, std::size_t rows, std::size_t cols) {
    for (std::size_t i = 0; i < rows; ++i) {
        float* r = x + i * cols;
        double ss = 0.0;
        for (std::size_t j = 0; j < cols; ++j) ss += double(r[j]) * r[j];
        const auto norm = static_cast<float>(std::max(std::sqrt(ss), 1e-12));
        for (std::size_t j = 0; j < cols; ++j) r[j] /= norm;
    }
}

}  // namespace jobbert::kernels
