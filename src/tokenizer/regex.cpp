// PCRE2-backed pattern matching with rust-onig FindMatches semantics (see regex.h).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "tokenizer/regex.h"

#include <pcre2.h>

#include <stdexcept>

#include "text/utf8.h"

namespace jobbert::detail {

namespace {

/** Oniguruma's Unicode class bodies (doc/RE): \s, \w (Letter|Mark|Number|Connector_Punctuation),
 *  \h (hex digit; PCRE2's \h means horizontal space). */
const char* onig_class_body(char c) {
    switch (c) {
        case 's':
            return "\\t\\n\\x0B\\f\\r\\x20\\x85\\p{Zs}\\p{Zl}\\p{Zp}";
        case 'w':
            return "\\p{L}\\p{M}\\p{N}\\p{Pc}";
        default:
            return "0-9a-fA-F";  // 'h'
    }
}

/**
 * Rewrites an Oniguruma (Ruby syntax) pattern for PCRE2: \s \S \w \W \h \H and the word
 * boundaries \b \B get Oniguruma's Unicode definitions (PCRE2 10.42 differs: its \s matches
 * U+180E, its \w misses marks, its \h is horizontal space). Everything else is passed through.
 * Throws std::invalid_argument for a negated class escape inside [...].
 */
std::string translate_onig(std::string_view p) {
    static const std::string word = std::string("[") + onig_class_body('w') + "]";
    std::string out;
    out.reserve(p.size() + 16);
    bool in_class = false;
    for (std::size_t i = 0; i < p.size();) {
        const char c = p[i];
        if (c == '\\' && i + 1 < p.size()) {
            const char d = p[i + 1];
            if (d == 'Q') {  // literal span \Q...\E, copied verbatim
                const std::size_t end = p.find("\\E", i + 2);
                const std::size_t stop = end == std::string_view::npos ? p.size() : end + 2;
                out.append(p.substr(i, stop - i));
                i = stop;
                continue;
            }
            if (d == 's' || d == 'w' || d == 'h') {
                out += in_class ? onig_class_body(d) : std::string("[") + onig_class_body(d) + "]";
            } else if (d == 'S' || d == 'W' || d == 'H') {
                if (in_class)
                    throw std::invalid_argument(std::string("\\") + d + " inside a character class is not supported");
                out += std::string("[^") + onig_class_body(static_cast<char>(d + ('a' - 'A'))) + "]";
            } else if ((d == 'b' || d == 'B') && !in_class) {
                out += d == 'b' ? "(?:(?<=" + word + ")(?!" + word + ")|(?<!" + word + ")(?=" + word + "))"
                                : "(?:(?<=" + word + ")(?=" + word + ")|(?<!" + word + ")(?!" + word + "))";
            } else {
                out += c;
                out += d;
            }
            i += 2;
            continue;
        }
        if (!in_class && c == '[') {
            in_class = true;
            out += c;
            ++i;
            if (i < p.size() && p[i] == '^') out += p[i++];
            if (i < p.size() && p[i] == ']') out += p[i++];  // a leading ] is a literal
            continue;
        }
        if (in_class && c == '[' && i + 1 < p.size() && p[i + 1] == ':') {  // POSIX [:name:]
            const std::size_t end = p.find(":]", i + 2);
            const std::size_t stop = end == std::string_view::npos ? i + 1 : end + 2;
            out.append(p.substr(i, stop - i));
            i = stop;
            continue;
        }
        if (in_class && c == ']') in_class = false;
        out += c;
        ++i;
    }
    return out;
}

}  // namespace

struct Regex::Impl {
    pcre2_code* code = nullptr;
    bool literal = false;
    std::string literal_text;
};

Regex::Regex(std::string_view pattern, bool literal) : impl_(std::make_unique<Impl>()) {
    impl_->literal = literal;
    if (literal) {
        impl_->literal_text.assign(pattern);
        if (!pattern.empty()) return;  // non-empty literals are searched directly
    }
    const std::string translated = literal ? std::string(pattern) : translate_onig(pattern);
    int err = 0;
    PCRE2_SIZE err_off = 0;
    const uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE | PCRE2_NO_UTF_CHECK | (literal ? PCRE2_LITERAL : 0U);
    impl_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(), opts, &err,
                                &err_off, nullptr);
    if (impl_->code == nullptr) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(err, buf, sizeof buf);
        throw std::invalid_argument(std::string(reinterpret_cast<const char*>(buf)) + " at pattern offset " +
                                    std::to_string(err_off));
    }
    pcre2_jit_compile(impl_->code, PCRE2_JIT_COMPLETE);  // best effort; interpreter otherwise
}

Regex::~Regex() {
    if (impl_ && impl_->code) pcre2_code_free(impl_->code);
}

std::vector<MatchSpan> Regex::find_matches(std::string_view text) const {
    std::vector<MatchSpan> spans;
    if (text.empty()) {
        spans.push_back({0, 0, false});
        return spans;
    }
    std::size_t prev = 0;
    auto push_match = [&](std::size_t s, std::size_t e) {
        if (prev != s) spans.push_back({prev, s, false});
        spans.push_back({s, e, true});
        prev = e;
    };
    if (impl_->literal && !impl_->literal_text.empty()) {
        const std::string& lit = impl_->literal_text;
        for (std::size_t at = text.find(lit); at != std::string_view::npos; at = text.find(lit, at + lit.size()))
            push_match(at, at + lit.size());
    } else {
        pcre2_match_data* md = pcre2_match_data_create_from_pattern(impl_->code, nullptr);
        if (md == nullptr) throw std::bad_alloc();
        std::size_t last_end = 0;  // rust-onig FindMatches::last_end
        bool have_last_match = false;
        std::size_t last_match_end = 0;
        while (last_end <= text.size()) {
            const int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), last_end,
                                       PCRE2_NO_UTF_CHECK, md, nullptr);
            if (rc < 0) break;  // PCRE2_ERROR_NOMATCH or a matching limit: no more matches
            const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
            const std::size_t s = ov[0];
            const std::size_t e = ov[1];
            if (e == s && have_last_match && last_match_end == e) {
                // Skip an empty match right after the previous match: advance one char.
                last_end +=
                    last_end < text.size() ? utf8::sequence_length(static_cast<unsigned char>(text[last_end])) : 1;
                continue;
            }
            last_end = e;
            have_last_match = true;
            last_match_end = e;
            push_match(s, e);
        }
        pcre2_match_data_free(md);
    }
    if (prev != text.size()) spans.push_back({prev, text.size(), false});
    return spans;
}

}  // namespace jobbert::detail
