// Tokenizer blocks in isolation: alignment arithmetic, normalizers, pre-tokenizers, charsmap,
// Unicode helpers. Expected values follow HF tokenizers' own unit tests where they exist
// (tokenizers/src/tokenizer/normalizer.rs, normalizers/*.rs, pre_tokenizers/metaspace.rs) and
// were checked against npm tokenizers 0.23.2 otherwise.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/fixtures.h"
#include "tokenizer/json_util.h"
#include "tokenizer/normalized_string.h"
#include "tokenizer/normalizers.h"
#include "tokenizer/pre_tokenizers.h"
#include "tokenizer/precompiled_charsmap.h"
#include "tokenizer/regex.h"
#include "tokenizer/unicode.h"

namespace jobbert::testing {
namespace {

using detail::Align;
using detail::NormalizedString;

std::vector<std::pair<std::size_t, std::size_t>> aligns(const NormalizedString& s) {
    std::vector<std::pair<std::size_t, std::size_t>> v;
    for (const Align& a : s.alignments()) v.emplace_back(a.start, a.end);
    return v;
}

std::unique_ptr<detail::Normalizer> normalizer(const std::string& json) {
    return detail::make_normalizer(nlohmann::json::parse(json), detail::JsonContext("test.json"), "normalizer");
}

std::string normalize(const std::string& json, const std::string& text) {
    NormalizedString s(text);
    normalizer(json)->normalize(s);
    return s.get();
}

std::vector<std::string> pre_tokenize(const std::string& json, const std::string& text) {
    auto pt =
        detail::make_pre_tokenizer(nlohmann::json::parse(json), detail::JsonContext("test.json"), "pre_tokenizer");
    std::vector<detail::Piece> pieces;
    pieces.push_back({NormalizedString(text), -1});
    pt->pre_tokenize(pieces);
    std::vector<std::string> out;
    for (const auto& p : pieces) out.push_back(p.ns.get());
    return out;
}

std::string fixture_charsmap_json() {
    std::ifstream in(fixture_model("tiny-asym-f32") / "tokenizer.json");
    const auto doc = nlohmann::json::parse(in);
    return doc.at("normalizer").at("normalizers").at(0).dump();
}

// ---- NormalizedString --------------------------------------------------------------------

TEST(TokenizerNormalizedString, FreshStringAlignsEachByteToItsChar) {
    const NormalizedString s("aé");
    EXPECT_EQ(aligns(s), (std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {1, 3}, {1, 3}}));
    EXPECT_EQ(s.original_shift(), 0u);
}

TEST(TokenizerNormalizedString, PrependAlignsLikeHf) {
    // HF prepend.rs test: "Hello" + "▁" -> 4 bytes (0,1), then the original alignments.
    NormalizedString s("Hello");
    s.prepend("▁");
    EXPECT_EQ(s.get(), "▁Hello");
    EXPECT_EQ(aligns(s), (std::vector<std::pair<std::size_t, std::size_t>>{
                             {0, 1}, {0, 1}, {0, 1}, {0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}}));
}

TEST(TokenizerNormalizedString, TransformConsumesPositionally) {
    // "abc" -> "Xbc" with 'Y' inserted after X: X replaces a, Y is aligned like the previous byte.
    NormalizedString s("abc");
    s.transform({{U'X', 0}, {U'Y', 1}, {U'b', 0}, {U'c', 0}}, 0);
    EXPECT_EQ(s.get(), "XYbc");
    EXPECT_EQ(aligns(s), (std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {0, 1}, {1, 2}, {2, 3}}));
    // Removal: 'a' absorbs the following char.
    NormalizedString t("abc");
    t.transform({{U'a', -1}, {U'c', 0}}, 0);
    EXPECT_EQ(t.get(), "ac");
    EXPECT_EQ(aligns(t), (std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {2, 3}}));
}

TEST(TokenizerNormalizedString, ReplaceAlignsContentLikeLastMatchedByte) {
    NormalizedString s("a  b");
    s.replace({{0, 1, false}, {1, 3, true}, {3, 4, false}}, "_");
    EXPECT_EQ(s.get(), "a_b");
    EXPECT_EQ(aligns(s), (std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {2, 3}, {3, 4}}));
}

TEST(TokenizerNormalizedString, SliceRebasesOriginalShift) {
    NormalizedString s("ab cd");
    const NormalizedString w = s.slice(3, 5);
    EXPECT_EQ(w.get(), "cd");
    EXPECT_EQ(w.original_shift(), 3u);
    EXPECT_EQ(aligns(w), (std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {1, 2}}));
}

// ---- Normalizers --------------------------------------------------------------------------

TEST(TokenizerNormalizers, NfkcDecomposesCompatibilityCharacters) {
    NormalizedString s("\uFB01");  // ﬁ
    normalizer(R"({"type": "NFKC"})")->normalize(s);
    EXPECT_EQ(s.get(), "fi");
    EXPECT_EQ(aligns(s), (std::vector<std::pair<std::size_t, std::size_t>>{{0, 3}, {0, 3}}));  // HF test_nfkc
    EXPECT_EQ(normalize(R"({"type": "NFKC"})", "\u2474 \uFF21"), "(1) A");
}

TEST(TokenizerNormalizers, NfcComposes) {
    EXPECT_EQ(normalize(R"({"type": "NFC"})", "e\u0301"), "\u00E9");
    EXPECT_EQ(normalize(R"({"type": "NFC"})", "\u1100\u1161\u11A8"), "\uAC01");  // Hangul LVT
    EXPECT_EQ(normalize(R"({"type": "NFC"})", "\uFB01"), "\uFB01");              // no compat mapping
    // Canonical ordering: ccc 220 before ccc 230.
    EXPECT_EQ(normalize(R"({"type": "NFC"})", "a\u0301\u0316"), "\u00E1\u0316");
}

TEST(TokenizerNormalizers, NormalizationUsesHfUnicode9Tables) {
    // U+1FBF5 (Unicode 13) has an NFKC mapping to "5" in current Unicode, not in HF's tables.
    EXPECT_EQ(normalize(R"({"type": "NFKC"})", "\U0001FBF5"), "\U0001FBF5");
    // U+1DF9 (Unicode 10, ccc 220) keeps its place after U+0301 in HF.
    EXPECT_EQ(normalize(R"({"type": "NFC"})", "a\u0301\u1DF9"), "\u00E1\u1DF9");
    EXPECT_EQ(normalize(R"({"type": "NFC"})", "w\u034B\u1DF9"), "w\u034B\u1DF9");
}

TEST(TokenizerNormalizers, LowercaseIsRustCharToLowercase) {
    const std::string lc = R"({"type": "Lowercase"})";
    EXPECT_EQ(normalize(lc, "ABC Déjà"), "abc déjà");
    EXPECT_EQ(normalize(lc, "\u0130"), "i\u0307");             // full mapping
    EXPECT_EQ(normalize(lc, "\u039F\u03A3"), "\u03BF\u03C3");  // no Final_Sigma context
    EXPECT_EQ(normalize(lc, "\u1E9E"), "\u00DF");
}

TEST(TokenizerNormalizers, StripRemovesWhiteSpaceOnlyOnRequestedSides) {
    EXPECT_EQ(normalize(R"({"type": "Strip", "strip_left": true, "strip_right": true})", " \t a b\u3000\n"), "a b");
    EXPECT_EQ(normalize(R"({"type": "Strip", "strip_left": false, "strip_right": true})", "  a  "), "  a");
    EXPECT_EQ(normalize(R"({"type": "Strip", "strip_left": true, "strip_right": false})", "  a  "), "a  ");
    // U+200B is not White_Space.
    EXPECT_EQ(normalize(R"({"type": "Strip", "strip_left": true, "strip_right": true})", "\u200Ba"), "\u200Ba");
}

TEST(TokenizerNormalizers, ReplaceStringAndRegex) {
    EXPECT_EQ(normalize(R"({"type": "Replace", "pattern": {"String": " "}, "content": "▁"})", "a b  c"), "a▁b▁▁c");
    EXPECT_EQ(normalize(R"({"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "})", "a  b   c d"),
              "a b c d");
    // String patterns are literals, not regexes.
    EXPECT_EQ(normalize(R"({"type": "Replace", "pattern": {"String": "a.c"}, "content": "X"})", "abc a.c"), "abc X");
    // Empty matches (Oniguruma find_iter): "x*" on "abxxc" -> "-a-b-c-".
    EXPECT_EQ(normalize(R"({"type": "Replace", "pattern": {"Regex": "x*"}, "content": "-"})", "abxxc"), "-a-b-c-");
    // ^ and $ are line anchors, as in Oniguruma's Ruby syntax.
    EXPECT_EQ(normalize(R"({"type": "Replace", "pattern": {"Regex": "^a"}, "content": "X"})", "a\na"), "X\nX");
}

TEST(TokenizerNormalizers, RegexClassesFollowOniguruma) {
    const auto re = [](const std::string& pat) {
        return R"({"type": "Replace", "pattern": {"Regex": )" + nlohmann::json(pat).dump() + R"(}, "content": "X"})";
    };
    // \s: no U+180E, no U+001C, no U+200B; yes U+0085, U+00A0, U+2028, U+3000.
    EXPECT_EQ(normalize(re("\\s"), "a\u180E\u001C\u200B\u0085\u00A0\u2028\u3000b"), "a\u180E\u001C\u200BXXXXb");
    EXPECT_EQ(normalize(re("[\\s]"), "a\u180E b"), "a\u180EXb");
    EXPECT_EQ(normalize(re("\\S"), "a \u180E"), "X X");
    // \w: letters, marks, all numbers, connector punctuation.
    EXPECT_EQ(normalize(re("\\w"), "a\u00B2\u216B\u203F_\u0663\u0301\u0903\u20DD-"), "XXXXXXXXX-");
    EXPECT_EQ(normalize(re("\\W"), "a-\u203F"), "aX\u203F");
    // \h is a hex digit in Oniguruma; \d is Nd only.
    EXPECT_EQ(normalize(re("\\h"), "af9g \t"), "XXXg \t");
    EXPECT_EQ(normalize(re("\\d"), "1\u00B2\u0663\u216B"), "X\u00B2X\u216B");
    // \b uses the same word definition: a combining mark is part of the word.
    EXPECT_EQ(normalize(re("\\b"), "e\u0301 x"), "Xe\u0301X XxX");
}

TEST(TokenizerNormalizers, PrependSkipsEmptyStrings) {
    EXPECT_EQ(normalize(R"({"type": "Prepend", "prepend": "▁"})", "ab"), "▁ab");
    EXPECT_EQ(normalize(R"({"type": "Prepend", "prepend": "▁"})", ""), "");
}

TEST(TokenizerNormalizers, SequenceRunsInOrder) {
    EXPECT_EQ(normalize(R"({"type": "Sequence", "normalizers": [{"type": "NFKC"}, {"type": "Lowercase"},
                         {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]})",
                        "\uFF21\uFF22  C"),
              "ab c");
}

TEST(TokenizerNormalizers, PrecompiledCharsmapPerGrapheme) {
    const std::string pc = fixture_charsmap_json();
    EXPECT_EQ(normalize(pc, "\uFB01x"), "fix");  // NFKC-like mapping
    EXPECT_EQ(normalize(pc, "\u3392"), "MHz");   // one char -> three
    EXPECT_EQ(normalize(pc, "Software Engineer"), "Software Engineer");
    // A cluster shorter than 6 bytes is replaced as a whole by its shortest mapped prefix:
    // CR LF is one cluster, "\r" maps to a space, so CR LF becomes ONE space.
    EXPECT_EQ(normalize(pc, "a\r\nb"), "a b");
    EXPECT_EQ(normalize(pc, "a\rb\nc"), "a b c");
}

TEST(TokenizerCharsmap, RejectsTruncatedOrInvalidBlobs) {
    EXPECT_THROW(detail::PrecompiledCharsmap::parse(std::string("\x01\x00", 2)), std::invalid_argument);
    EXPECT_THROW(detail::PrecompiledCharsmap::parse(std::string("\x08\x00\x00\x00\x00\x00\x00\x00", 8)),
                 std::invalid_argument);
    EXPECT_THROW(detail::base64_decode("ab$d"), std::invalid_argument);
    EXPECT_EQ(detail::base64_decode("aGVsbG8="), "hello");
}

// ---- Pre-tokenizers -----------------------------------------------------------------------

TEST(TokenizerPreTokenizers, MetaspaceAlwaysSplitsBeforeEachReplacement) {
    const std::string ms = R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true})";
    EXPECT_EQ(pre_tokenize(ms, "Hey friend!"), (std::vector<std::string>{"▁Hey", "▁friend!"}));
    EXPECT_EQ(pre_tokenize(ms, "Hey   friend!"), (std::vector<std::string>{"▁Hey", "▁", "▁", "▁friend!"}));
    EXPECT_EQ(pre_tokenize(ms, " x"), (std::vector<std::string>{"▁x"}));
}

TEST(TokenizerPreTokenizers, MetaspaceSchemesAndNoSplit) {
    EXPECT_EQ(
        pre_tokenize(R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "never", "split": true})", "a b"),
        (std::vector<std::string>{"a", "▁b"}));
    EXPECT_EQ(
        pre_tokenize(R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": false})", "a b"),
        (std::vector<std::string>{"▁a▁b"}));
    // Legacy key.
    EXPECT_EQ(pre_tokenize(R"({"type": "Metaspace", "replacement": "▁", "add_prefix_space": true})", "a"),
              (std::vector<std::string>{"▁a"}));
    // Other replacement characters.
    EXPECT_EQ(pre_tokenize(R"({"type": "Metaspace", "replacement": "_", "prepend_scheme": "always"})", "a b"),
              (std::vector<std::string>{"_a", "_b"}));
}

TEST(TokenizerPreTokenizers, MetaspaceFirstOnlyAtOriginalOffsetZero) {
    const std::string seq = R"({"type": "Sequence", "pretokenizers": [{"type": "WhitespaceSplit"},
        {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": true}]})";
    EXPECT_EQ(pre_tokenize(seq, "ab cd"), (std::vector<std::string>{"▁ab", "cd"}));
    // The first word does not start at original offset 0: no prepend at all.
    EXPECT_EQ(pre_tokenize(seq, " ab cd"), (std::vector<std::string>{"ab", "cd"}));
}

TEST(TokenizerPreTokenizers, WhitespaceSplitDropsWhiteSpace) {
    EXPECT_EQ(pre_tokenize(R"({"type": "WhitespaceSplit"})", " a\tb\u3000c\u00A0d\u200Be "),
              (std::vector<std::string>{"a", "b", "c", "d\u200Be"}));
    EXPECT_TRUE(pre_tokenize(R"({"type": "WhitespaceSplit"})", " \n ").empty());
}

// ---- Unicode helpers ----------------------------------------------------------------------

TEST(TokenizerUnicode, GraphemeBoundaries) {
    std::vector<std::size_t> b;
    detail::unicode::grapheme_boundaries("a\r\nb", b);
    EXPECT_EQ(b, (std::vector<std::size_t>{0, 1, 3, 4}));
    detail::unicode::grapheme_boundaries("e\u0301x", b);  // e + combining acute is one cluster
    EXPECT_EQ(b, (std::vector<std::size_t>{0, 3, 4}));
    detail::unicode::grapheme_boundaries("\U0001F468\u200D\U0001F469", b);  // ZWJ sequence
    EXPECT_EQ(b, (std::vector<std::size_t>{0, 11}));
}

TEST(TokenizerUnicode, WordAndWhitespaceClasses) {
    EXPECT_TRUE(detail::unicode::is_whitespace(U'\u0085'));
    EXPECT_TRUE(detail::unicode::is_whitespace(U'\u3000'));
    EXPECT_FALSE(detail::unicode::is_whitespace(U'\u200B'));
    EXPECT_TRUE(detail::unicode::is_word_char(U'\u0301'));  // combining mark
    EXPECT_TRUE(detail::unicode::is_word_char(U'_'));
    EXPECT_TRUE(detail::unicode::is_word_char(U'\u0663'));  // Arabic-Indic digit
    EXPECT_FALSE(detail::unicode::is_word_char(U'-'));
}

TEST(TokenizerRegex, FindMatchesCoversTheText) {
    const detail::Regex re("b+", false);
    const auto spans = re.find_matches("abbcb");
    ASSERT_EQ(spans.size(), 4u);
    EXPECT_TRUE(spans[1].is_match);
    EXPECT_EQ(spans[1].start, 1u);
    EXPECT_EQ(spans[1].end, 3u);
    EXPECT_EQ(spans[3].start, 4u);
    EXPECT_THROW(detail::Regex("(", false), std::invalid_argument);
    EXPECT_THROW(detail::Regex("[\\S]", false), std::invalid_argument);
}

}  // namespace
}  // namespace jobbert::testing
