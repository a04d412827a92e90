// The full-size synthetic model (JobBERT-v3's architecture, random weights): loads, encodes
// real titles, agrees with the float64 reference, and is batch invariant.
// Needs JOBBERT_LARGE_MODEL (a model dir from scripts/make_full_size_model.sh) and
// JOBBERT_LARGE_REFERENCE (scripts/reference/numpy_ref.py output for the ids in
// JOBBERT_LARGE_IDS); tests/large/run_large.sh sets all three.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "jobbert/model.h"
#include "support/fixtures.h"

namespace jobbert::testing {
namespace {

const char* env(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
}

class FullSize : public ::testing::Test {
protected:
    void SetUp() override {
        if (!env("JOBBERT_LARGE_MODEL") || !env("JOBBERT_LARGE_REFERENCE") || !env("JOBBERT_LARGE_IDS"))
            GTEST_SKIP() << "run through tests/large/run_large.sh";
    }
};

Matrix rows_of(const nlohmann::json& j) {
    Matrix m(j.size(), j[0].size());
    for (std::size_t i = 0; i < m.rows; ++i)
        for (std::size_t c = 0; c < m.cols; ++c) m.row(i)[c] = j[i][c].get<float>();
    return m;
}

TEST_F(FullSize, MatchesFloat64ReferenceAndIsBatchInvariant) {
    const auto t0 = std::chrono::steady_clock::now();
    const Model model = Model::load(env("JOBBERT_LARGE_MODEL"));
    const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(model.info().hidden_size, 768u);
    EXPECT_EQ(model.info().vocab_size, 250002u);
    EXPECT_EQ(model.dim("anchor"), 1024u);
    std::ifstream in(env("JOBBERT_LARGE_IDS"));
    const auto ids = nlohmann::json::parse(in)["ids"].get<std::vector<std::vector<int32_t>>>();
    std::ifstream rin(env("JOBBERT_LARGE_REFERENCE"));
    const auto ref = nlohmann::json::parse(rin);
    EncodeOptions opt;
    opt.route = "none";
    const Matrix pooled = model.encode_ids(ids, opt);
    opt.route = "anchor";
    const Matrix anchor = model.encode_ids(ids, opt);
    opt.route = "positive";
    const Matrix positive = model.encode_ids(ids, opt);
    const double d_pooled = max_abs_diff(pooled, rows_of(ref["pooled"]));
    const double d_anchor = max_abs_diff(anchor, rows_of(ref["routes"]["anchor"]));
    const double d_positive = max_abs_diff(positive, rows_of(ref["routes"]["positive"]));
    std::printf("load %.3f s; max abs diff vs float64 reference: pooled %.2e anchor %.2e positive %.2e\n", load_s,
                d_pooled, d_anchor, d_positive);
    EXPECT_LE(d_pooled, 1e-5);
    EXPECT_LE(d_anchor, 1e-5);
    EXPECT_LE(d_positive, 1e-5);
    opt.route = "anchor";
    for (std::size_t i = 0; i < ids.size(); i += 5) {
        const Matrix one = model.encode_ids(std::span(ids).subspan(i, 1), opt);
        EXPECT_EQ(0, std::memcmp(one.data.data(), anchor.row(i), anchor.cols * sizeof(float))) << "text " << i;
    }
}

}  // namespace
}  // namespace jobbert::testing
