// Added tokens (tokenizer.json "added_tokens"), split out of the text before the model sees it,
// as HF tokenizers' AddedVocabulary (tokenizers/src/tokenizer/added_vocabulary.rs):
//   1. tokens with normalized=false are matched on the raw text;
//   2. each remaining piece is normalised, then tokens with normalized=true are matched on it
//      (their content normalised the same way at load).
// Matching is leftmost-longest and non-overlapping (Aho-Corasick LeftmostLongest). A match of a
// single_word token next to a word char (\w) is skipped; lstrip/rstrip extend the match over
// adjacent White_Space (not into an earlier match). The token string reported is the matched
// text, stripped spaces included (e.g. " <mask>").
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tokenizer/json_util.h"
#include "tokenizer/normalizers.h"
#include "tokenizer/pre_tokenizers.h"
#include "tokenizer/unigram.h"

namespace jobbert::detail {

/** One added token with its options. */
struct AddedToken {
    std::string content;
    std::int32_t id = 0;
    bool single_word = false;
    bool lstrip = false;
    bool rstrip = false;
    bool normalized = true;
    bool special = false;
};

/** The added vocabulary of a tokenizer; immutable after load, thread-safe. */
class AddedVocabulary {
public:
    /**
     * Reads "added_tokens" and assigns ids as HF does (the id of the content in the model
     * vocabulary, else the next id after the model / previous added tokens; the "id" field is
     * only a hint). `normalizer` (may be null) normalises the content of normalized tokens.
     */
    static AddedVocabulary from_json(const nlohmann::json& list, const JsonContext& ctx, const UnigramModel& model,
                                     const Normalizer* normalizer);

    /** Splits `text` into pieces: added tokens resolved, other pieces normalised. */
    void extract_and_normalize(std::string_view text, const Normalizer* normalizer, std::vector<Piece>& out) const;

    /** Id of an added token's content, if it is one. */
    std::optional<std::int32_t> token_to_id(std::string_view content) const;
    /** Content of the added token with this id, if any. */
    const std::string* id_to_token(std::int32_t id) const;
    /** Number of distinct contents (HF added_tokens_map.len()). */
    std::size_t size() const noexcept { return by_content_.size(); }
    /** Every (content, id) pair, for vocabulary size computations. */
    const std::unordered_map<std::string, std::int32_t>& contents() const noexcept { return by_content_; }

private:
    /** A matching set: patterns (raw or normalised content) with the token each stands for. */
    struct MatchSet {
        std::vector<std::string> patterns;
        std::vector<std::size_t> token;  // index into tokens_
        bool first_byte[256] = {};
    };
    /** HF split_with_indices: `s` cut around the matches of `set`, pieces appended to `out`. */
    void split(const NormalizedString& s, const MatchSet& set, std::vector<Piece>& out) const;

    std::vector<AddedToken> tokens_;  // per id, the token options (index = position in by_id_)
    std::unordered_map<std::string, std::int32_t> by_content_;
    std::unordered_map<std::int32_t, std::size_t> by_id_;  // id -> index into tokens_
    MatchSet raw_;
    MatchSet normalized_;
};

}  // namespace jobbert::detail
