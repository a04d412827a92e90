// Tokenizer errors: every unsupported block or option is a ModelError naming it; bad input is a
// Utf8Error / InputError naming the problem. Messages are part of the contract.
#include <gtest/gtest.h>

#include "jobbert/error.h"
#include "unit/tokenizer_test_util.h"

namespace jobbert::testing {
namespace {

template <class E, class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("wrong exception type: ") + e.what();
    }
    return "no exception";
}

std::string load_error(const TokenizerSpec& spec) {
    return error_of<ModelError>([&] { (void)spec.build(); });
}

TEST(TokenizerErrors, UnsupportedNormalizerType) {
    TokenizerSpec spec;
    spec.normalizer = R"({"type": "BertNormalizer", "lowercase": true})";
    EXPECT_EQ(load_error(spec), "test.json: normalizer type 'BertNormalizer' is not supported");
    spec.normalizer = R"({"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "NFD"}]})";
    EXPECT_EQ(load_error(spec), "test.json: normalizer type 'NFD' is not supported (at normalizer.normalizers[1])");
}

TEST(TokenizerErrors, DefaultOriginIsTokenizerJson) {
    TokenizerSpec spec;
    spec.normalizer = R"({"type": "BertNormalizer"})";
    EXPECT_EQ(error_of<ModelError>([&] { (void)Tokenizer::from_json(spec.json()); }),
              "tokenizer.json: normalizer type 'BertNormalizer' is not supported");
}

TEST(TokenizerErrors, UnsupportedPreTokenizerModelAndPostProcessor) {
    TokenizerSpec spec;
    spec.pre_tokenizer = R"({"type": "ByteLevel", "add_prefix_space": false})";
    EXPECT_EQ(load_error(spec), "test.json: pre_tokenizer type 'ByteLevel' is not supported");
    spec = TokenizerSpec();
    spec.post_processor = R"({"type": "BertProcessing", "sep": ["</s>", 2], "cls": ["<s>", 1]})";
    EXPECT_EQ(load_error(spec), "test.json: post_processor type 'BertProcessing' is not supported");
    std::string json = TokenizerSpec().json();
    json.replace(json.find(R"("type": "Unigram")"), 17, R"("type": "BPE")");
    EXPECT_EQ(error_of<ModelError>([&] { (void)Tokenizer::from_json(json, "x.json"); }),
              "x.json: model type 'BPE' is not supported");
}

TEST(TokenizerErrors, UnsupportedOptions) {
    TokenizerSpec spec;
    spec.pre_tokenizer = R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "sometimes"})";
    EXPECT_EQ(load_error(spec), "test.json: pre_tokenizer.prepend_scheme 'sometimes' is not supported");
    spec.pre_tokenizer = R"({"type": "Metaspace", "replacement": "▁", "add_prefix_space": false})";
    EXPECT_EQ(load_error(spec), "test.json: pre_tokenizer: add_prefix_space does not match declared prepend_scheme");
    spec.pre_tokenizer = R"({"type": "Metaspace", "replacement": "▁▁"})";
    EXPECT_EQ(load_error(spec), "test.json: key 'pre_tokenizer.replacement' must be a single character");
    spec = TokenizerSpec();
    spec.normalizer = R"({"type": "Replace", "pattern": {"Glob": "*"}, "content": ""})";
    EXPECT_EQ(load_error(spec), "test.json: normalizer.pattern kind 'Glob' is not supported");
    spec.normalizer = R"({"type": "Replace", "pattern": {"Regex": "("}, "content": ""})";
    EXPECT_EQ(load_error(spec).rfind("test.json: normalizer.pattern: invalid regex '(': ", 0), 0u);
    spec.normalizer = R"({"type": "Precompiled", "precompiled_charsmap": "AAAA"})";
    EXPECT_EQ(load_error(spec), "test.json: normalizer.precompiled_charsmap: precompiled_charsmap is truncated");
    spec.normalizer = R"({"type": "Precompiled", "precompiled_charsmap": null})";
    EXPECT_EQ(load_error(spec), "test.json: key 'normalizer.precompiled_charsmap' must be a base64 string");
    spec = TokenizerSpec();
    spec.post_processor = R"({"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}],
                              "pair": [], "special_tokens": {}})";
    EXPECT_EQ(load_error(spec),
              "test.json: 'post_processor.single[0]': missing SpecialToken with id '[CLS]' in "
              "post_processor.special_tokens");
    std::string json = TokenizerSpec().json();
    json.replace(json.find(R"("padding": null)"), 15, R"("padding": {"strategy": "BatchLongest"})");
    EXPECT_EQ(error_of<ModelError>([&] { (void)Tokenizer::from_json(json, "p.json"); }),
              "p.json: padding is not supported (set \"padding\": null)");
}

TEST(TokenizerErrors, MalformedDocuments) {
    EXPECT_EQ(
        error_of<ModelError>([] { (void)Tokenizer::from_json("{", "m.json"); }).rfind("m.json: malformed JSON: ", 0),
        0u);
    EXPECT_EQ(error_of<ModelError>([] { (void)Tokenizer::from_json("[]", "m.json"); }),
              "m.json: the document must be a JSON object");
    EXPECT_EQ(error_of<ModelError>([] { (void)Tokenizer::from_json(R"({"version": "1.0"})", "m.json"); }),
              "m.json: missing key 'tokenizer.model'");
    EXPECT_EQ(error_of<ModelError>([] { (void)Tokenizer::from_json(R"({"version": "2.0", "model": {}})", "m.json"); }),
              "m.json: tokenizer.json version \"2.0\" is not supported");
    TokenizerSpec spec;
    spec.vocab = R"([["a", 0.0], ["b"]])";
    EXPECT_EQ(load_error(spec), "test.json: model.vocab[1] must be [piece, score]");
    spec = TokenizerSpec();
    spec.unk_id = "99";
    EXPECT_EQ(load_error(spec), "test.json: model: unk_id 99 is not in the vocabulary of 10");
    spec = TokenizerSpec();
    spec.added_tokens = R"([{"id": 3, "special": true}])";
    EXPECT_EQ(load_error(spec), "test.json: missing key 'added_tokens[0].content'");
    EXPECT_EQ(error_of<ModelError>([] { (void)Tokenizer::from_file("/nonexistent/tokenizer.json"); }),
              "/nonexistent/tokenizer.json: cannot open file");
}

TEST(TokenizerErrors, InvalidUtf8NamesTheByteOffset) {
    const Tokenizer t = TokenizerSpec().build();
    try {
        (void)t.encode(std::string("ab\xC3(", 4));
        FAIL() << "expected Utf8Error";
    } catch (const Utf8Error& e) {
        EXPECT_STREQ(e.what(), "invalid UTF-8 at byte 2");
        EXPECT_EQ(e.byte_offset(), 2u);
    }
    EXPECT_EQ(error_of<Utf8Error>([&] { (void)t.encode_ids(std::string("\xED\xA0\x80", 3)); }),
              "invalid UTF-8 at byte 0");  // surrogate
    EXPECT_EQ(error_of<Utf8Error>([&] { (void)t.encode(std::string("a\xF4\x90\x80\x80", 5)); }),
              "invalid UTF-8 at byte 1");  // above U+10FFFF
}

TEST(TokenizerErrors, MaxLengthBelowSpecialsAndIdOutOfRange) {
    TokenizerSpec spec;
    spec.post_processor = R"({"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 1]})";
    const Tokenizer t = spec.build();
    EXPECT_EQ(error_of<InputError>([&] { (void)t.encode("a", 1); }),
              "max_length 1 is smaller than the number of special tokens (2)");
    EXPECT_EQ(error_of<InputError>([&] { (void)t.id_to_token(10); }), "token id 10 is out of range");
    EXPECT_EQ(error_of<InputError>([&] { (void)t.id_to_token(-1); }), "token id -1 is out of range");
}

}  // namespace
}  // namespace jobbert::testing
