// AVX-512 row kernels (kernels/vec.h). Every function carries its own target attribute, so this
// file builds with the project's baseline flags and runs only after avx512_ops() has checked the
// CPU. Tails are handled with masked loads and stores, so any row length works.
//
// exp: x = n ln2 + r, |r| <= ln2 / 2, e^r by its Taylor polynomial to degree 7 (truncation
//      error < 6e-9 relative), times 2^n with vscalefps.
// erf: erfc(z) = t exp(-z^2 - 1.26551223 + t P9(t)), t = 1 / (1 + z / 2), z >= 0, fractional
//      error < 1.2e-7 (Press et al., Numerical Recipes in C, 2nd ed., sec. 6.2, "erfcc");
//      GELU(x) = x - x Phi(-|x|) for x >= 0 and x Phi(x) for x < 0, Phi(-|x|) = erfc(|x|/sqrt2)/2.
// GCC 12's AVX-512 headers build masked intrinsics on _mm512_undefined_*(), which its own
// -Wuninitialized flags once inlined (GCC bug 105593): silence that one warning in this file.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "kernels/vec.h"

#define JOBBERT_AVX512 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl")))

namespace jobbert::kernels {

namespace {

// Mask of the first n (< 16) lanes, or all 16.
JOBBERT_AVX512 inline __mmask16 tail_mask(std::size_t n) {
    return n >= 16 ? static_cast<__mmask16>(0xffff) : static_cast<__mmask16>((1u << n) - 1u);
}

JOBBERT_AVX512 inline __m512 exp_ps(__m512 x) {
    x = _mm512_max_ps(_mm512_min_ps(x, _mm512_set1_ps(88.7f)), _mm512_set1_ps(-104.0f));
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693145751953125f), x);  // ln2 split hi + lo
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.42860682030941723212e-6f), r);
    __m512 p = _mm512_set1_ps(1.0f / 5040.0f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 720.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
}

// erfc(z) for z >= 0 (Numerical Recipes' erfcc, see the file comment).
JOBBERT_AVX512 inline __m512 erfc_nonneg_ps(__m512 z) {
    const __m512 t = _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_fmadd_ps(z, _mm512_set1_ps(0.5f), _mm512_set1_ps(1.0f)));
    __m512 p = _mm512_set1_ps(0.17087277f);
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-0.82215223f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(1.48851587f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-1.13520398f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.27886807f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-0.18628806f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.09678418f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.37409196f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(1.00002368f));
    p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-1.26551223f));
    p = _mm512_fnmadd_ps(z, z, p);  // -z^2 + ...
    return _mm512_mul_ps(t, exp_ps(p));
}

JOBBERT_AVX512 inline __m512 gelu_ps(__m512 x) {
    const __m512 ax = _mm512_abs_ps(x);
    // h = Phi(-|x|) = erfc(|x| / sqrt 2) / 2
    const __m512 h = _mm512_mul_ps(_mm512_set1_ps(0.5f), erfc_nonneg_ps(_mm512_mul_ps(ax, _mm512_set1_ps(0.70710678118654752f))));
    const __mmask16 neg = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ);
    const __m512 pos_val = _mm512_fnmadd_ps(x, h, x);  // x - x h
    return _mm512_mask_mul_ps(pos_val, neg, x, h);    // x h where x < 0
}

JOBBERT_AVX512 void add_layer_norm_row(float* x, const float* residual, std::size_t H, const float* gamma,
                                       const float* beta, float eps) {
    __m512 sum = _mm512_setzero_ps();
    for (std::size_t j = 0; j < H; j += 16) {
        const __mmask16 m = tail_mask(H - j);
        __m512 v = _mm512_maskz_loadu_ps(m, x + j);
        if (residual) {
            v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, residual + j));
            _mm512_mask_storeu_ps(x + j, m, v);
        }
        sum = _mm512_add_ps(sum, v);
    }
    const float mean = _mm512_reduce_add_ps(sum) / static_cast<float>(H);
    const __m512 vmean = _mm512_set1_ps(mean);
    __m512 sq = _mm512_setzero_ps();
    for (std::size_t j = 0; j < H; j += 16) {
        const __mmask16 m = tail_mask(H - j);
        const __m512 d = _mm512_maskz_sub_ps(m, _mm512_maskz_loadu_ps(m, x + j), vmean);
        sq = _mm512_fmadd_ps(d, d, sq);
    }
    const float var = _mm512_reduce_add_ps(sq) / static_cast<float>(H);
    const __m512 inv = _mm512_set1_ps(1.0f / std::sqrt(var + eps));
    for (std::size_t j = 0; j < H; j += 16) {
        const __mmask16 m = tail_mask(H - j);
        const __m512 d = _mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, x + j), vmean), inv);
        _mm512_mask_storeu_ps(x + j, m,
                              _mm512_fmadd_ps(d, _mm512_maskz_loadu_ps(m, gamma + j), _mm512_maskz_loadu_ps(m, beta + j)));
    }
}

JOBBERT_AVX512 void gelu_erf(float* x, std::size_t n) {
    for (std::size_t i = 0; i < n; i += 16) {
        const __mmask16 m = tail_mask(n - i);
        _mm512_mask_storeu_ps(x + i, m, gelu_ps(_mm512_maskz_loadu_ps(m, x + i)));
    }
}

// Scores of 4 queries at once, s_r[0, Lp) = scale * q_r . k_j, from kt = K^T [dh, Lp] (Lp = L
// rounded up to 16; lanes past L hold 0): four independent FMA chains share each load of kt.
JOBBERT_AVX512 void scores_4(const float* const q[4], const float* kt, std::size_t Lp, std::size_t dh, float scale,
                             float* s) {
    for (std::size_t jb = 0; jb < Lp; jb += 16) {
        __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        for (std::size_t c = 0; c < dh; ++c) {
            const __m512 k = _mm512_loadu_ps(kt + c * Lp + jb);
            a0 = _mm512_fmadd_ps(_mm512_set1_ps(q[0][c]), k, a0);
            a1 = _mm512_fmadd_ps(_mm512_set1_ps(q[1][c]), k, a1);
            a2 = _mm512_fmadd_ps(_mm512_set1_ps(q[2][c]), k, a2);
            a3 = _mm512_fmadd_ps(_mm512_set1_ps(q[3][c]), k, a3);
        }
        const __m512 vs = _mm512_set1_ps(scale);
        _mm512_storeu_ps(s + jb, _mm512_mul_ps(a0, vs));
        _mm512_storeu_ps(s + Lp + jb, _mm512_mul_ps(a1, vs));
        _mm512_storeu_ps(s + 2 * Lp + jb, _mm512_mul_ps(a2, vs));
        _mm512_storeu_ps(s + 3 * Lp + jb, _mm512_mul_ps(a3, vs));
    }
}

// p[0, L) <- softmax(p[0, L)); p has room for L rounded up to 16.
JOBBERT_AVX512 void softmax_row(float* p, std::size_t L) {
    __m512 mx = _mm512_set1_ps(-INFINITY);
    for (std::size_t j = 0; j < L; j += 16) mx = _mm512_mask_max_ps(mx, tail_mask(L - j), mx, _mm512_loadu_ps(p + j));
    const __m512 vmax = _mm512_set1_ps(_mm512_reduce_max_ps(mx));
    __m512 sum = _mm512_setzero_ps();
    for (std::size_t j = 0; j < L; j += 16) {
        const __mmask16 m = tail_mask(L - j);
        const __m512 e = _mm512_maskz_mov_ps(m, exp_ps(_mm512_sub_ps(_mm512_loadu_ps(p + j), vmax)));
        _mm512_storeu_ps(p + j, e);
        sum = _mm512_add_ps(sum, e);
    }
    const __m512 inv = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(sum));
    for (std::size_t j = 0; j < L; j += 16) _mm512_storeu_ps(p + j, _mm512_mul_ps(_mm512_loadu_ps(p + j), inv));
}

// o[0, dh) = sum_j p[j] v_j: up to 64 output columns per pass, four independent accumulators.
JOBBERT_AVX512 void weighted_sum(const float* p, const float* v, std::size_t ld, std::size_t L, std::size_t dh, float* o) {
    for (std::size_t c0 = 0; c0 < dh; c0 += 64) {
        const __mmask16 m0 = tail_mask(dh - c0), m1 = dh > c0 + 16 ? tail_mask(dh - c0 - 16) : 0,
                        m2 = dh > c0 + 32 ? tail_mask(dh - c0 - 32) : 0, m3 = dh > c0 + 48 ? tail_mask(dh - c0 - 48) : 0;
        __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        for (std::size_t j = 0; j < L; ++j) {
            const __m512 pj = _mm512_set1_ps(p[j]);
            const float* vj = v + j * ld + c0;
            a0 = _mm512_fmadd_ps(pj, _mm512_maskz_loadu_ps(m0, vj), a0);
            a1 = _mm512_fmadd_ps(pj, _mm512_maskz_loadu_ps(m1, vj + 16), a1);
            a2 = _mm512_fmadd_ps(pj, _mm512_maskz_loadu_ps(m2, vj + 32), a2);
            a3 = _mm512_fmadd_ps(pj, _mm512_maskz_loadu_ps(m3, vj + 48), a3);
        }
        _mm512_mask_storeu_ps(o + c0, m0, a0);
        _mm512_mask_storeu_ps(o + c0 + 16, m1, a1);
        _mm512_mask_storeu_ps(o + c0 + 32, m2, a2);
        _mm512_mask_storeu_ps(o + c0 + 48, m3, a3);
    }
}

JOBBERT_AVX512 void attention_head(const float* q, const float* k, const float* v, std::size_t ld, std::size_t L,
                                   std::size_t dh, float scale, float* out, std::size_t ld_out, float* tmp) {
    const std::size_t Lp = (L + 15) / 16 * 16;
    float* kt = tmp;            // [dh, Lp]
    float* s = tmp + dh * Lp;   // [4, Lp]
    for (std::size_t c = 0; c < dh; ++c)
        for (std::size_t j = 0; j < Lp; ++j) kt[c * Lp + j] = j < L ? k[j * ld + c] : 0.0f;
    for (std::size_t i = 0; i < L; i += 4) {
        const std::size_t nq = std::min<std::size_t>(4, L - i);
        const float* rows[4];
        for (std::size_t r = 0; r < 4; ++r) rows[r] = q + (i + (r < nq ? r : 0)) * ld;  // spare lanes repeat row i
        scores_4(rows, kt, Lp, dh, scale, s);
        for (std::size_t r = 0; r < nq; ++r) {
            softmax_row(s + r * Lp, L);
            weighted_sum(s + r * Lp, v, ld, L, dh, out + (i + r) * ld_out);
        }
    }
}

JOBBERT_AVX512 void to_bf16(const float* x, uint16_t* y, std::size_t n) {
    const __m512i round = _mm512_set1_epi32(0x7fff), one = _mm512_set1_epi32(1);
    for (std::size_t i = 0; i < n; i += 16) {
        const __mmask16 m = tail_mask(n - i);
        const __m512 v = _mm512_maskz_loadu_ps(m, x + i);
        const __m512i bits = _mm512_castps_si512(v);
        const __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(bits, 16), one);
        __m512i r = _mm512_srli_epi32(_mm512_add_epi32(bits, _mm512_add_epi32(round, lsb)), 16);
        const __mmask16 nan = _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
        r = _mm512_mask_or_epi32(r, nan, _mm512_srli_epi32(bits, 16), _mm512_set1_epi32(0x40));
        _mm256_mask_storeu_epi16(y + i, m, _mm512_cvtepi32_epi16(r));
    }
}

JOBBERT_AVX512 void quantize_u8(const float* x, std::size_t n, uint8_t* q, float* scale, int32_t* zero) {
    __m512 lo = _mm512_setzero_ps(), hi = _mm512_setzero_ps();
    for (std::size_t i = 0; i < n; i += 16) {
        const __m512 v = _mm512_maskz_loadu_ps(tail_mask(n - i), x + i);  // masked lanes are 0: harmless
        lo = _mm512_min_ps(lo, v);
        hi = _mm512_max_ps(hi, v);
    }
    const float l = _mm512_reduce_min_ps(lo), h = _mm512_reduce_max_ps(hi);
    const float s = h > l ? (h - l) / 255.0f : 1.0f;
    const float inv = 1.0f / s;
    const float z = std::nearbyint(-l * inv);
    const __m512 vinv = _mm512_set1_ps(inv), vz = _mm512_set1_ps(z);
    const __m512 vmin = _mm512_setzero_ps(), vmax = _mm512_set1_ps(255.0f);
    for (std::size_t i = 0; i < n; i += 16) {
        const __mmask16 m = tail_mask(n - i);
        __m512 v = _mm512_roundscale_ps(_mm512_mul_ps(_mm512_maskz_loadu_ps(m, x + i), vinv),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        v = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(v, vz), vmin), vmax);
        _mm512_mask_cvtusepi32_storeu_epi8(q + i, m, _mm512_cvtps_epu32(v));
    }
    *scale = s;
    *zero = static_cast<int32_t>(z);
}

JOBBERT_AVX512 void quantize_s8(const float* w, std::size_t n, int8_t* q, float* scale, int32_t* sum) {
    __m512 mx = _mm512_setzero_ps();
    for (std::size_t i = 0; i < n; i += 16) mx = _mm512_max_ps(mx, _mm512_abs_ps(_mm512_maskz_loadu_ps(tail_mask(n - i), w + i)));
    const float m = _mm512_reduce_max_ps(mx);
    const float s = m > 0.0f ? m / 127.0f : 1.0f;
    const __m512 vs = _mm512_set1_ps(s), lo = _mm512_set1_ps(-127.0f), hi = _mm512_set1_ps(127.0f);
    __m512i total = _mm512_setzero_si512();
    for (std::size_t i = 0; i < n; i += 16) {
        const __mmask16 k = tail_mask(n - i);
        __m512 v = _mm512_roundscale_ps(_mm512_div_ps(_mm512_maskz_loadu_ps(k, w + i), vs),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        const __m512i iv = _mm512_cvtps_epi32(_mm512_min_ps(_mm512_max_ps(v, lo), hi));
        total = _mm512_add_epi32(total, iv);  // masked lanes are 0
        _mm512_mask_cvtsepi32_storeu_epi8(q + i, k, iv);
    }
    *scale = s;
    *sum = _mm512_reduce_add_epi32(total);
}

JOBBERT_AVX512 void dequantize(const int32_t* acc, std::size_t n, float row_scale, int32_t row_zero,
                               const float* col_scale, const int32_t* col_sum, const float* bias, float* y) {
    const __m512i vz = _mm512_set1_epi32(row_zero);
    const __m512 vs = _mm512_set1_ps(row_scale);
    for (std::size_t i = 0; i < n; i += 16) {
        const __mmask16 m = tail_mask(n - i);
        const __m512i a = _mm512_sub_epi32(_mm512_maskz_loadu_epi32(m, acc + i),
                                           _mm512_mullo_epi32(vz, _mm512_maskz_loadu_epi32(m, col_sum + i)));
        __m512 v = _mm512_mul_ps(_mm512_cvtepi32_ps(a), _mm512_mul_ps(vs, _mm512_maskz_loadu_ps(m, col_scale + i)));
        if (bias) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, bias + i));
        _mm512_mask_storeu_ps(y + i, m, v);
    }
}

}  // namespace

const VecOps* avx512_ops() noexcept {
    static const bool supported = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                                  __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
    static const VecOps ops{"avx512", add_layer_norm_row, gelu_erf,   attention_head,
                            to_bf16,  quantize_u8,        quantize_s8, dequantize};
    return supported ? &ops : nullptr;
}

}  // namespace jobbert::kernels
