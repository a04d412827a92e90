// Helpers for the tokenizer unit tests: small tokenizer.json documents built from parts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "jobbert/tokenizer.h"

namespace jobbert::testing {

/** A tokenizer.json with the given blocks ("null" for none) and Unigram vocabulary. */
struct TokenizerSpec {
    std::string normalizer = "null";
    std::string pre_tokenizer = "null";
    std::string post_processor = "null";
    std::string added_tokens = "[]";
    std::string vocab = R"([["<unk>", 0.0], ["<s>", 0.0], ["</s>", 0.0], ["a", -1.0], ["b", -1.5],
                            ["ab", -2.0], ["▁", -1.0], ["▁a", -1.2], ["▁b", -2.2], ["c", -3.0]])";
    std::string unk_id = "0";
    bool byte_fallback = false;

    std::string json() const {
        return std::string(R"({"version": "1.0", "truncation": null, "padding": null, "added_tokens": )") +
               added_tokens + R"(, "normalizer": )" + normalizer + R"(, "pre_tokenizer": )" + pre_tokenizer +
               R"(, "post_processor": )" + post_processor +
               R"(, "decoder": null, "model": {"type": "Unigram", "unk_id": )" + unk_id + R"(, "byte_fallback": )" +
               (byte_fallback ? "true" : "false") + R"(, "vocab": )" + vocab + "}}";
    }
    Tokenizer build() const { return Tokenizer::from_json(json(), "test.json"); }
};

/** An added-token entry. */
inline std::string added_token(int id, const std::string& content, bool lstrip = false, bool rstrip = false,
                               bool single_word = false, bool normalized = false, bool special = true) {
    nlohmann::json j = {{"id", id},          {"content", content}, {"single_word", single_word},
                        {"lstrip", lstrip},  {"rstrip", rstrip},   {"normalized", normalized},
                        {"special", special}};
    return j.dump();
}

inline std::vector<std::string> tokens_of(const Tokenizer& t, const std::string& text, std::size_t max_length = 0) {
    return t.encode(text, max_length).tokens;
}

}  // namespace jobbert::testing
