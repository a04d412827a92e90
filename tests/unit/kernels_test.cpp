// Each fast kernel against its scalar reference (kernels/reference.cpp).
#include <gtest/gtest.h>

#include "kernels/kernels.h"
#include "kernels/reference.h"
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

}  // namespace
}  // namespace jobbert::testing
