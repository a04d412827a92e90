// A string under normalisation, with the byte alignments Hugging Face tokenizers keeps.
//
// HF's NormalizedString (tokenizers/src/tokenizer/normalizer.rs) pairs every byte of the
// normalised text with the (start, end) byte range of the original text it came from, and every
// slice with its offset in the original input (`original_shift`). Only one thing downstream of
// the normaliser reads these offsets and changes tokens because of them: the Metaspace
// pre-tokenizer with prepend_scheme "first" prepends its replacement only to a piece whose original
// offset is 0. HF's alignment arithmetic has quirks (positional consumption of replaced chars,
// drift when a normaliser drops chars without saying so, zero-width alignments skipped when a
// whole-string transform looks up its range), so this class reproduces the arithmetic itself, not
// an idealised version of it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jobbert::detail {

/** Original byte range [start, end) a normalised byte came from, relative to the piece. */
struct Align {
    std::size_t start = 0;
    std::size_t end = 0;
};

/**
 * One char of a transformation stream, with HF's `change`: 0 replaces the next original char,
 * +n (n > 0) inserts a new char, -n replaces the next char and removes the n chars after it.
 */
struct CharChange {
    char32_t c;
    std::ptrdiff_t change;
};

/** A [start, end) byte range of a string, flagged as a pattern match or not (HF `find_matches`). */
struct MatchSpan {
    std::size_t start;
    std::size_t end;
    bool is_match;
};

/** The normalised text of one piece of the input with its alignments (see the file comment). */
class NormalizedString {
public:
    NormalizedString() = default;
    /** A fresh piece: text == original, each byte aligned to the char it belongs to. */
    explicit NormalizedString(std::string_view original);

    /** The normalised text (valid UTF-8). */
    const std::string& get() const noexcept { return text_; }
    bool empty() const noexcept { return text_.empty(); }
    /** Byte offset of this piece's original text in the whole input (HF offsets_original().0). */
    std::size_t original_shift() const noexcept { return shift_; }
    /** Per-byte alignments, relative to original_shift(); size() == get().size(). */
    const std::vector<Align>& alignments() const noexcept { return align_; }

    /**
     * HF transform_range(Range::Normalized(r0..r1), dest, initial_offset): replaces the bytes
     * [r0, r1) (char boundaries) by the chars of `dest`; the first `initial_offset` chars of the
     * range count as removed before the stream starts.
     */
    void transform_range(std::size_t r0, std::size_t r1, const std::vector<CharChange>& dest,
                         std::size_t initial_offset);

    /**
     * HF transform(dest, initial_offset), i.e. transform_range(Range::Original(..)): the range is
     * the original-to-normalised conversion of the whole original text, which skips leading bytes
     * with zero-width alignments.
     */
    void transform(const std::vector<CharChange>& dest, std::size_t initial_offset);

    /**
     * HF NormalizedString::replace: every span with is_match replaced by `content`, the new chars
     * all aligned like the last byte of the span (or (0,0) at offset 0). `spans` cover the text in
     * order, as produced by a pattern's find_matches.
     */
    void replace(const std::vector<MatchSpan>& spans, std::string_view content);

    /** HF prepend(s): no-op on an empty string. */
    void prepend(std::string_view s);

    /** HF slice(Range::Normalized(n0..n1)) on char boundaries: a new piece, rebased alignments. */
    NormalizedString slice(std::size_t n0, std::size_t n1) const;

    /** Direct construction (tests): text and alignments of equal size, shift, original length. */
    NormalizedString(std::string text, std::vector<Align> align, std::size_t shift, std::size_t original_len);

private:
    std::string text_;
    std::vector<Align> align_;
    std::size_t shift_ = 0;
    std::size_t original_len_ = 0;
};

}  // namespace jobbert::detail
