// Each fast kernel against its scalar reference (kernels/reference.cpp): the kernels.h entry
// points, every VecOps implementation this CPU can run (generic and AVX-512), and PackedLinear in
// each GemmType at row counts on both sides of its exact-M / body+tail split.
#include <gtest/gtest.h>
#include <omp.h>

#include <cstring>
#include <limits>

#include "kernels/gemm.h"
#include "kernels/kernels.h"
#include "kernels/reference.h"
#include "kernels/vec.h"
#include "support/fixtures.h"

namespace jobbert::testing {
namespace {

double max_diff(const std::vector<float>& a, const std::vector<float>& b) {
    double m = 0;
    for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(double(a[i]) - b[i]));
    return m;
}

TEST(Kernels, LinearMatchesReferenceForSmallAndLargeBatches) {
    for (std::size_t M : {1u, 3u, 15u, 16u, 77u}) {
        const std::size_t K = 96, N = 40;
        const auto x = random_floats(M * K, 1.0f, 1), w = random_floats(N * K, 0.2f, 2), b = random_floats(N, 0.1f, 3);
        std::vector<float> y(M * N), r(M * N);
        kernels::linear(x.data(), M, K, w.data(), b.data(), N, y.data());
        kernels::reference::linear(x.data(), M, K, w.data(), b.data(), N, r.data());
        EXPECT_LT(max_diff(y, r), 2e-6) << "M=" << M;
        kernels::linear(x.data(), M, K, w.data(), nullptr, N, y.data());
        kernels::reference::linear(x.data(), M, K, w.data(), nullptr, N, r.data());
        EXPECT_LT(max_diff(y, r), 2e-6) << "M=" << M << " no bias";
    }
}

TEST(Kernels, LinearRowDoesNotDependOnBatchSize) {
    const std::size_t K = 64, N = 48;
    const auto x = random_floats(40 * K, 1.0f, 4), w = random_floats(N * K, 0.3f, 5);
    std::vector<float> all(40 * N), one(N);
    kernels::linear(x.data(), 40, K, w.data(), nullptr, N, all.data());
    for (std::size_t i = 0; i < 40; i += 13) {
        kernels::linear(x.data() + i * K, 1, K, w.data(), nullptr, N, one.data());
        EXPECT_EQ(0, std::memcmp(one.data(), all.data() + i * N, N * sizeof(float))) << "row " << i;
    }
}

TEST(Kernels, AddLayerNormMatchesReference) {
    const std::size_t M = 300, H = 768;
    auto x = random_floats(M * H, 3.0f, 6);
    const auto res = random_floats(M * H, 1.0f, 7), g = random_floats(H, 1.0f, 8), b = random_floats(H, 0.5f, 9);
    auto r = x;
    kernels::add_layer_norm(x.data(), res.data(), M, H, g.data(), b.data(), 1e-5f);
    kernels::reference::add_layer_norm(r.data(), res.data(), M, H, g.data(), b.data(), 1e-5f);
    EXPECT_LT(max_diff(x, r), 2e-5);
}

TEST(Kernels, GeluTanhNormalizeMatchReference) {
    auto x = random_floats(50000, 6.0f, 10);
    auto r = x;
    kernels::gelu_erf(x.data(), x.size());
    kernels::reference::gelu_erf(r.data(), r.size());
    EXPECT_LT(max_diff(x, r), 1e-6);
    x = random_floats(1000, 4.0f, 11);
    r = x;
    kernels::tanh_inplace(x.data(), x.size());
    kernels::reference::tanh_inplace(r.data(), r.size());
    EXPECT_LT(max_diff(x, r), 1e-6);
    x = random_floats(10 * 100, 4.0f, 12);
    std::fill(x.begin(), x.begin() + 100, 0.0f);  // an all-zero row stays zero
    r = x;
    kernels::l2_normalize_rows(x.data(), 10, 100);
    kernels::reference::l2_normalize_rows(r.data(), 10, 100);
    EXPECT_LT(max_diff(x, r), 1e-7);
    EXPECT_EQ(x[0], 0.0f);
}

TEST(Kernels, AttentionAndPoolingMatchReference) {
    const std::size_t H = 64, heads = 4;
    const std::vector<std::size_t> offsets = {0, 1, 13, 14, 78, 90};
    const std::size_t T = offsets.back();
    const auto qkv = random_floats(T * 3 * H, 2.0f, 13);
    std::vector<float> out(T * H), ref(T * H);
    kernels::attention(qkv.data(), qkv.data() + H, qkv.data() + 2 * H, 3 * H, offsets.data(), offsets.size() - 1, H,
                       heads, out.data());
    kernels::reference::attention(qkv.data(), qkv.data() + H, qkv.data() + 2 * H, 3 * H, offsets.data(),
                                  offsets.size() - 1, H, heads, ref.data());
    EXPECT_LT(max_diff(out, ref), 2e-6);
    std::vector<float> p(5 * H), pr(5 * H);
    kernels::mean_pool(out.data(), offsets.data(), 5, H, p.data());
    kernels::reference::mean_pool(out.data(), offsets.data(), 5, H, pr.data());
    EXPECT_LT(max_diff(p, pr), 1e-6);
    // A one-token sequence attends only to itself: its output is its own value vector.
    for (std::size_t c = 0; c < H; ++c) EXPECT_FLOAT_EQ(out[c], qkv[2 * H + c]);
}

// ---- Row kernels (kernels/vec.h), every implementation this CPU runs --------------------------

std::vector<const kernels::VecOps*> implementations() {
    std::vector<const kernels::VecOps*> v = {&kernels::generic_ops()};
    if (kernels::avx512_ops()) v.push_back(kernels::avx512_ops());
    return v;
}

TEST(VecOps, LayerNormRowMatchesReference) {
    for (const auto* ops : implementations())
        for (std::size_t H : {768u, 37u, 16u, 1u}) {
            auto x = random_floats(4 * H, 3.0f, 20);
            const auto res = random_floats(4 * H, 1.0f, 21), g = random_floats(H, 1.0f, 22), b = random_floats(H, 0.5f, 23);
            auto r = x;
            for (std::size_t i = 0; i < 4; ++i)
                ops->add_layer_norm_row(x.data() + i * H, i % 2 ? nullptr : res.data() + i * H, H, g.data(), b.data(), 1e-5f);
            for (std::size_t i = 0; i < 4; ++i)
                kernels::reference::add_layer_norm(r.data() + i * H, i % 2 ? nullptr : res.data() + i * H, 1, H, g.data(),
                                                   b.data(), 1e-5f);
            EXPECT_LT(max_diff(x, r), 2e-5) << ops->name << " H=" << H;
        }
}

TEST(VecOps, GeluMatchesReferenceWithin1e7Relative) {
    for (const auto* ops : implementations()) {
        auto x = random_floats(20000, 8.0f, 24);
        for (float special : {0.0f, -0.0f, 1e-30f, -1e-30f, 1e-3f, -1e-3f, 10.0f, -10.0f, 30.0f, -30.0f, -5.5f, 100.0f})
            x.push_back(special);
        auto r = x;
        ops->gelu_erf(x.data(), x.size());
        kernels::reference::gelu_erf(r.data(), r.size());
        double worst = 0;
        for (std::size_t i = 0; i < x.size(); ++i)
            worst = std::max(worst, std::abs(double(x[i]) - r[i]) / std::max(1.0, std::abs(double(r[i]))));
        EXPECT_LT(worst, 6e-7) << ops->name;  // a few float roundings: ~1 unit in the last place
    }
}

TEST(VecOps, AttentionHeadMatchesReference) {
    for (const auto* ops : implementations())
        for (std::size_t dh : {8u, 13u, 64u, 80u, 130u})
            for (std::size_t L : {1u, 2u, 7u, 16u, 17u, 64u, 70u}) {
                const std::size_t ld = 3 * dh;
                const auto qkv = random_floats(L * ld, 2.0f, unsigned(30 + L + dh));
                std::vector<float> out(L * dh), ref(L * dh), tmp((dh + 4) * (L + 16));
                const std::size_t offsets[] = {0, L};
                ops->attention_head(qkv.data(), qkv.data() + dh, qkv.data() + 2 * dh, ld, L, dh,
                                    1.0f / std::sqrt(float(dh)), out.data(), dh, tmp.data());
                kernels::reference::attention(qkv.data(), qkv.data() + dh, qkv.data() + 2 * dh, ld, offsets, 1, dh, 1,
                                              ref.data());
                EXPECT_LT(max_diff(out, ref), 2e-6) << ops->name << " L=" << L << " dh=" << dh;
            }
}

TEST(VecOps, ToBf16RoundsToNearestEven) {
    std::vector<float> x = random_floats(1000, 50.0f, 40);
    for (uint32_t bits : {0x3f808000u, 0x3f818000u, 0x3f807fffu, 0x3f808001u, 0xbf808000u, 0xbf818000u, 0x00000001u,
                          0x007fffffu, 0x7f7fffffu, 0x7f7f8000u, 0x7f7f7fffu, 0x7f800000u, 0xff800000u, 0x7fc00000u,
                          0x7f800001u, 0x00000000u, 0x80000000u}) {
        float f;
        std::memcpy(&f, &bits, 4);
        x.push_back(f);
    }
    std::vector<uint16_t> ref(x.size());
    kernels::reference::to_bf16(x.data(), ref.data(), x.size());
    for (const auto* ops : implementations()) {
        std::vector<uint16_t> y(x.size());
        ops->to_bf16(x.data(), y.data(), x.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (std::isnan(x[i])) EXPECT_TRUE(std::isnan(kernels::reference::bf16_to_float(y[i]))) << ops->name;
            else EXPECT_EQ(y[i], ref[i]) << ops->name << " x=" << x[i] << " index " << i;
        }
    }
}

TEST(VecOps, QuantizeU8MatchesReferenceWithinHalfAStep) {
    std::vector<std::vector<float>> rows = {random_floats(3072, 4.0f, 41), random_floats(37, 1.0f, 42),
                                            std::vector<float>(50, 0.0f), {2.5f}, {-1.0f}};
    auto positive = random_floats(768, 3.0f, 43);
    for (auto& v : positive) v = std::abs(v);
    rows.push_back(positive);
    auto negative = positive;
    for (auto& v : negative) v = -v - 0.5f;
    rows.push_back(negative);
    for (const auto* ops : implementations())
        for (const auto& x : rows) {
            std::vector<uint8_t> q(x.size()), qr(x.size());
            float s = 0, sr = 0;
            int32_t z = 0, zr = 0;
            ops->quantize_u8(x.data(), x.size(), q.data(), &s, &z);
            kernels::reference::quantize_u8(x.data(), x.size(), qr.data(), &sr, &zr);
            EXPECT_EQ(s, sr) << ops->name;
            EXPECT_EQ(z, zr) << ops->name;
            EXPECT_EQ(q, qr) << ops->name << " n=" << x.size();
            for (std::size_t i = 0; i < x.size(); ++i)
                EXPECT_LE(std::abs(s * float(int32_t(q[i]) - z) - x[i]), 0.5f * s * 1.001f) << ops->name;
        }
}

TEST(VecOps, QuantizeS8IsSymmetricPerRowAndImplementationsAgree) {
    const std::vector<std::vector<float>> rows = {random_floats(3072, 0.1f, 47), random_floats(19, 2.0f, 48),
                                                  std::vector<float>(40, 0.0f), {-0.5f}};
    for (const auto& w : rows) {
        std::vector<int8_t> want(w.size());
        float want_scale = 0;
        int32_t want_sum = 0;
        kernels::generic_ops().quantize_s8(w.data(), w.size(), want.data(), &want_scale, &want_sum);
        for (const auto* ops : implementations()) {
            std::vector<int8_t> q(w.size());
            float s = 0;
            int32_t sum = 0;
            ops->quantize_s8(w.data(), w.size(), q.data(), &s, &sum);
            EXPECT_EQ(q, want) << ops->name;
            EXPECT_EQ(s, want_scale) << ops->name;
            EXPECT_EQ(sum, want_sum) << ops->name;
            int32_t total = 0;
            for (std::size_t i = 0; i < w.size(); ++i) {
                EXPECT_LE(std::abs(s * q[i] - w[i]), 0.5f * s * 1.001f) << ops->name;
                EXPECT_LE(std::abs(int(q[i])), 127);
                total += q[i];
            }
            EXPECT_EQ(sum, total);
        }
    }
}

TEST(VecOps, DequantizeMatchesFormula) {
    const std::size_t n = 333;
    std::vector<int32_t> acc(n), sum(n);
    std::mt19937 rng(44);
    std::uniform_int_distribution<int32_t> big(-2000000, 2000000), small(-20000, 20000);
    for (std::size_t i = 0; i < n; ++i) acc[i] = big(rng), sum[i] = small(rng);
    const auto col_scale = random_floats(n, 0.01f, 45), bias = random_floats(n, 1.0f, 46);
    for (const auto* ops : implementations()) {
        std::vector<float> y(n);
        ops->dequantize(acc.data(), n, 0.02f, 17, col_scale.data(), sum.data(), bias.data(), y.data());
        for (std::size_t i = 0; i < n; ++i) {
            const double want = 0.02 * col_scale[i] * double(acc[i] - 17 * int64_t(sum[i])) + bias[i];
            EXPECT_NEAR(y[i], want, 1e-6 * std::max(1.0, std::abs(want))) << ops->name;
        }
    }
}

// ---- PackedLinear ----------------------------------------------------------------------------

// Row counts on both sides of the exact-M / body + tail split (kernels/gemm.cpp).
const std::size_t kRowCounts[] = {1, 2, 3, 15, 16, 63, 64, 65, 127, 128, 129, 200};

// A PackedLinear of `type`, or nullptr when this CPU has no implementation for it.
std::unique_ptr<kernels::PackedLinear> try_pack(const std::vector<float>& w, std::size_t N, std::size_t K,
                                                const float* bias, kernels::GemmType type) {
    try {
        return std::make_unique<kernels::PackedLinear>(w.data(), N, K, bias, type);
    } catch (const std::runtime_error&) {
        return nullptr;
    }
}

double max_abs(const std::vector<float>& v) {
    double m = 0;
    for (float x : v) m = std::max(m, double(std::abs(x)));
    return m;
}

TEST(PackedLinear, Float32MatchesReferenceAtEveryRowCount) {
    const std::size_t K = 96, N = 40;
    const auto w = random_floats(N * K, 0.2f, 50), b = random_floats(N, 0.1f, 51);
    for (const float* bias : {b.data(), static_cast<const float*>(nullptr)}) {
        const kernels::PackedLinear lin(w.data(), N, K, bias, kernels::GemmType::f32);
        kernels::GemmWorkspace ws;
        for (std::size_t M : kRowCounts) {
            const auto x = random_floats(M * K, 1.0f, unsigned(52 + M));
            std::vector<float> y(M * N), r(M * N);
            kernels::GemmInput in(kernels::GemmType::f32), out(kernels::GemmType::f32);
            in.set(x.data(), M, K);
            lin.forward(in, y.data(), ws);
            kernels::reference::linear(x.data(), M, K, w.data(), bias, N, r.data());
            EXPECT_LT(max_diff(y, r), 2e-6) << "M=" << M;
            lin.forward_gelu(in, out, ws);
            kernels::reference::gelu_erf(r.data(), r.size());
            const auto* g = static_cast<const float*>(out.data());
            EXPECT_LT(max_diff(std::vector<float>(g, g + M * N), r), 2e-6) << "gelu M=" << M;
        }
    }
}

TEST(PackedLinear, Float32RowsAreBitwiseIndependentOfBatchAndThreads) {
    // What keeps encoding batch invariant: a row's result never depends on M or the team size.
    for (auto [K, N] : {std::pair<std::size_t, std::size_t>{256, 384}, {768, 64}, {64, 1000}}) {
        const auto w = random_floats(N * K, 0.1f, 60), b = random_floats(N, 0.1f, 61);
        const auto x = random_floats(300 * K, 1.0f, 62);
        const kernels::PackedLinear lin(w.data(), N, K, b.data(), kernels::GemmType::f32);
        kernels::GemmWorkspace ws;
        kernels::GemmInput in(kernels::GemmType::f32);
        std::vector<float> all(300 * N), part(300 * N);
        in.set(x.data(), 300, K);
        lin.forward(in, all.data(), ws);
        const int saved = omp_get_max_threads();
        for (int threads : {1, 2, 3}) {
            omp_set_num_threads(threads);
            for (std::size_t M : kRowCounts) {
                const std::size_t row0 = (M * 7) % (300 - M);
                in.set(x.data() + row0 * K, M, K);
                lin.forward(in, part.data(), ws);
                EXPECT_EQ(0, std::memcmp(part.data(), all.data() + row0 * N, M * N * sizeof(float)))
                    << "K=" << K << " N=" << N << " M=" << M << " threads=" << threads;
            }
        }
        omp_set_num_threads(saved);
    }
}

TEST(PackedLinear, Bf16MatchesBf16Reference) {
    const std::size_t K = 96, N = 40;
    const auto w = random_floats(N * K, 0.2f, 70), b = random_floats(N, 0.1f, 71);
    const auto lin = try_pack(w, N, K, b.data(), kernels::GemmType::bf16);
    if (!lin) GTEST_SKIP() << "no bf16 matmul on this CPU";
    kernels::GemmWorkspace ws;
    for (std::size_t M : kRowCounts) {
        const auto x = random_floats(M * K, 1.0f, unsigned(72 + M));
        std::vector<float> y(M * N), r(M * N);
        kernels::GemmInput in(kernels::GemmType::bf16), out(kernels::GemmType::bf16);
        in.set(x.data(), M, K);
        lin->forward(in, y.data(), ws);
        kernels::reference::linear_bf16(x.data(), M, K, w.data(), b.data(), N, r.data());
        EXPECT_LT(max_diff(y, r), 2e-6) << "M=" << M;
        lin->forward_gelu(in, out, ws);  // bfloat16 output: within half a bf16 step of the reference
        kernels::reference::gelu_erf(r.data(), r.size());
        const auto* g = static_cast<const uint16_t*>(out.data());
        for (std::size_t i = 0; i < M * N; ++i)
            EXPECT_NEAR(kernels::reference::bf16_to_float(g[i]), r[i], std::abs(r[i]) / 256 + 1e-6) << "gelu M=" << M;
    }
}

TEST(PackedLinear, Int8MatchesInt8ReferenceAndStaysNearFloat32) {
    const std::size_t K = 96, N = 40;
    const auto w = random_floats(N * K, 0.2f, 80), b = random_floats(N, 0.1f, 81);
    const auto lin = try_pack(w, N, K, b.data(), kernels::GemmType::int8);
    if (!lin) GTEST_SKIP() << "no int8 matmul on this CPU";
    kernels::GemmWorkspace ws;
    for (std::size_t M : kRowCounts) {
        const auto x = random_floats(M * K, 1.0f, unsigned(82 + M));
        std::vector<float> y(M * N), r(M * N), f(M * N);
        kernels::GemmInput in(kernels::GemmType::int8), out(kernels::GemmType::int8);
        in.set(x.data(), M, K);
        lin->forward(in, y.data(), ws);
        kernels::reference::linear_int8(x.data(), M, K, w.data(), b.data(), N, r.data());
        EXPECT_LT(max_diff(y, r), 1e-6 * max_abs(r)) << "M=" << M;
        kernels::reference::linear(x.data(), M, K, w.data(), b.data(), N, f.data());
        EXPECT_LT(max_diff(y, f), 0.02 * max_abs(f)) << "quantisation error, M=" << M;
        // GELU output quantised per row for the next layer: within one step of the reference.
        lin->forward_gelu(in, out, ws);
        kernels::reference::gelu_erf(r.data(), r.size());
        const auto* q = static_cast<const uint8_t*>(out.data());
        for (std::size_t m = 0; m < M; ++m)
            for (std::size_t n = 0; n < N; ++n)
                EXPECT_NEAR(out.scale()[m] * float(int32_t(q[m * N + n]) - out.zero()[m]), r[m * N + n],
                            1.01 * out.scale()[m])
                    << "gelu M=" << M;
    }
}

TEST(PackedLinear, RunsOnBrgemmWhereTheCpuHasAvx512) {
    if (!kernels::avx512_ops()) GTEST_SKIP() << "no AVX-512";
    const std::size_t K = 128, N = 192;
    const auto w = random_floats(N * K, 0.2f, 90);
    for (auto type : {kernels::GemmType::f32, kernels::GemmType::bf16, kernels::GemmType::int8}) {
        const auto lin = try_pack(w, N, K, nullptr, type);
        ASSERT_TRUE(lin) << kernels::gemm_type_name(type);
        for (std::size_t M : {1u, 64u, 1000u})
            EXPECT_EQ(lin->implementation(M).rfind("brg", 0), 0u)
                << kernels::gemm_type_name(type) << " M=" << M << ": " << lin->implementation(M);
    }
}

}  // namespace
}  // namespace jobbert::testing
