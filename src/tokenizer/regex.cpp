// PCRE2-backed pattern matching with rust-onig FindMatches semantics (see regex.h).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "tokenizer/regex.h"

#include <pcre2.h>

#include <stdexcept>

#include "text/utf8.h"

namespace jobbert::detail {

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
    int err = 0;
    PCRE2_SIZE err_off = 0;
    const uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE | PCRE2_NO_UTF_CHECK |
                          (literal ? PCRE2_LITERAL : 0U);
    impl_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), opts,
                                &err, &err_off, nullptr);
    if (impl_->code == nullptr) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(err, buf, sizeof buf);
        throw std::invalid_argument(std::string(reinterpret_cast<const char*>(buf)) +
                                    " at pattern offset " + std::to_string(err_off));
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
        for (std::size_t at = text.find(lit); at != std::string_view::npos;
             at = text.find(lit, at + lit.size()))
            push_match(at, at + lit.size());
    } else {
        pcre2_match_data* md = pcre2_match_data_create_from_pattern(impl_->code, nullptr);
        if (md == nullptr) throw std::bad_alloc();
        std::size_t last_end = 0;  // rust-onig FindMatches::last_end
        bool have_last_match = false;
        std::size_t last_match_end = 0;
        while (last_end <= text.size()) {
            const int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(text.data()),
                                       text.size(), last_end, PCRE2_NO_UTF_CHECK, md, nullptr);
            if (rc < 0) break;  // PCRE2_ERROR_NOMATCH or a matching limit: no more matches
            const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
            const std::size_t s = ov[0];
            const std::size_t e = ov[1];
            if (e == s && have_last_match && last_match_end == e) {
                // Skip an empty match right after the previous match: advance one char.
                last_end += last_end < text.size()
                                ? utf8::sequence_length(static_cast<unsigned char>(text[last_end]))
                                : 1;
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
