// CPU kernels (kernels.h): oneDNN sgemm for linear(), OpenMP loops over the row kernels of vec.h
// (AVX-512 when the CPU has it) for the rest.
#include <dnnl.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/kernels.h"
#include "kernels/parallel.h"
#include "kernels/vec.h"

namespace jobbert::kernels {

const VecOps& ops() noexcept {
    static const VecOps& chosen = []() -> const VecOps& {
        const char* off = std::getenv("JOBBERT_NO_AVX512");
        const VecOps* fast = avx512_ops();
        return fast && !(off && *off && *off != '0') ? *fast : generic_ops();
    }();
    return chosen;
}

namespace {

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
    const VecOps& v = ops();
    parallel_rows(M, H, [&](std::size_t i) {
        v.add_layer_norm_row(x + i * H, residual ? residual + i * H : nullptr, H, gamma, beta, eps);
    });
}

void gelu_erf(float* x, std::size_t n) {
    constexpr std::size_t kChunk = 4096;
    const VecOps& v = ops();
    parallel_rows((n + kChunk - 1) / kChunk, kChunk,
                  [&](std::size_t c) { v.gelu_erf(x + c * kChunk, std::min(kChunk, n - c * kChunk)); });
}

void tanh_inplace(float* x, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) x[i] = std::tanh(x[i]);
}

void attention(const float* q, const float* k, const float* v, std::size_t ld, const std::size_t* offsets,
               std::size_t n_seqs, std::size_t H, std::size_t n_heads, float* out) {
    const std::size_t dh = H / n_heads;
    const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
    const auto jobs = static_cast<long>(n_seqs * n_heads);
    std::size_t max_len = 0, work = 0;
    for (std::size_t s = 0; s < n_seqs; ++s) {
        const std::size_t L = offsets[s + 1] - offsets[s];
        max_len = std::max(max_len, L);
        work += L * L * H;
    }
    const VecOps& ops_ = ops();
#pragma omp parallel for schedule(dynamic, 1) if (work >= 4 * kParallelMinWork)
    for (long job = 0; job < jobs; ++job) {
        thread_local std::vector<float> tmp;  // grows to the longest sequence seen, then stays
        if (tmp.size() < (dh + 4) * (max_len + 16)) tmp.resize((dh + 4) * (max_len + 16));
        const std::size_t s = static_cast<std::size_t>(job) / n_heads, h = static_cast<std::size_t>(job) % n_heads;
        const std::size_t b = offsets[s], c = h * dh;
        ops_.attention_head(q + b * ld + c, k + b * ld + c, v + b * ld + c, ld, offsets[s + 1] - b, dh, scale,
                            out + b * H + c, H, tmp.data());
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
