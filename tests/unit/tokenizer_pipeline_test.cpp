// The whole tokenizer on small tokenizer.json documents: Unigram (Viterbi ties, <unk> fusion,
// byte fallback), added tokens (lstrip/rstrip/single_word/normalized), post-processors,
// truncation, vocabulary queries. Expected outputs were checked against npm tokenizers 0.23.2.
#include <gtest/gtest.h>

#include <thread>

#include "jobbert/error.h"
#include "support/fixtures.h"
#include "unit/tokenizer_test_util.h"

namespace jobbert::testing {
namespace {

using Strings = std::vector<std::string>;
using Ids = std::vector<int32_t>;

const char* kRoberta = R"({"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 1],
                           "trim_offsets": true, "add_prefix_space": true})";
const char* kMetaspace = R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true})";

TEST(TokenizerUnigram, ViterbiAndUnknownFusionAsHfDocExample) {
    // tokenizers/src/models/unigram/model.rs doc example: "abcdacdxx" -> abcd a cd xx.
    TokenizerSpec spec;
    spec.vocab = R"([["<unk>", 0.0], ["a", 0.0], ["b", 0.0], ["c", 0.0], ["d", 0.0], ["cd", 1.0],
                     ["ab", 2.0], ["abc", 5.0], ["abcd", 10.0]])";
    const auto e = spec.build().encode("abcdacdxx");
    EXPECT_EQ(e.tokens, (Strings{"abcd", "a", "cd", "xx"}));
    EXPECT_EQ(e.ids, (Ids{8, 1, 5, 0}));
}

TEST(TokenizerUnigram, EqualScoresKeepTheFirstOffer) {
    // "ab" = -2 and "a"+"b" = -2: the piece offered first (from the earlier start) wins.
    TokenizerSpec spec;
    spec.vocab = R"([["<unk>", 0.0], ["a", -1.0], ["b", -1.0], ["ab", -2.0]])";
    EXPECT_EQ(tokens_of(spec.build(), "ab"), (Strings{"ab"}));
    // Here the two-piece path offered to position 2 first... by "ab" from 0, then "b" from 1
    // with an equal score: still "ab".
    spec.vocab = R"([["<unk>", 0.0], ["ab", -2.0], ["a", -1.0], ["b", -1.0]])";
    EXPECT_EQ(tokens_of(spec.build(), "abab"), (Strings{"ab", "ab"}));
}

TEST(TokenizerUnigram, ByteFallback) {
    TokenizerSpec spec;
    spec.vocab = R"([["<unk>", 0.0], ["a", -1.0], ["<0xC3>", -5.0], ["<0xA9>", -5.0]])";
    spec.byte_fallback = true;
    const Tokenizer t = spec.build();
    const auto e = t.encode("a\u00E9");
    EXPECT_EQ(e.tokens, (Strings{"a", "<0xC3>", "<0xA9>"}));
    EXPECT_EQ(e.ids, (Ids{1, 2, 3}));
    // A byte without a <0xXX> piece: the whole unknown run stays one <unk>.
    const auto u = t.encode("a\u20AC\u00E9");
    EXPECT_EQ(u.tokens, (Strings{"a", "\u20AC\u00E9"}));
    EXPECT_EQ(u.ids, (Ids{1, 0}));
}

TEST(TokenizerUnigram, UnknownWithoutUnkIdIsAnInputError) {
    TokenizerSpec spec;
    spec.unk_id = "null";
    const Tokenizer t = spec.build();
    EXPECT_EQ(tokens_of(t, "ab"), (Strings{"ab"}));
    try {
        (void)t.encode("x");
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "tokenizer: unknown character and the Unigram model has no unk_id");
    }
}

TEST(TokenizerAddedTokens, SplitBeforeNormalizationWithLstrip) {
    TokenizerSpec spec;
    spec.pre_tokenizer = kMetaspace;
    spec.post_processor = kRoberta;
    spec.added_tokens = "[" + added_token(1, "<s>") + "," + added_token(2, "</s>") + "," +
                        added_token(10, "<mask>", /*lstrip=*/true) + "]";
    const Tokenizer t = spec.build();
    // <mask> is not in the model vocabulary: it gets the next id (10).
    const auto e = t.encode("a  <mask>b");
    EXPECT_EQ(e.tokens, (Strings{"<s>", "▁a", "  <mask>", "▁b", "</s>"}));
    EXPECT_EQ(e.ids, (Ids{1, 7, 10, 8, 2}));
    EXPECT_EQ(tokens_of(t, "<s>a</s>"), (Strings{"<s>", "<s>", "▁a", "</s>", "</s>"}));
    EXPECT_EQ(t.token_to_id("<mask>"), 10);
    EXPECT_EQ(t.id_to_token(10), "<mask>");
    EXPECT_EQ(t.vocab_size(), 11u);
}

TEST(TokenizerAddedTokens, RstripAndSingleWord) {
    TokenizerSpec spec;
    spec.pre_tokenizer = kMetaspace;
    spec.added_tokens = "[" + added_token(1, "<s>", false, /*rstrip=*/true) + "," +
                        added_token(5, "bc", false, false, /*single_word=*/true, false, false) + "]";
    const Tokenizer t = spec.build();
    EXPECT_EQ(tokens_of(t, "<s>  a"), (Strings{"<s>  ", "▁a"}));
    // "bc" (not a model piece: id 10) inside a word is not split out (single_word); alone it is.
    const auto e = t.encode("abc bc");
    EXPECT_EQ(e.tokens, (Strings{"▁a", "b", "c", "▁", "bc"}));
    EXPECT_EQ(e.ids, (Ids{7, 4, 9, 6, 10}));
    EXPECT_EQ(t.encode("bc,abc").ids, (Ids{10, 6, 0, 5, 9}));
}

TEST(TokenizerAddedTokens, NormalizedTokensMatchTheNormalizedText) {
    TokenizerSpec spec;
    spec.normalizer = R"({"type": "Lowercase"})";
    spec.pre_tokenizer = kMetaspace;
    spec.added_tokens = "[" + added_token(20, "AB", false, false, false, /*normalized=*/true, false) + "]";
    const Tokenizer t = spec.build();
    const auto e = t.encode("c Ab");
    EXPECT_EQ(e.tokens, (Strings{"▁", "c", "▁", "ab"}));
    EXPECT_EQ(e.ids.back(), 10);  // the next id after the 10-piece vocabulary
}

TEST(TokenizerPostProcessor, TemplateWithMultiIdSpecials) {
    TokenizerSpec spec;
    spec.post_processor = R"({"type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                   {"SpecialToken": {"id": "END", "type_id": 0}}],
        "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]},
                                       "END": {"id": "END", "ids": [2, 2], "tokens": ["</s>", "</s>"]}}})";
    const Tokenizer t = spec.build();
    const auto e = t.encode("ab");
    EXPECT_EQ(e.tokens, (Strings{"<s>", "ab", "</s>", "</s>"}));
    EXPECT_EQ(e.ids, (Ids{1, 5, 2, 2}));
    // Truncation keeps all three special ids.
    EXPECT_EQ(t.encode("abab", 4).tokens, (Strings{"<s>", "ab", "</s>", "</s>"}));
    EXPECT_EQ(t.encode("abab", 3).tokens, (Strings{"<s>", "</s>", "</s>"}));
}

TEST(TokenizerTruncation, KeepsSpecialsAndTheFirstTokens) {
    TokenizerSpec spec;
    spec.pre_tokenizer = kMetaspace;
    spec.post_processor = kRoberta;
    const Tokenizer t = spec.build();
    EXPECT_EQ(tokens_of(t, "a b a b"), (Strings{"<s>", "▁a", "▁b", "▁a", "▁b", "</s>"}));
    EXPECT_EQ(tokens_of(t, "a b a b", 4), (Strings{"<s>", "▁a", "▁b", "</s>"}));
    EXPECT_EQ(tokens_of(t, "a b a b", 2), (Strings{"<s>", "</s>"}));
    EXPECT_EQ(tokens_of(t, "a b a b", 100), tokens_of(t, "a b a b"));
    EXPECT_EQ(tokens_of(t, ""), (Strings{"<s>", "</s>"}));
}

TEST(TokenizerTruncation, TokenizerJsonTruncationIsTheDefault) {
    TokenizerSpec spec;
    spec.pre_tokenizer = kMetaspace;
    spec.post_processor = kRoberta;
    std::string json = spec.json();
    json.replace(json.find(R"("truncation": null)"), 18,
                 R"("truncation": {"direction": "Right", "max_length": 3, "strategy": "LongestFirst", "stride": 0})");
    const Tokenizer t = Tokenizer::from_json(json);
    EXPECT_EQ(tokens_of(t, "a b"), (Strings{"<s>", "▁a", "</s>"}));
    EXPECT_EQ(tokens_of(t, "a b", 5), (Strings{"<s>", "▁a", "▁b", "</s>"}));
}

TEST(TokenizerVocabulary, QueriesOnTheFixture) {
    const Tokenizer t = Tokenizer::from_file(fixture_model("tiny-asym-f32") / "tokenizer.json");
    EXPECT_EQ(t.vocab_size(), 8002u);
    EXPECT_EQ(t.token_to_id("<s>"), 0);
    EXPECT_EQ(t.token_to_id("<mask>"), 8001);
    EXPECT_EQ(t.token_to_id("\u2581nurse"), 588);
    EXPECT_FALSE(t.token_to_id("no such piece").has_value());
    EXPECT_EQ(t.id_to_token(588), "\u2581nurse");
    EXPECT_EQ(t.id_to_token(2), "</s>");
    const auto e = t.encode("\tnurse\n", 64);
    EXPECT_EQ(e.ids, (Ids{0, 588, 2}));
    EXPECT_EQ(t.encode_ids("\tnurse\n", 64), e.ids);
    // A copy shares the loaded state.
    const Tokenizer copy = t;
    EXPECT_EQ(copy.encode(" <mask> x").tokens, t.encode(" <mask> x").tokens);
}

TEST(TokenizerThreads, ConcurrentEncodesAgreeWithSequentialOnes) {
    const Tokenizer t = Tokenizer::from_file(fixture_model("tiny-nfkc-roberta") / "tokenizer.json");
    const auto texts = golden_texts();
    std::vector<std::vector<int32_t>> want;
    for (const auto& s : texts) want.push_back(t.encode_ids(s, 64));
    std::vector<std::size_t> bad(4, 0);
    std::vector<std::thread> pool;
    for (std::size_t k = 0; k < bad.size(); ++k)
        pool.emplace_back([&, k] {
            for (std::size_t i = k; i < texts.size(); i += 2)  // overlapping halves
                bad[k] += t.encode(texts[i], 64).ids != want[i];
        });
    for (auto& th : pool) th.join();
    EXPECT_EQ(bad, (std::vector<std::size_t>(4, 0)));
}

}  // namespace
}  // namespace jobbert::testing
