// jobbert::detail::TokenizerImpl: the loaded tokenizer.json pipeline behind jobbert::Tokenizer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/added_vocabulary.h"
#include "tokenizer/normalizers.h"
#include "tokenizer/post_processor.h"
#include "tokenizer/pre_tokenizers.h"
#include "tokenizer/unigram.h"

namespace jobbert::detail {

/**
 * The blocks of one tokenizer.json, in pipeline order: added tokens split out of the raw text,
 * normalizer, pre-tokenizer, Unigram model, truncation, post-processor. Immutable, thread-safe.
 */
struct TokenizerImpl {
    std::string origin;
    std::unique_ptr<Normalizer> normalizer;       // null: none
    std::unique_ptr<PreTokenizer> pre_tokenizer;  // null: none
    UnigramModel model;
    AddedVocabulary added;
    std::optional<PostProcessor> post_processor;  // nullopt: none
    std::size_t default_max_length = 0;           // tokenizer.json "truncation" (0: none)
    std::size_t vocab_size = 0;                   // distinct strings, model + added

    /** Parses a tokenizer.json document. Throws ModelError naming `origin` and the key. */
    static std::shared_ptr<const TokenizerImpl> load(std::string_view json, const std::string& origin);

    /**
     * Encodes `text` (any bytes: validated here). Fills ids, and tokens when `tokens` is not
     * null. max_length 0 means the tokenizer.json truncation, if any.
     */
    void encode(std::string_view text, std::size_t max_length, std::vector<std::int32_t>& ids,
                std::vector<std::string>* tokens) const;
};

}  // namespace jobbert::detail
