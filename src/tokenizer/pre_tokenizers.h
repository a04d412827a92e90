// tokenizer.json pre-tokenizers: Metaspace, WhitespaceSplit, Sequence (HF tokenizers
// tokenizers/src/pre_tokenizers/{metaspace,whitespace,sequence}.rs).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "tokenizer/json_util.h"
#include "tokenizer/normalized_string.h"

namespace jobbert::detail {

/**
 * One split of the input on its way through the pipeline (HF PreTokenizedString's Split):
 * either text for the model, or an added token already resolved (added_id >= 0, the token string
 * being the text of `ns`).
 */
struct Piece {
    NormalizedString ns;
    std::int32_t added_id = -1;
};

/** A pre-tokenizer block; immutable, thread-safe. */
class PreTokenizer {
public:
    virtual ~PreTokenizer() = default;
    /** Splits every piece that is not an added token; empty results are dropped (as HF). */
    virtual void pre_tokenize(std::vector<Piece>& pieces) const = 0;
};

/** Builds the pre-tokenizer described by `cfg`. Throws ModelError on unsupported types/options. */
std::unique_ptr<PreTokenizer> make_pre_tokenizer(const nlohmann::json& cfg, const JsonContext& ctx,
                                                 const std::string& path);

/** Where Metaspace prepends its replacement (HF PrependScheme). */
enum class PrependScheme { Always, First, Never };

/**
 * Metaspace: every ' ' becomes `replacement`; the replacement is prepended (Always: to every
 * piece not starting with it; First: only to a piece whose original offset is 0; Never); then,
 * if `split`, the piece is cut before every replacement char (MergedWithNext).
 */
class MetaspacePreTokenizer final : public PreTokenizer {
public:
    MetaspacePreTokenizer(char32_t replacement, PrependScheme scheme, bool split);
    void pre_tokenize(std::vector<Piece>& pieces) const override;

private:
    std::string rep_;
    PrependScheme scheme_;
    bool split_;
};

/** WhitespaceSplit: pieces cut on White_Space chars, which are removed. */
class WhitespaceSplitPreTokenizer final : public PreTokenizer {
public:
    void pre_tokenize(std::vector<Piece>& pieces) const override;
};

/** Sequence: each pre-tokenizer in order over all pieces. */
class SequencePreTokenizer final : public PreTokenizer {
public:
    explicit SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> parts) : parts_(std::move(parts)) {}
    void pre_tokenize(std::vector<Piece>& pieces) const override;

private:
    std::vector<std::unique_ptr<PreTokenizer>> parts_;
};

}  // namespace jobbert::detail
