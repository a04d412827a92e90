// tokenizer.json post-processors for a single sequence: TemplateProcessing and RobertaProcessing
// (HF tokenizers/src/processors/{template,roberta}.rs). Only ids and tokens are produced here;
// type ids and offsets are not part of jobbert's Encoding.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "tokenizer/json_util.h"

namespace jobbert::detail {

/** Special tokens around the encoded sequence; immutable, thread-safe. */
class PostProcessor {
public:
    /** Builds the post-processor of `cfg`. Throws ModelError on unsupported types/options. */
    static PostProcessor from_json(const nlohmann::json& cfg, const JsonContext& ctx, const std::string& path);

    /** Number of ids added around a single sequence (HF added_tokens(false)). */
    std::size_t added_tokens() const noexcept { return n_added_; }

    /** Wraps the content ids (and tokens, if not null) with the special tokens. */
    void apply(std::vector<std::int32_t>& ids, std::vector<std::string>* tokens) const;

private:
    /** One element of the single-sequence template: the sequence, or a special token's ids. */
    struct Item {
        bool is_sequence = false;
        std::vector<std::int32_t> ids;
        std::vector<std::string> tokens;
    };
    std::vector<Item> items_;
    std::size_t n_added_ = 0;
};

}  // namespace jobbert::detail
