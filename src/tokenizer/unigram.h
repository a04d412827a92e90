// The Unigram model of tokenizer.json: Viterbi segmentation over piece scores, as HF tokenizers
// does it (tokenizers/src/models/unigram/model.rs, encode_optimized + tokenize).
//
// Best path: for each char boundary in increasing order, every vocabulary piece starting there
// (shortest first) offers score + best(start) to best(end); an offer replaces the current best
// only if strictly greater, so among equal scores the first offer wins. A char with no
// single-char piece is offered as <unk> with score min_score - 10. Consecutive <unk> nodes of
// the best path are fused into one token; a token string absent from the vocabulary becomes
// <0xXX> byte pieces when byte_fallback is set (and every byte piece exists), else unk_id.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/json_util.h"

namespace jobbert::detail {

/** A loaded Unigram model; immutable, thread-safe. */
class UnigramModel {
public:
    /** Reads the "model" object (type Unigram): vocab [[piece, score], ...], unk_id, byte_fallback. */
    static UnigramModel from_json(const nlohmann::json& cfg, const JsonContext& ctx, const std::string& path);

    /** Number of vocabulary entries (HF get_vocab_size of the model). */
    std::size_t size() const noexcept { return pieces_.size(); }
    /** Number of distinct piece strings (HF's token-to-id map size). */
    std::size_t distinct_pieces() const noexcept { return distinct_; }
    /** Id of `piece` (the last entry with that string, as HF's HashMap), if any. */
    std::optional<std::int32_t> token_to_id(std::string_view piece) const noexcept;
    /** Piece string of `id` (0 <= id < size()). */
    const std::string& piece(std::int32_t id) const { return pieces_[static_cast<std::size_t>(id)]; }

    /**
     * Tokenizes one pre-tokenized piece `s` (valid UTF-8), appending ids and, if `tokens` is not
     * null, the token strings. Throws InputError if a char is unknown and the model has no unk_id.
     */
    void tokenize(std::string_view s, std::vector<std::int32_t>& ids, std::vector<std::string>* tokens) const;

private:
    /** Trie node: edges [edge_begin, edge_end) into labels_/children_, id of the piece ending here. */
    struct Node {
        std::uint32_t edge_begin;
        std::uint32_t edge_end;
        std::int32_t id;
    };
    std::uint32_t child(std::uint32_t node, unsigned char b) const noexcept;
    void build_trie();

    std::vector<std::string> pieces_;
    std::vector<double> scores_;
    std::vector<Node> nodes_;
    std::vector<unsigned char> labels_;
    std::vector<std::uint32_t> children_;
    std::array<std::uint32_t, 256> root_children_{};  // 0 = none (node 0 is the root)
    double unk_score_ = 0.0;
    std::optional<std::int32_t> unk_id_;
    bool byte_fallback_ = false;
    std::size_t distinct_ = 0;
    std::array<std::int32_t, 256> byte_ids_{};  // id of "<0xXX>", -1 if absent
};

}  // namespace jobbert::detail
