// Normalizer blocks of tokenizer.json, reproducing HF tokenizers (tokenizers/src/normalizers/).
#include "tokenizer/normalizers.h"

#include <stdexcept>

#include "text/utf8.h"
#include "tokenizer/unicode.h"

namespace jobbert::detail {
namespace {

std::size_t count_chars(std::string_view s) noexcept {
    std::size_t n = 0;
    for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    return n;
}

/**
 * HF precompiled.rs `replace`: appends `new_part` with change 0; if it is longer than `old_part`
 * (in chars) the last `diff` entries of the whole stream become insertions (+1); if shorter, the
 * last entry of the whole stream (possibly from an earlier cluster) absorbs the removal.
 */
void push_replacement(std::vector<CharChange>& tr, std::string_view old_part, std::string_view new_part) {
    const auto old_count = static_cast<std::ptrdiff_t>(count_chars(old_part));
    const auto new_count = static_cast<std::ptrdiff_t>(count_chars(new_part));
    const std::ptrdiff_t diff = new_count - old_count;
    for (std::size_t i = 0; i < new_part.size();) tr.push_back({utf8::next(new_part, i), 0});
    if (diff > 0) {
        std::size_t k = tr.size();
        for (std::ptrdiff_t d = 0; d < diff && k > 0; ++d) tr[--k].change = 1;
    } else if (diff < 0 && !tr.empty()) {
        tr.back().change += diff;
    }
}

/** True if HF's transform() on `s` would cover the whole text (no leading zero-width bytes). */
bool transform_covers_all(const NormalizedString& s) {
    const auto& a = s.alignments();
    return !a.empty() && a.front().start != a.front().end;
}

const nlohmann::json& array_at(const nlohmann::json& cfg, const char* key, const JsonContext& ctx,
                               const std::string& path) {
    const auto& v = ctx.required(cfg, key, path);
    if (!v.is_array()) ctx.fail("key '" + path + "." + key + "' must be an array");
    return v;
}

}  // namespace

void SequenceNormalizer::normalize(NormalizedString& s) const {
    for (const auto& p : parts_) p->normalize(s);
}

void PrecompiledNormalizer::normalize(NormalizedString& s) const {
    const std::string& text = s.get();
    std::vector<std::size_t> bounds;
    unicode::grapheme_boundaries(text, bounds);
    std::vector<CharChange> tr;
    tr.reserve(text.size());
    bool modified = false;
    for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
        const std::string_view g = std::string_view(text).substr(bounds[b], bounds[b + 1] - bounds[b]);
        if (g.size() < 6) {
            if (const auto norm = cm_.transform(g)) {
                modified = true;
                push_replacement(tr, g, *norm);
                continue;
            }
        }
        for (std::size_t i = 0; i < g.size();) {
            const std::size_t start = i;
            const char32_t c = utf8::next(g, i);
            const std::string_view part = g.substr(start, i - start);
            if (const auto norm = cm_.transform(part)) {
                modified = true;
                push_replacement(tr, part, *norm);
            } else {
                tr.push_back({c, 0});
            }
        }
    }
    if (modified) s.transform(tr, 0);
}

void ReplaceNormalizer::normalize(NormalizedString& s) const {
    s.replace(re_->find_matches(s.get()), content_);
}

void StripNormalizer::normalize(NormalizedString& s) const {
    // HF NormalizedString::lrstrip, including its use of the *byte* length to place the
    // trailing removal (so it only lands on the last kept char when bytes == chars).
    const std::string& text = s.get();
    std::vector<char32_t> chars;
    for (std::size_t i = 0; i < text.size();) chars.push_back(utf8::next(text, i));
    std::size_t leading = 0;
    if (left_)
        while (leading < chars.size() && unicode::is_whitespace(chars[leading])) ++leading;
    std::size_t trailing = 0;
    if (right_)
        while (trailing < chars.size() && unicode::is_whitespace(chars[chars.size() - 1 - trailing])) ++trailing;
    if (leading == 0 && trailing == 0) return;
    const std::size_t count = chars.size();
    const std::size_t last_kept_by_bytes = text.size() - trailing - 1;  // may wrap, as usize
    std::vector<CharChange> tr;
    for (std::size_t i = 0; i < count; ++i) {
        if (i < leading || i >= count - trailing) continue;
        if (i == last_kept_by_bytes)
            tr.push_back({chars[i], -static_cast<std::ptrdiff_t>(trailing)});
        else
            tr.push_back({chars[i], 0});
    }
    s.transform(tr, leading);
}

void UnicodeNormalizer::normalize(NormalizedString& s) const {
    if (s.empty()) return;
    if (transform_covers_all(s) && unicode::is_normalized_quick(s.get(), compat_)) return;
    std::vector<CharChange> tr;
    unicode::normalization_stream(s.get(), compat_, tr);
    s.transform(tr, 0);
}

void LowercaseNormalizer::normalize(NormalizedString& s) const {
    const std::string& text = s.get();
    if (text.empty()) return;
    bool identity = transform_covers_all(s);
    for (std::size_t i = 0; identity && i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        identity = b < 0x80 && !(b >= 'A' && b <= 'Z');
    }
    if (identity) return;
    std::vector<CharChange> tr;
    tr.reserve(text.size());
    std::vector<char32_t> low;
    for (std::size_t i = 0; i < text.size();) {
        low.clear();
        unicode::to_lowercase(utf8::next(text, i), low);
        for (std::size_t k = 0; k < low.size(); ++k) tr.push_back({low[k], k == 0 ? 0 : 1});
    }
    s.transform(tr, 0);
}

void PrependNormalizer::normalize(NormalizedString& s) const {
    if (!s.empty()) s.prepend(prepend_);
}

std::unique_ptr<Normalizer> make_normalizer(const nlohmann::json& cfg, const JsonContext& ctx,
                                            const std::string& path) {
    const std::string type = ctx.type_of(cfg, path);
    if (type == "Sequence") {
        const auto& list = array_at(cfg, "normalizers", ctx, path);
        std::vector<std::unique_ptr<Normalizer>> parts;
        for (std::size_t i = 0; i < list.size(); ++i)
            parts.push_back(make_normalizer(list[i], ctx, path + ".normalizers[" + std::to_string(i) + "]"));
        return std::make_unique<SequenceNormalizer>(std::move(parts));
    }
    if (type == "Precompiled") {
        const auto& v = ctx.required(cfg, "precompiled_charsmap", path);
        if (!v.is_string()) ctx.fail("key '" + path + ".precompiled_charsmap' must be a base64 string");
        try {
            return std::make_unique<PrecompiledNormalizer>(
                PrecompiledCharsmap::parse(base64_decode(v.get<std::string>())));
        } catch (const std::invalid_argument& e) {
            ctx.fail(path + ".precompiled_charsmap: " + e.what());
        }
    }
    if (type == "Replace") {
        const auto& pat = ctx.required(cfg, "pattern", path);
        const std::string content = ctx.string_at(cfg, "content", path);
        if (!pat.is_object() || pat.size() != 1)
            ctx.fail("key '" + path + ".pattern' must be {\"String\": ...} or {\"Regex\": ...}");
        const bool literal = pat.contains("String");
        if (!literal && !pat.contains("Regex"))
            ctx.fail(path + ".pattern kind '" + pat.begin().key() + "' is not supported");
        const std::string key = literal ? "String" : "Regex";
        const std::string text = ctx.string_at(pat, key.c_str(), path + ".pattern");
        try {
            return std::make_unique<ReplaceNormalizer>(std::make_unique<Regex>(text, literal), content);
        } catch (const std::invalid_argument& e) {
            ctx.fail(path + ".pattern: invalid regex '" + text + "': " + e.what());
        }
    }
    if (type == "Strip") {
        const auto& l = ctx.required(cfg, "strip_left", path);
        const auto& r = ctx.required(cfg, "strip_right", path);
        if (!l.is_boolean() || !r.is_boolean()) ctx.fail("keys '" + path + ".strip_left/strip_right' must be booleans");
        return std::make_unique<StripNormalizer>(l.get<bool>(), r.get<bool>());
    }
    if (type == "NFC") return std::make_unique<UnicodeNormalizer>(false);
    if (type == "NFKC") return std::make_unique<UnicodeNormalizer>(true);
    if (type == "Lowercase") return std::make_unique<LowercaseNormalizer>();
    if (type == "Prepend") return std::make_unique<PrependNormalizer>(ctx.string_at(cfg, "prepend", path));
    ctx.unsupported_type("normalizer", type, path);
}

}  // namespace jobbert::detail
