// SentencePiece's precompiled_charsmap: a Darts double-array trie over UTF-8 bytes whose leaves
// point into a blob of NUL-terminated replacement strings.
//
// Binary layout (SentencePiece normalizer.cc, HF spm_precompiled): u32le trie_size (bytes),
// trie_size/4 u32le units, then the replacement blob. A unit packs has_leaf (bit 8), value
// (bits 0..30), label (bits 0..7 and bit 31) and offset ((u >> 10) << ((u & 512) >> 6)).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobbert::detail {

/** A parsed precompiled_charsmap; immutable, thread-safe. */
class PrecompiledCharsmap {
public:
    /**
     * Parses the decoded (not base64) charsmap. Throws std::invalid_argument (message without
     * file context) if it is truncated or its replacement blob is not valid UTF-8.
     */
    static PrecompiledCharsmap parse(std::string_view bytes);

    /**
     * HF spm_precompiled `transform`: the replacement of the *shortest* prefix of `chunk` that is
     * a key of the trie (the search stops at a NUL byte), or nullopt if no prefix is a key. The
     * returned view points into this object.
     */
    std::optional<std::string_view> transform(std::string_view chunk) const noexcept;

private:
    std::vector<std::uint32_t> units_;
    std::string normalized_;
};

/** Decodes standard base64 (RFC 4648, '=' padding optional). Throws std::invalid_argument. */
std::string base64_decode(std::string_view text);

}  // namespace jobbert::detail
