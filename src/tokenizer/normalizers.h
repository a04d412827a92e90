// tokenizer.json normalizers: Sequence, Precompiled, Replace, Strip, NFC, NFKC, Lowercase,
// Prepend. Each reproduces the HF tokenizers normalizer of the same name (tokenizers/src/
// normalizers/*.rs), including the (char, change) streams that drive the alignments.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "tokenizer/json_util.h"
#include "tokenizer/normalized_string.h"
#include "tokenizer/precompiled_charsmap.h"
#include "tokenizer/regex.h"

namespace jobbert::detail {

/** A normalizer block; immutable after construction, thread-safe. */
class Normalizer {
public:
    virtual ~Normalizer() = default;
    /** Normalises `s` in place (its text and alignments). */
    virtual void normalize(NormalizedString& s) const = 0;
};

/** Builds the normalizer described by `cfg` ("normalizer" object). Throws ModelError naming any
 *  unsupported type or option, with `path` (e.g. "normalizer.normalizers[1]") as context. */
std::unique_ptr<Normalizer> make_normalizer(const nlohmann::json& cfg, const JsonContext& ctx, const std::string& path);

/** Sequence: each normalizer in order. */
class SequenceNormalizer final : public Normalizer {
public:
    explicit SequenceNormalizer(std::vector<std::unique_ptr<Normalizer>> parts) : parts_(std::move(parts)) {}
    void normalize(NormalizedString& s) const override;

private:
    std::vector<std::unique_ptr<Normalizer>> parts_;
};

/**
 * Precompiled: SentencePiece's charsmap applied per extended grapheme cluster as HF does
 * (normalizers/precompiled.rs): a cluster shorter than 6 bytes whose *shortest* prefix is a key
 * is replaced as a whole; otherwise each char is looked up on its own.
 */
class PrecompiledNormalizer final : public Normalizer {
public:
    explicit PrecompiledNormalizer(PrecompiledCharsmap cm) : cm_(std::move(cm)) {}
    void normalize(NormalizedString& s) const override;

private:
    PrecompiledCharsmap cm_;
};

/** Replace: every match of a String (literal) or Regex pattern replaced by `content`. */
class ReplaceNormalizer final : public Normalizer {
public:
    ReplaceNormalizer(std::unique_ptr<Regex> re, std::string content)
        : re_(std::move(re)), content_(std::move(content)) {}
    void normalize(NormalizedString& s) const override;

private:
    std::unique_ptr<Regex> re_;
    std::string content_;
};

/** Strip: leading and/or trailing White_Space chars removed (HF lrstrip). */
class StripNormalizer final : public Normalizer {
public:
    StripNormalizer(bool left, bool right) : left_(left), right_(right) {}
    void normalize(NormalizedString& s) const override;

private:
    bool left_;
    bool right_;
};

/** NFC (compat = false) or NFKC (compat = true), with HF's Unicode 9.0 tables. */
class UnicodeNormalizer final : public Normalizer {
public:
    explicit UnicodeNormalizer(bool compat) : compat_(compat) {}
    void normalize(NormalizedString& s) const override;

private:
    bool compat_;
};

/** Lowercase: Rust char::to_lowercase on every char. */
class LowercaseNormalizer final : public Normalizer {
public:
    void normalize(NormalizedString& s) const override;
};

/** Prepend: `prepend` inserted before a non-empty string. */
class PrependNormalizer final : public Normalizer {
public:
    explicit PrependNormalizer(std::string prepend) : prepend_(std::move(prepend)) {}
    void normalize(NormalizedString& s) const override;

private:
    std::string prepend_;
};

}  // namespace jobbert::detail
