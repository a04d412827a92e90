// jobbert.cpp — the reference's input handling, reproduced exactly.
//
// sentence-transformers' Transformer module does `text.strip()` and, when the model's
// sentence_bert_config.json sets do_lower_case, `text.lower()` (Python 3 semantics) before the
// tokenizer sees the text. These functions reproduce both on UTF-8 strings.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace jobbert {

/**
 * Offset of the first byte that makes `text` invalid UTF-8 (overlong forms, surrogates,
 * code points above U+10FFFF and truncated sequences are invalid), or std::nullopt if valid.
 */
std::optional<std::size_t> find_invalid_utf8(std::string_view text) noexcept;

/** Throws Utf8Error("invalid UTF-8 at byte N") if `text` is not valid UTF-8. */
void check_utf8(std::string_view text);

/**
 * True if code point `cp` is whitespace for Python's str.isspace()/str.strip(): general
 * category Zs, or bidirectional class WS, B or S (CPython's makeunicodedata.py). This covers
 * U+0009..U+000D, U+001C..U+001F, U+0085, U+00A0, ... but not U+200B or U+FEFF.
 * Unicode data from ICU.
 */
bool is_python_space(char32_t cp) noexcept;

/** Python's `text.strip()` on UTF-8. Throws Utf8Error on invalid UTF-8. */
std::string python_strip(std::string_view text);

/**
 * Python's `text.lower()` on UTF-8: full Unicode lowercase mapping (SpecialCasing, e.g.
 * U+0130 -> "i\u0307") with the Final_Sigma context rule, no locale tailoring. Unicode data
 * from ICU (u_strToLower, root locale). Throws Utf8Error on invalid UTF-8.
 */
std::string python_lower(std::string_view text);

}  // namespace jobbert
