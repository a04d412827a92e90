// Unicode character data for the tokenizer, all from ICU (never hand-written tables).
//
// Each function reproduces the Rust primitive HF tokenizers uses for the same job; the comments
// name that primitive. Where HF's own data is older than ICU's (its NFC/NFKC tables), the
// difference is expressed through ICU's u_charAge, not through a list of characters.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "tokenizer/normalized_string.h"

namespace jobbert::detail::unicode {

/** Rust `char::is_whitespace` / regex `\s`: the White_Space property. */
bool is_whitespace(char32_t c) noexcept;

/** Rust regex `\w` (Unicode): Alphabetic, M, Nd, Pc or Join_Control. */
bool is_word_char(char32_t c) noexcept;

/**
 * Rust `char::to_lowercase(c)`: the full, context-free lowercase mapping (U+0130 -> "i\u0307",
 * a lone capital sigma -> small sigma). Appends the 1..3 resulting chars to `out`.
 */
void to_lowercase(char32_t c, std::vector<char32_t>& out);

/**
 * The Unicode version of the normalisation tables in HF tokenizers' NFC/NFKC
 * (crate unicode-normalization-alignments 0.1.12): 9.0. Characters assigned later have no
 * decomposition, combining class 0 and never compose there. (Measured against npm tokenizers
 * 0.23.2: every 10.0+ combining mark keeps its position, every 12.0+ compatibility mapping is
 * missing; Unicode 10 and 11 added no decompositions.)
 */
inline constexpr int kHfNormalizationUnicodeMajor = 9;

/**
 * True if `text` (valid UTF-8) is unchanged by NFC (compat = false) or NFKC (compat = true) with
 * HF's tables; a fast pre-check, may return false for some normalised strings.
 */
bool is_normalized_quick(std::string_view text, bool compat);

/**
 * The (char, change) stream HF's NFC / NFKC produces for `text` (valid UTF-8): full canonical or
 * compatibility decomposition (first char of each decomposition change 0, others +1), stable
 * canonical ordering, then canonical composition (a composed pair carries k + change - 1), as in
 * unicode-normalization-alignments' decompose.rs / recompose.rs. Character data from ICU, capped
 * at kHfNormalizationUnicodeMajor.
 */
void normalization_stream(std::string_view text, bool compat, std::vector<CharChange>& out);

/**
 * Byte offsets of the extended grapheme cluster boundaries of `text` (valid UTF-8), 0 and
 * text.size() included (Rust unicode-segmentation `graphemes(true)`; ICU character break rules).
 */
void grapheme_boundaries(std::string_view text, std::vector<std::size_t>& out);

}  // namespace jobbert::detail::unicode
