// The encoder, pooling and heads against the reference's vectors (float64 numpy port of
// transformers' XLM-R, cross-checked with torchtext), encoding from the reference's token ids.
#include <gtest/gtest.h>

#include <cstring>
#include <thread>

#include "jobbert/error.h"
#include "jobbert/model.h"
#include "support/fixtures.h"

namespace jobbert::testing {
namespace {

class ModelGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(ModelGolden, EveryRouteWithin1e5OfReference) {
    const std::string name = GetParam();
    const Model model = Model::load(fixture_model(name));
    const auto ids = golden_model_ids(name);
    ASSERT_EQ(ids.size(), 2875u);
    for (const auto& [route, file] : std::vector<std::pair<std::string, std::string>>{
             {"anchor", "anchor.npy"}, {"positive", "positive.npy"}, {"none", "pooled.npy"}}) {
        const Matrix ref = io::read_npy(golden_dir(name) / file);
        EncodeOptions opt;
        opt.route = route;
        const Matrix out = model.encode_ids(ids, opt);
        ASSERT_EQ(out.rows, ref.rows) << route;
        ASSERT_EQ(out.cols, ref.cols) << route;
        EXPECT_LE(max_abs_diff(out, ref), 1e-5) << name << " route " << route;
    }
}

TEST_P(ModelGolden, DefaultRouteIsConfiguredOrFirst) {
    const Model model = Model::load(fixture_model(GetParam()));
    EXPECT_EQ(model.info().default_route, "anchor");
    const auto ids = golden_model_ids(GetParam());
    const std::vector<std::vector<int32_t>> some(ids.begin(), ids.begin() + 50);
    EncodeOptions anchor;
    anchor.route = "anchor";
    EXPECT_EQ(model.encode_ids(some).data, model.encode_ids(some, anchor).data);
}

TEST_P(ModelGolden, BatchInvariantAcrossBudgetsAndThreads) {
    // All golden texts in one call (mixed lengths, several threads) equal each text alone.
    const Model model = Model::load(fixture_model(GetParam()));
    const auto ids = golden_model_ids(GetParam());
    EncodeOptions all;
    all.route = "anchor";
    all.threads = 2;
    all.batch_tokens = 1 << 20;
    const Matrix together = model.encode_ids(ids, all);
    EncodeOptions small = all;
    small.batch_tokens = 300;
    const Matrix packed = model.encode_ids(ids, small);
    Matrix alone(ids.size(), together.cols);
    EncodeOptions single = all;
    single.threads = 1;
    for (std::size_t i = 0; i < ids.size(); i += 7) {  // every 7th text alone keeps the test fast
        const Matrix one = model.encode_ids(std::span(ids).subspan(i, 1), single);
        std::copy(one.data.begin(), one.data.end(), alone.row(i));
    }
    double worst_alone = 0, worst_packed = max_abs_diff(together, packed);
    for (std::size_t i = 0; i < ids.size(); i += 7)
        for (std::size_t j = 0; j < together.cols; ++j)
            worst_alone = std::max(worst_alone, double(std::abs(together.row(i)[j] - alone.row(i)[j])));
    // Bitwise: every GEMM runs on >= 16 rows (kernels/cpu.cpp), where oneDNN's result for a row
    // does not depend on the other rows; everything else is computed per row or per sequence.
    EXPECT_EQ(worst_alone, 0.0);
    EXPECT_EQ(worst_packed, 0.0);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ModelGolden, ::testing::ValuesIn(fixture_models()), FixtureName());

// The lowest cosine between corresponding rows of a and b.
double min_row_cosine(const Matrix& a, const Matrix& b) {
    double worst = 1.0;
    for (std::size_t i = 0; i < a.rows; ++i) {
        double ab = 0, aa = 0, bb = 0;
        for (std::size_t j = 0; j < a.cols; ++j) {
            ab += double(a.row(i)[j]) * b.row(i)[j];
            aa += double(a.row(i)[j]) * a.row(i)[j];
            bb += double(b.row(i)[j]) * b.row(i)[j];
        }
        worst = std::min(worst, ab / std::sqrt(aa * bb));
    }
    return worst;
}

TEST(ModelGolden, Bf16AndInt8StayNearTheReferenceAndAreBatchInvariant) {
    // Tiny models (hidden 32) quantise coarser than the full-size one; the bounds here only catch
    // breakage. The full-size precision figures come from bench/run_bench.sh.
    const auto ids = golden_model_ids("tiny-asym-f32");
    const Matrix ref = io::read_npy(golden_dir("tiny-asym-f32") / "anchor.npy");
    for (auto [precision, min_cosine] : {std::pair{Precision::bf16, 0.999}, std::pair{Precision::int8, 0.99}}) {
        LoadOptions load;
        load.precision = precision;
        Model model = [&] {
            try {
                return Model::load(fixture_model("tiny-asym-f32"), load);
            } catch (const ModelError& e) {  // a CPU without AVX-512
                return Model::load(fixture_model("tiny-asym-f32"));
            }
        }();
        if (model.info().precision != precision) GTEST_SKIP() << "this CPU cannot run " << precision_name(precision);
        EncodeOptions all;
        all.route = "anchor";
        all.threads = 2;
        const Matrix together = model.encode_ids(ids, all);
        EXPECT_GT(min_row_cosine(together, ref), min_cosine) << precision_name(precision);
        // int8 is bitwise batch invariant (integer accumulation, per-token quantisation); bf16 only
        // nearly: oneDNN's bfloat16 kernels for short products sum in another order.
        const double tolerance = precision == Precision::int8 ? 0.0 : 2e-6;
        EncodeOptions small = all;
        small.batch_tokens = 300;
        small.threads = 1;
        EXPECT_LE(max_abs_diff(together, model.encode_ids(ids, small)), tolerance) << precision_name(precision);
        for (std::size_t i = 0; i < ids.size(); i += 97) {
            const Matrix one = model.encode_ids(std::span(ids).subspan(i, 1), all);
            for (std::size_t j = 0; j < one.cols; ++j)
                ASSERT_LE(std::abs(one.data[j] - together.row(i)[j]), tolerance) << precision_name(precision) << " text " << i;
        }
    }
}

TEST(ModelGolden, ConcurrentCallsOnOneModelEqualSequentialOnes) {
    // One immutable Model shared by threads: per-thread scratch, the primitive cache and oneDNN's
    // user-managed scratchpads keep concurrent calls independent.
    const Model model = Model::load(fixture_model("tiny-asym-f32"));
    const auto ids = golden_model_ids("tiny-asym-f32");
    EncodeOptions opt;
    opt.route = "anchor";
    opt.threads = 2;
    const Matrix want = model.encode_ids(ids, opt);
    std::vector<Matrix> got(3);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < got.size(); ++t)
        threads.emplace_back([&, t] {
            EncodeOptions o = opt;
            o.batch_tokens = 100 + 400 * t;  // different batch shapes in each thread
            got[t] = model.encode_ids(ids, o);
        });
    for (auto& t : threads) t.join();
    for (const Matrix& m : got) EXPECT_EQ(max_abs_diff(m, want), 0.0);
}

TEST(ModelGolden, NormalizeModuleAppliesToRoutesNotToNone) {
    const Model model = Model::load(fixture_model("tiny-nfkc-roberta"));
    EXPECT_TRUE(model.info().normalize_module);
    const auto ids = golden_model_ids("tiny-nfkc-roberta");
    const std::vector<std::vector<int32_t>> some(ids.begin(), ids.begin() + 20);
    const Matrix a = model.encode_ids(some);
    for (std::size_t i = 0; i < a.rows; ++i) {
        double ss = 0;
        for (std::size_t j = 0; j < a.cols; ++j) ss += double(a.row(i)[j]) * a.row(i)[j];
        EXPECT_NEAR(std::sqrt(ss), 1.0, 1e-6);
    }
    EncodeOptions none;
    none.route = "none";
    const Matrix p = model.encode_ids(some, none);
    double ss = 0;
    for (std::size_t j = 0; j < p.cols; ++j) ss += double(p.row(0)[j]) * p.row(0)[j];
    EXPECT_GT(std::abs(std::sqrt(ss) - 1.0), 1e-3);  // pooled output is raw
}

}  // namespace
}  // namespace jobbert::testing
