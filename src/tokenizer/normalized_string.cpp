// NormalizedString: HF tokenizers' alignment arithmetic (tokenizers/src/tokenizer/normalizer.rs).
#include "tokenizer/normalized_string.h"

#include <optional>

#include "text/utf8.h"

namespace jobbert::detail {

NormalizedString::NormalizedString(std::string_view original)
    : text_(original), align_(original.size()), shift_(0), original_len_(original.size()) {
    for (std::size_t i = 0; i < original.size();) {
        const std::size_t n = utf8::sequence_length(static_cast<unsigned char>(original[i]));
        const std::size_t end = i + n < original.size() ? i + n : original.size();
        for (std::size_t k = i; k < end; ++k) align_[k] = Align{i, end};
        i = end;
    }
}

NormalizedString::NormalizedString(std::string text, std::vector<Align> align, std::size_t shift,
                                   std::size_t original_len)
    : text_(std::move(text)), align_(std::move(align)), shift_(shift), original_len_(original_len) {
    align_.resize(text_.size());
}

void NormalizedString::transform_range(std::size_t r0, std::size_t r1, const std::vector<CharChange>& dest,
                                       std::size_t initial_offset) {
    if (r1 > text_.size()) r1 = text_.size();
    if (r0 > r1) r0 = r1;
    // `pos` walks the chars of the replaced range as HF's `replaced_normalized` iterator does;
    // HF's `offset` always equals `pos`.
    std::size_t pos = r0;
    auto consume = [&]() {
        if (pos >= r1) return;
        pos += utf8::sequence_length(static_cast<unsigned char>(text_[pos]));
        if (pos > r1) pos = r1;
    };
    // HF indexes its alignments with the offset; past the end it would panic, which no stream
    // our normalisers produce reaches. Stay memory-safe regardless.
    auto align_at = [&](std::size_t idx) -> Align {
        if (idx < align_.size()) return align_[idx];
        return align_.empty() ? Align{} : align_.back();
    };
    for (std::size_t k = 0; k < initial_offset; ++k) consume();

    std::string out;
    std::vector<Align> out_align;
    out.reserve(dest.size() + 4);
    out_align.reserve(dest.size() + 4);
    for (const auto& [c, change] : dest) {
        const std::size_t idx = pos;
        Align a;
        if (change > 0) {
            a = idx < 1 ? Align{0, 0} : align_at(idx - 1);  // inserted: aligned like the previous byte
        } else {
            a = align_at(idx);
            consume();
            for (std::ptrdiff_t k = 0; k < -change; ++k) consume();
        }
        const std::size_t before = out.size();
        utf8::append(out, c);
        out_align.insert(out_align.end(), out.size() - before, a);
    }
    text_.replace(r0, r1 - r0, out);
    align_.erase(align_.begin() + static_cast<std::ptrdiff_t>(r0), align_.begin() + static_cast<std::ptrdiff_t>(r1));
    align_.insert(align_.begin() + static_cast<std::ptrdiff_t>(r0), out_align.begin(), out_align.end());
}

void NormalizedString::transform(const std::vector<CharChange>& dest, std::size_t initial_offset) {
    // HF convert_offsets(Range::Original(0..len_original)).
    if (original_len_ == 0) {
        transform_range(0, 0, dest, initial_offset);
        return;
    }
    std::optional<std::size_t> start;
    std::optional<std::size_t> end;
    for (std::size_t i = 0; i < align_.size(); ++i) {
        if (original_len_ < align_[i].end) break;
        if (!start && align_[i].start != align_[i].end) start = i;
        end = i + 1;
    }
    if (!end) return;  // HF: no range, nothing transformed
    const std::size_t s = start ? *start : *end;
    transform_range(s, *end, dest, initial_offset);
}

void NormalizedString::replace(const std::vector<MatchSpan>& spans, std::string_view content) {
    bool any = false;
    for (const auto& s : spans) any |= s.is_match;
    if (!any) return;
    std::string out;
    std::vector<Align> out_align;
    out.reserve(text_.size() + content.size());
    out_align.reserve(text_.size() + content.size());
    std::size_t last_end = 0;
    for (const auto& s : spans) {
        if (!s.is_match) continue;
        out.append(text_, last_end, s.start - last_end);
        out_align.insert(out_align.end(), align_.begin() + static_cast<std::ptrdiff_t>(last_end),
                         align_.begin() + static_cast<std::ptrdiff_t>(s.start));
        // Every content char is "inserted" at offset s.end of the unmodified string.
        const Align a = s.end < 1 ? Align{0, 0} : align_[s.end - 1];
        out.append(content);
        out_align.insert(out_align.end(), content.size(), a);
        last_end = s.end;
    }
    out.append(text_, last_end, std::string::npos);
    out_align.insert(out_align.end(), align_.begin() + static_cast<std::ptrdiff_t>(last_end), align_.end());
    text_ = std::move(out);
    align_ = std::move(out_align);
}

void NormalizedString::prepend(std::string_view s) {
    if (text_.empty()) return;
    std::size_t i = 0;
    const char32_t next = utf8::next(text_, i);
    std::vector<CharChange> dest;
    for (std::size_t k = 0; k < s.size();) {
        const char32_t c = utf8::next(s, k);
        dest.push_back({c, dest.empty() ? 0 : 1});
    }
    dest.push_back({next, 1});
    transform_range(0, i, dest, 0);
}

NormalizedString NormalizedString::slice(std::size_t n0, std::size_t n1) const {
    std::size_t o0 = n0;
    std::size_t o1 = n1;
    if (n1 > n0) {
        o0 = align_[n0].start;
        o1 = align_[n1 - 1].end;
    }
    const std::size_t orig_len = (o1 >= o0 && o1 <= original_len_) ? o1 - o0 : 0;
    std::vector<Align> a(align_.begin() + static_cast<std::ptrdiff_t>(n0),
                         align_.begin() + static_cast<std::ptrdiff_t>(n1));
    for (auto& x : a) {  // unsigned wrap-around, as HF's usize arithmetic in release builds
        x.start -= o0;
        x.end -= o0;
    }
    return NormalizedString(text_.substr(n0, n1 - n0), std::move(a), shift_ + o0, orig_len);
}

}  // namespace jobbert::detail
