// jobbert.cpp — Hugging Face tokenizer.json (XLM-R Unigram pipeline) in C++.
//
// Interprets tokenizer.json generically: added tokens are split out of the raw text first, then
// normalizer -> pre-tokenizer -> Unigram model -> post-processor (special tokens), with
// truncation. Output equals Hugging Face `tokenizers` (the Rust library) id for id and token for
// token. The tokenizer does no stripping or lowercasing of its own beyond what tokenizer.json
// says; the model's input handling (jobbert/text.h) is applied by jobbert::Model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobbert {

namespace detail {
struct TokenizerImpl;
}

/** One encoded text: token ids and the matching token strings (pieces) as HF reports them. */
struct Encoding {
    std::vector<int32_t> ids;         ///< [n_tokens] vocabulary ids, specials included
    std::vector<std::string> tokens;  ///< [n_tokens] UTF-8 piece strings (e.g. "▁nurse", " <mask>")
};

/**
 * An immutable tokenizer loaded from tokenizer.json. Cheap to copy (shared state) and safe to
 * use from many threads at once.
 */
class Tokenizer {
public:
    /**
     * Loads tokenizer.json. Throws ModelError naming the file and the JSON key for unreadable
     * files, malformed JSON, or a block type / option this implementation does not support.
     */
    static Tokenizer from_file(const std::filesystem::path& path);

    /** Same as from_file on an in-memory JSON document; `origin` names it in error messages. */
    static Tokenizer from_json(std::string_view json, const std::string& origin = "tokenizer.json");

    /**
     * Encodes one raw UTF-8 text with the special tokens of the post-processor. When
     * max_length > 0, the content is truncated (right side) so that the result, specials
     * included, has at most max_length tokens. Throws Utf8Error (naming the byte offset) on
     * invalid UTF-8, InputError if max_length is smaller than the number of special tokens.
     */
    Encoding encode(std::string_view text, std::size_t max_length = 0) const;

    /** encode(text, max_length).ids without building the token strings (faster). */
    std::vector<int32_t> encode_ids(std::string_view text, std::size_t max_length = 0) const;

    /** Number of ids in the vocabulary (model pieces plus added tokens), e.g. 250002. */
    std::size_t vocab_size() const;

    /** Id of a piece or added token, if it exists. */
    std::optional<int32_t> token_to_id(std::string_view token) const;

    /** Piece string of an id. Throws InputError if the id is out of range. */
    std::string id_to_token(int32_t id) const;

private:
    explicit Tokenizer(std::shared_ptr<const detail::TokenizerImpl> impl);
    std::shared_ptr<const detail::TokenizerImpl> impl_;
};

}  // namespace jobbert
