// Pre-tokenizer blocks of tokenizer.json, reproducing HF tokenizers (tokenizers/src/pre_tokenizers/).
#include "tokenizer/pre_tokenizers.h"

#include "text/utf8.h"
#include "tokenizer/unicode.h"

namespace jobbert::detail {
namespace {

/** HF Pattern::find_matches for a char predicate: each matching char is its own match span. */
template <class Pred>
std::vector<MatchSpan> char_match_spans(const std::string& text, Pred pred) {
    std::vector<MatchSpan> spans;
    if (text.empty()) {
        spans.push_back({0, 0, false});
        return spans;
    }
    std::size_t last = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t b = i;
        const char32_t c = utf8::next(text, i);
        if (pred(c)) {
            if (last < b) spans.push_back({last, b, false});
            spans.push_back({b, i, true});
            last = i;
        }
    }
    if (last < text.size()) spans.push_back({last, text.size(), false});
    return spans;
}

/** Appends the non-empty slices of `p` for the kept spans (HF PreTokenizedString::split). */
void push_slices(const Piece& p, const std::vector<MatchSpan>& kept, std::vector<Piece>& out) {
    for (const auto& s : kept)
        if (s.end > s.start) out.push_back(Piece{p.ns.slice(s.start, s.end), -1});
}

/** HF SplitDelimiterBehavior::MergedWithNext: each delimiter opens the piece after it. */
std::vector<MatchSpan> merged_with_next(const std::vector<MatchSpan>& spans) {
    std::vector<MatchSpan> acc;
    bool previous_match = false;
    for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
        if (it->is_match && !previous_match && !acc.empty())
            acc.back().start = it->start;
        else
            acc.push_back({it->start, it->end, false});
        previous_match = it->is_match;
    }
    return {acc.rbegin(), acc.rend()};
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

MetaspacePreTokenizer::MetaspacePreTokenizer(char32_t replacement, PrependScheme scheme, bool split)
    : scheme_(scheme), split_(split) {
    utf8::append(rep_, replacement);
}

void MetaspacePreTokenizer::pre_tokenize(std::vector<Piece>& pieces) const {
    std::vector<Piece> out;
    out.reserve(pieces.size() * 2);
    const char32_t rep_char = [&] {
        std::size_t i = 0;
        return utf8::next(rep_, i);
    }();
    for (auto& p : pieces) {
        if (p.added_id >= 0) {
            out.push_back(std::move(p));
            continue;
        }
        p.ns.replace(char_match_spans(p.ns.get(), [](char32_t c) { return c == U' '; }), rep_);
        const bool prepend =
            scheme_ == PrependScheme::Always
                ? !starts_with(p.ns.get(), rep_)
                : scheme_ == PrependScheme::First && (!starts_with(p.ns.get(), rep_) && p.ns.original_shift() == 0);
        if (prepend) p.ns.prepend(rep_);
        if (!split_) {
            if (!p.ns.empty()) out.push_back(std::move(p));
            continue;
        }
        const auto spans = merged_with_next(char_match_spans(p.ns.get(), [&](char32_t c) { return c == rep_char; }));
        push_slices(p, spans, out);
    }
    pieces = std::move(out);
}

void WhitespaceSplitPreTokenizer::pre_tokenize(std::vector<Piece>& pieces) const {
    std::vector<Piece> out;
    out.reserve(pieces.size() * 4);
    for (auto& p : pieces) {
        if (p.added_id >= 0) {
            out.push_back(std::move(p));
            continue;
        }
        std::vector<MatchSpan> kept;
        for (const auto& s : char_match_spans(p.ns.get(), unicode::is_whitespace))
            if (!s.is_match) kept.push_back(s);
        push_slices(p, kept, out);
    }
    pieces = std::move(out);
}

void SequencePreTokenizer::pre_tokenize(std::vector<Piece>& pieces) const {
    for (const auto& p : parts_) p->pre_tokenize(pieces);
}

std::unique_ptr<PreTokenizer> make_pre_tokenizer(const nlohmann::json& cfg, const JsonContext& ctx,
                                                 const std::string& path) {
    const std::string type = ctx.type_of(cfg, path);
    if (type == "Sequence") {
        const auto& list = ctx.required(cfg, "pretokenizers", path);
        if (!list.is_array()) ctx.fail("key '" + path + ".pretokenizers' must be an array");
        std::vector<std::unique_ptr<PreTokenizer>> parts;
        for (std::size_t i = 0; i < list.size(); ++i)
            parts.push_back(make_pre_tokenizer(list[i], ctx, path + ".pretokenizers[" + std::to_string(i) + "]"));
        return std::make_unique<SequencePreTokenizer>(std::move(parts));
    }
    if (type == "WhitespaceSplit") return std::make_unique<WhitespaceSplitPreTokenizer>();
    if (type == "Metaspace") {
        const std::string rep = ctx.string_at(cfg, "replacement", path);
        std::size_t i = 0;
        if (rep.empty() || (utf8::next(rep, i), i != rep.size()))
            ctx.fail("key '" + path + ".replacement' must be a single character");
        PrependScheme scheme = PrependScheme::Always;  // HF default
        if (cfg.contains("prepend_scheme") && !cfg["prepend_scheme"].is_null()) {
            const std::string s = ctx.string_at(cfg, "prepend_scheme", path);
            if (s == "always")
                scheme = PrependScheme::Always;
            else if (s == "first")
                scheme = PrependScheme::First;
            else if (s == "never")
                scheme = PrependScheme::Never;
            else
                ctx.fail(path + ".prepend_scheme '" + s + "' is not supported");
        }
        // Legacy key: add_prefix_space false requires prepend_scheme never (HF errors otherwise).
        if (cfg.contains("add_prefix_space") && !cfg["add_prefix_space"].is_null() &&
            !ctx.bool_at(cfg, "add_prefix_space", path, true)) {
            if (scheme != PrependScheme::Never)
                ctx.fail(path + ": add_prefix_space does not match declared prepend_scheme");
            scheme = PrependScheme::Never;
        }
        const bool split = ctx.bool_at(cfg, "split", path, true);
        std::size_t k = 0;
        return std::make_unique<MetaspacePreTokenizer>(utf8::next(rep, k), scheme, split);
    }
    ctx.unsupported_type("pre_tokenizer", type, path);
}

}  // namespace jobbert::detail
