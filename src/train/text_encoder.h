// Text -> token ids exactly as the model sees them at inference: the reference's input handling
// (Python str.strip(), str.lower() when do_lower_case), then tokenizer.json with <s> ... </s>,
// truncated to max_seq_length tokens including the two specials (jobbert::Model::tokenize).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "jobbert/tokenizer.h"

namespace jobbert::train {

/** Tokenizes training texts. Immutable; safe to use from several threads. */
class TextEncoder {
public:
    TextEncoder(Tokenizer tokenizer, std::size_t max_seq_length, bool do_lower_case);

    /** Token ids of one text [n_tokens], n_tokens <= max_seq_length. Throws Utf8Error. */
    std::vector<int32_t> encode(std::string_view text) const;

    /** encode() of every text, in parallel over `threads` threads (0 = OpenMP default). */
    std::vector<std::vector<int32_t>> encode_all(const std::vector<std::string>& texts, int threads = 0) const;

    std::size_t max_seq_length() const { return max_seq_length_; }
    const Tokenizer& tokenizer() const { return tokenizer_; }

private:
    Tokenizer tokenizer_;
    std::size_t max_seq_length_;
    bool lower_;
};

}  // namespace jobbert::train
