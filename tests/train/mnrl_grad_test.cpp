// Gradient check: the cached MNRL loss (GradCache) gives the same loss and the same gradient for
// every parameter as the plain full-batch loss, in float64 and float32, with and without dropout.
#include <gtest/gtest.h>

#include <random>

#include "support/fixtures.h"
#include "train/mnrl_loss.h"
#include "train/model_io.h"

namespace jobbert::train {
namespace {

TokenBatch random_batch(std::size_t n, std::size_t vocab, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int32_t> id(3, static_cast<int32_t>(vocab) - 1), len(1, 12);
    TokenBatch b;
    auto seq = [&] {
        std::vector<int32_t> s = {0};
        for (int i = len(rng); i > 0; --i) s.push_back(id(rng));
        if (rng() % 7 == 0) s.push_back(1);  // a literal <pad> inside a text: attended, position = pad
        s.push_back(2);
        return s;
    };
    for (std::size_t i = 0; i < n; ++i) {
        b.anchors.push_back(seq());
        b.positives.push_back(seq());
    }
    return b;
}

std::map<std::string, torch::Tensor> grads(SentenceModelImpl& m) {
    std::map<std::string, torch::Tensor> g;
    for (auto& p : m.named_parameters()) {
        g[p.key()] = p.value().grad().defined() ? p.value().grad().clone() : torch::zeros_like(p.value());
        p.value().mutable_grad() = torch::Tensor();
    }
    return g;
}

// The bias of the attention keys adds q . b_k to every score of a query row, which softmax
// ignores: its exact gradient is zero and what is computed is rounding noise.
bool analytically_zero(const std::string& name) {
    return name.find("attention.self.key.bias") != std::string::npos;
}

// max over parameters of ||g1 - g2|| / ||g2|| (parameters with a non-zero exact gradient), and
// the parameter that attains it.
std::pair<double, std::string> max_rel(const std::map<std::string, torch::Tensor>& g1,
                                       const std::map<std::string, torch::Tensor>& g2) {
    double worst = 0;
    std::string at;
    for (const auto& [name, t] : g2) {
        if (analytically_zero(name)) continue;
        const double denom = t.norm().item<double>();
        const double diff = (g1.at(name) - t).norm().item<double>();
        const double rel = denom > 0 ? diff / denom : diff;
        if (rel > worst) worst = rel, at = name;
    }
    return {worst, at};
}

// max over the analytically-zero gradients of ||g|| relative to the whole gradient's norm.
double max_zero_noise(const std::map<std::string, torch::Tensor>& g) {
    double total = 0, worst = 0;
    for (const auto& [name, t] : g) total += std::pow(t.norm().item<double>(), 2);
    for (const auto& [name, t] : g)
        if (analytically_zero(name)) worst = std::max(worst, t.norm().item<double>() / std::sqrt(total));
    return worst;
}

struct Case {
    torch::Dtype dtype;
    double dropout;
    double tol;
};

class MnrlGrad : public ::testing::TestWithParam<Case> {};

TEST_P(MnrlGrad, CachedEqualsPlain) {
    const Case c = GetParam();
    ModelSource src = load_model_source(testing::fixture_model("tiny-asym-f32"), c.dropout);
    SentenceModelImpl& m = *src.model;
    m.to(c.dtype);
    m.train();
    const TokenBatch batch = random_batch(23, m.transformer->config.hp.vocab_size, 7);
    MnrlOptions o;
    o.mini_batch_size = 5;  // 23 = 4 full mini-batches + a partial one

    torch::manual_seed(1234);
    const double cached = cached_mnrl_backward(m, batch, o);
    const auto g_cached = grads(m);
    torch::manual_seed(1234);
    const double plain = plain_mnrl_backward(m, batch, o);
    const auto g_plain = grads(m);

    EXPECT_NEAR(cached, plain, c.tol * std::abs(plain)) << "loss";
    const auto [rel, where] = max_rel(g_cached, g_plain);
    EXPECT_LE(rel, c.tol) << "worst parameter " << where;
    EXPECT_LE(max_zero_noise(g_cached), c.tol);
    EXPECT_LE(max_zero_noise(g_plain), c.tol);
    EXPECT_EQ(g_plain.size(), m.named_parameters().size());
    for (const auto& [name, g] : g_plain) {
        if (!analytically_zero(name)) {
            EXPECT_GT(g.norm().item<double>(), 0) << name << " got no gradient";
        }
    }
    std::printf("[ grad    ] dtype %s dropout %.2f: loss cached %.12g plain %.12g, max rel grad diff %.3g (%s)\n",
                c.dtype == torch::kDouble ? "f64" : "f32", c.dropout, cached, plain, rel, where.c_str());
}

INSTANTIATE_TEST_SUITE_P(Train, MnrlGrad,
                         ::testing::Values(Case{torch::kDouble, 0.0, 1e-10}, Case{torch::kFloat, 0.0, 1e-5},
                                           Case{torch::kDouble, 0.1, 1e-10}, Case{torch::kFloat, 0.1, 1e-5}));

TEST(MnrlGrad, MiniBatchSizeDoesNotChangeTheResult) {
    ModelSource src = load_model_source(testing::fixture_model("tiny-router-bf16"), 0.0);
    SentenceModelImpl& m = *src.model;
    m.to(torch::kDouble);
    const TokenBatch batch = random_batch(16, m.transformer->config.hp.vocab_size, 3);
    MnrlOptions o;
    o.mini_batch_size = 16;
    const double full = cached_mnrl_backward(m, batch, o);
    const auto g_full = grads(m);
    o.mini_batch_size = 3;
    const double small = cached_mnrl_backward(m, batch, o);
    const auto g_small = grads(m);
    EXPECT_NEAR(full, small, 1e-12);
    EXPECT_LE(max_rel(g_small, g_full).first, 1e-10);
}

TEST(MnrlGrad, LengthSortedForwardPassesGiveTheSameResult) {
    ModelSource src = load_model_source(testing::fixture_model("tiny-asym-f32"), 0.0);
    SentenceModelImpl& m = *src.model;
    m.to(torch::kDouble);
    const TokenBatch batch = random_batch(21, m.transformer->config.hp.vocab_size, 5);
    MnrlOptions o;
    o.mini_batch_size = 4;
    o.sort_by_length = false;
    const double unsorted = cached_mnrl_backward(m, batch, o);
    const auto g_unsorted = grads(m);
    o.sort_by_length = true;
    const double sorted = cached_mnrl_backward(m, batch, o);
    const auto g_sorted = grads(m);
    EXPECT_NEAR(sorted, unsorted, 1e-12);
    EXPECT_LE(max_rel(g_sorted, g_unsorted).first, 1e-10);
}

}  // namespace
}  // namespace jobbert::train
