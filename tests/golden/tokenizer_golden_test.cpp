// Tokenizer goldens: ids AND tokens must equal Hugging Face tokenizers (npm tokenizers 0.23.2,
// scripts/reference/tok_golden.js) on every raw text of texts.jsonl, for all five fixture
// tokenizer.json variants, truncated to each model's max_seq_length.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "jobbert/tokenizer.h"
#include "support/fixtures.h"

namespace jobbert::testing {
namespace {

std::string show(const std::vector<std::string>& v) {
    return nlohmann::json(v).dump();
}

class TokenizerGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(TokenizerGolden, IdsAndTokensEqualHuggingFace) {
    const std::string model = GetParam();
    const Tokenizer tok = Tokenizer::from_file(fixture_model(model) / "tokenizer.json");
    std::ifstream cfg_in(fixture_model(model) / "sentence_bert_config.json");
    const auto cfg = nlohmann::json::parse(cfg_in);
    const auto max_len = cfg.at("max_seq_length").get<std::size_t>();

    const auto texts = golden_texts();
    const auto rows = read_jsonl(golden_dir(model) / "tokens.jsonl");
    ASSERT_EQ(rows.size(), texts.size());
    std::size_t equal = 0;
    std::size_t shown = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        ASSERT_EQ(row.at("text").get<std::string>(), texts[i]) << "line " << i + 1;
        const auto want_ids = row.at("ids").get<std::vector<int32_t>>();
        const auto want_tokens = row.at("tokens").get<std::vector<std::string>>();
        const Encoding got = tok.encode(texts[i], max_len);
        const bool ok = got.ids == want_ids && got.tokens == want_tokens;
        equal += ok;
        if (!ok && shown++ < 10) {
            ADD_FAILURE() << model << " line " << i + 1 << " text " << nlohmann::json(texts[i]).dump() << "\n  want "
                          << show(want_tokens) << "\n  got  " << show(got.tokens);
        }
        // encode_ids must agree with encode.
        if (i % 7 == 0) {
            EXPECT_EQ(tok.encode_ids(texts[i], max_len), got.ids) << "line " << i + 1;
        }
    }
    std::cout << "[ golden   ] " << model << ": " << equal << "/" << rows.size()
              << " texts equal (ids and tokens), max_seq_length " << max_len << "\n";
    EXPECT_EQ(equal, rows.size());
}

INSTANTIATE_TEST_SUITE_P(AllFixtures, TokenizerGolden, ::testing::ValuesIn(fixture_models()), FixtureName());

}  // namespace
}  // namespace jobbert::testing
