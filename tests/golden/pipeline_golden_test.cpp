// The whole pipeline from raw text: the reference's input handling (str.strip, str.lower when
// do_lower_case) + tokenizer + truncation gives the reference's ids, and Model::encode on raw
// texts gives the reference's vectors.
#include <gtest/gtest.h>

#include "jobbert/model.h"
#include "support/fixtures.h"

namespace jobbert::testing {
namespace {

class PipelineGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(PipelineGolden, TokenizeGivesTheReferenceModelIds) {
    const Model model = Model::load(fixture_model(GetParam()));
    const auto texts = golden_texts();
    const auto ids = golden_model_ids(GetParam());
    ASSERT_EQ(texts.size(), ids.size());
    std::size_t bad = 0;
    for (std::size_t i = 0; i < texts.size(); ++i)
        if (model.tokenize(texts[i]) != ids[i] && bad++ < 5)
            ADD_FAILURE() << "text " << i << ": " << nlohmann::json(texts[i]).dump();
    EXPECT_EQ(bad, 0u);
}

TEST_P(PipelineGolden, EncodeRawTextsWithin1e5) {
    const Model model = Model::load(fixture_model(GetParam()));
    const auto texts = golden_texts();
    EncodeOptions opt;
    opt.route = "positive";
    const Matrix out = model.encode(texts, opt);
    EXPECT_LE(max_abs_diff(out, io::read_npy(golden_dir(GetParam()) / "positive.npy")), 1e-5);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, PipelineGolden, ::testing::ValuesIn(fixture_models()), FixtureName());

}  // namespace
}  // namespace jobbert::testing
