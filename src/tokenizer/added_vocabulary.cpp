// Added-token splitting, as HF tokenizers' AddedVocabulary (see added_vocabulary.h).
#include "tokenizer/added_vocabulary.h"

#include <algorithm>
#include <unordered_set>

#include "text/utf8.h"
#include "tokenizer/unicode.h"

namespace jobbert::detail {
namespace {

/** Rust regex `\w$` on `s`: the last char is a word char. */
bool ends_with_word(std::string_view s) {
    if (s.empty()) return false;
    std::size_t i = s.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    std::size_t k = i;
    return unicode::is_word_char(utf8::next(s, k));
}

/** Rust regex `^\w` on `s`: the first char is a word char. */
bool starts_with_word(std::string_view s) {
    if (s.empty()) return false;
    std::size_t k = 0;
    return unicode::is_word_char(utf8::next(s, k));
}

/** Start of the run of White_Space chars ending `s` (`\s*$`). */
std::size_t space_leftmost_at_end(std::string_view s) {
    std::size_t end = s.size();
    while (end > 0) {
        std::size_t i = end - 1;
        while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
        std::size_t k = i;
        if (!unicode::is_whitespace(utf8::next(s, k))) break;
        end = i;
    }
    return end;
}

/** Length of the run of White_Space chars starting `s` (`^\s*`). */
std::size_t space_rightmost_at_start(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t k = i;
        if (!unicode::is_whitespace(utf8::next(s, k))) break;
        i = k;
    }
    return i;
}

bool same_token(const AddedToken& a, const AddedToken& b) {
    return a.content == b.content && a.single_word == b.single_word && a.lstrip == b.lstrip && a.rstrip == b.rstrip &&
           a.normalized == b.normalized && a.special == b.special;
}

}  // namespace

AddedVocabulary AddedVocabulary::from_json(const nlohmann::json& list, const JsonContext& ctx,
                                           const UnigramModel& model, const Normalizer* normalizer) {
    AddedVocabulary v;
    if (list.is_null()) return v;
    if (!list.is_array()) ctx.fail("key 'added_tokens' must be an array");
    std::vector<AddedToken> given;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path = "added_tokens[" + std::to_string(i) + "]";
        const auto& t = list[i];
        AddedToken a;
        a.content = ctx.string_at(t, "content", path);
        a.single_word = ctx.bool_at(t, "single_word", path, false);
        a.lstrip = ctx.bool_at(t, "lstrip", path, false);
        a.rstrip = ctx.bool_at(t, "rstrip", path, false);
        a.normalized = ctx.bool_at(t, "normalized", path, true);
        a.special = ctx.bool_at(t, "special", path, false);
        given.push_back(std::move(a));
    }
    // HF AddedVocabulary::add_tokens, called once with all tokens in file order.
    std::vector<AddedToken> special_tokens;
    std::unordered_set<std::string> special_set;
    for (const auto& t : given)
        if (t.special && !t.content.empty() && special_set.insert(t.content).second) special_tokens.push_back(t);
    std::vector<AddedToken> existing;
    std::vector<AddedToken> classic;
    std::int32_t next_id = static_cast<std::int32_t>(model.size());
    for (const auto& t : given) {
        bool seen = t.content.empty();
        for (const auto& e : existing) seen = seen || same_token(e, t);
        if (seen) continue;
        std::int32_t id;
        if (const auto it = v.by_content_.find(t.content); it != v.by_content_.end())
            id = it->second;
        else if (const auto mid = model.token_to_id(t.content))
            id = *mid;
        else
            id = next_id++;
        v.by_content_[t.content] = id;
        AddedToken stored = t;
        stored.id = id;
        if (const auto it = v.by_id_.find(id); it != v.by_id_.end()) {
            v.tokens_[it->second] = stored;
        } else {
            v.by_id_[id] = v.tokens_.size();
            v.tokens_.push_back(stored);
        }
        if (!special_set.count(t.content)) classic.push_back(t);
        existing.push_back(t);
    }
    // HF refresh_added_tokens: special tokens then classic ones, split by `normalized`.
    std::vector<const AddedToken*> all;
    for (const auto& t : special_tokens) all.push_back(&t);
    for (const auto& t : classic) all.push_back(&t);
    for (const AddedToken* t : all) {
        const std::int32_t id = v.by_content_.at(t->content);
        const std::size_t idx = v.by_id_.at(id);
        MatchSet& set = t->normalized ? v.normalized_ : v.raw_;
        std::string pattern = t->content;
        if (t->normalized && normalizer) {
            NormalizedString ns(pattern);
            normalizer->normalize(ns);
            pattern = ns.get();
        }
        if (pattern.empty()) ctx.fail("added token '" + t->content + "' normalizes to an empty string (not supported)");
        set.first_byte[static_cast<unsigned char>(pattern[0])] = true;
        set.patterns.push_back(std::move(pattern));
        set.token.push_back(idx);
    }
    return v;
}

std::optional<std::int32_t> AddedVocabulary::token_to_id(std::string_view content) const {
    const auto it = by_content_.find(std::string(content));
    if (it == by_content_.end()) return std::nullopt;
    return it->second;
}

const std::string* AddedVocabulary::id_to_token(std::int32_t id) const {
    const auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &tokens_[it->second].content;
}

void AddedVocabulary::split(const NormalizedString& s, const MatchSet& set, std::vector<Piece>& out) const {
    const std::string& text = s.get();
    auto emit = [&](std::size_t a, std::size_t b, std::int32_t id) {
        if (b <= a) return;  // HF drops empty splits
        out.push_back(Piece{s.slice(a, b), id});
    };
    if (text.empty()) return;
    if (set.patterns.empty()) {
        emit(0, text.size(), -1);
        return;
    }
    std::size_t start_offset = 0;
    std::size_t pos = 0;  // where the Aho-Corasick search resumes (end of the last match)
    while (pos < text.size()) {
        // Leftmost-longest match at or after `pos`.
        std::size_t m_start = text.size();
        std::size_t m_len = 0;
        std::size_t m_pat = 0;
        for (std::size_t i = pos; i < text.size() && m_len == 0; ++i) {
            if (!set.first_byte[static_cast<unsigned char>(text[i])]) continue;
            for (std::size_t p = 0; p < set.patterns.size(); ++p) {
                const std::string& pat = set.patterns[p];
                if (pat.size() > m_len && text.compare(i, pat.size(), pat) == 0) {
                    m_start = i;
                    m_len = pat.size();
                    m_pat = p;
                }
            }
        }
        if (m_len == 0) break;
        pos = m_start + m_len;
        const AddedToken& tok = tokens_[set.token[m_pat]];
        std::size_t start = m_start;
        std::size_t stop = m_start + m_len;
        if (tok.single_word) {
            const bool start_space = start == 0 || !ends_with_word(std::string_view(text).substr(0, start));
            const bool stop_space = stop == text.size() || !starts_with_word(std::string_view(text).substr(stop));
            if (!stop_space || !start_space) continue;
        }
        if (tok.lstrip) {
            const std::size_t newstart = space_leftmost_at_end(std::string_view(text).substr(0, start));
            start = std::max(newstart, start_offset);
        }
        if (tok.rstrip) stop += space_rightmost_at_start(std::string_view(text).substr(stop));
        if (start_offset < start) emit(start_offset, start, -1);
        emit(start, stop, tok.id);
        start_offset = stop;
    }
    if (start_offset < text.size()) emit(start_offset, text.size(), -1);
}

void AddedVocabulary::extract_and_normalize(std::string_view text, const Normalizer* normalizer,
                                            std::vector<Piece>& out) const {
    out.clear();
    const NormalizedString whole(text);
    // 1. Tokens matched on the raw text.
    std::vector<Piece> first;
    split(whole, raw_, first);
    // 2. Other pieces normalised, then tokens matched on the normalised text. Every piece is
    //    sliced again here even without a match (HF re-bases its original offset this way).
    for (auto& p : first) {
        if (p.added_id >= 0) {
            out.push_back(std::move(p));
            continue;
        }
        if (normalizer) normalizer->normalize(p.ns);
        split(p.ns, normalized_, out);
    }
}

}  // namespace jobbert::detail
