// Unicode data for the tokenizer from ICU; see unicode.h for the Rust primitive each reproduces.
#include "tokenizer/unicode.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "text/utf8.h"

namespace jobbert::detail::unicode {
namespace {

bool is_ascii(std::string_view s) noexcept {
    for (char ch : s)
        if (static_cast<unsigned char>(ch) >= 0x80) return false;
    return true;
}

/** True if `c` exists in the Unicode version of HF's normalisation tables. */
bool in_hf_norm_tables(char32_t c) noexcept {
    UVersionInfo age;
    u_charAge(static_cast<UChar32>(c), age);
    return age[0] != 0 && age[0] <= kHfNormalizationUnicodeMajor;
}

const icu::Normalizer2& instance(bool compat, bool decompose) {
    UErrorCode st = U_ZERO_ERROR;
    const icu::Normalizer2* n = nullptr;
    if (decompose)
        n = compat ? icu::Normalizer2::getNFKDInstance(st) : icu::Normalizer2::getNFDInstance(st);
    else
        n = compat ? icu::Normalizer2::getNFKCInstance(st) : icu::Normalizer2::getNFCInstance(st);
    if (U_FAILURE(st) || n == nullptr)
        throw std::runtime_error(std::string("ICU normalizer unavailable: ") + u_errorName(st));
    return *n;
}

std::uint8_t combining_class(char32_t c) noexcept {
    if (!in_hf_norm_tables(c)) return 0;
    return u_getCombiningClass(static_cast<UChar32>(c));
}

/** Primary composite of (a, b) in HF's tables, or 0 if none. */
char32_t compose_pair(char32_t a, char32_t b) {
    if (!in_hf_norm_tables(a) || !in_hf_norm_tables(b)) return 0;
    const UChar32 r = instance(false, false).composePair(static_cast<UChar32>(a), static_cast<UChar32>(b));
    if (r < 0 || !in_hf_norm_tables(static_cast<char32_t>(r))) return 0;
    return static_cast<char32_t>(r);
}

/** Appends the full decomposition of `c` (or `c` itself) to `out`. */
void decompose(char32_t c, bool compat, std::vector<char32_t>& out) {
    if (c < 0x80 || !in_hf_norm_tables(c)) {  // ASCII never decomposes
        out.push_back(c);
        return;
    }
    icu::UnicodeString d;
    if (!instance(compat, true).getDecomposition(static_cast<UChar32>(c), d)) {
        out.push_back(c);
        return;
    }
    for (int32_t i = 0; i < d.length();) {
        const UChar32 x = d.char32At(i);
        out.push_back(static_cast<char32_t>(x));
        i += U16_LENGTH(x);
    }
}

}  // namespace

bool is_whitespace(char32_t c) noexcept {
    return u_isUWhiteSpace(static_cast<UChar32>(c)) != 0;
}

bool is_word_char(char32_t c) noexcept {
    const auto x = static_cast<UChar32>(c);
    if (u_hasBinaryProperty(x, UCHAR_ALPHABETIC) || u_hasBinaryProperty(x, UCHAR_JOIN_CONTROL)) return true;
    switch (u_charType(x)) {
        case U_NON_SPACING_MARK:
        case U_ENCLOSING_MARK:
        case U_COMBINING_SPACING_MARK:
        case U_DECIMAL_DIGIT_NUMBER:
        case U_CONNECTOR_PUNCTUATION:
            return true;
        default:
            return false;
    }
}

void to_lowercase(char32_t c, std::vector<char32_t>& out) {
    if (c < 0x80) {
        out.push_back(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return;
    }
    // One code point at a time: no Final_Sigma context, as Rust's char::to_lowercase.
    UChar src[2];
    int32_t n = 0;
    U16_APPEND_UNSAFE(src, n, static_cast<UChar32>(c));
    UChar dst[8];
    UErrorCode st = U_ZERO_ERROR;
    const int32_t m = u_strToLower(dst, 8, src, n, "", &st);
    if (U_FAILURE(st) || m <= 0) {
        out.push_back(c);
        return;
    }
    for (int32_t i = 0; i < m;) {
        UChar32 x;
        U16_NEXT(dst, i, m, x);
        out.push_back(static_cast<char32_t>(x));
    }
}

bool is_normalized_quick(std::string_view text, bool compat) {
    if (is_ascii(text)) return true;
    UErrorCode st = U_ZERO_ERROR;
    // Normalised under ICU's newer data implies normalised under HF's older tables: characters
    // newer than HF's tables only lose decompositions and compositions there.
    const UBool ok =
        instance(compat, false).isNormalizedUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), st);
    return U_SUCCESS(st) && ok;
}

void normalization_stream(std::string_view text, bool compat, std::vector<CharChange>& out) {
    out.clear();
    // 1. Decompose, tagging the first char of each decomposition 0 and the others +1.
    struct Item {
        std::uint8_t ccc;
        char32_t c;
        std::ptrdiff_t tag;
    };
    std::vector<Item> items;
    items.reserve(text.size() + 8);
    std::vector<char32_t> d;
    for (std::size_t i = 0; i < text.size();) {
        const char32_t c = utf8::next(text, i);
        d.clear();
        decompose(c, compat, d);
        for (std::size_t k = 0; k < d.size(); ++k) items.push_back({combining_class(d[k]), d[k], k == 0 ? 0 : 1});
    }
    // 2. Canonical ordering: stable sort of every run of non-starters by combining class.
    for (std::size_t i = 0; i < items.size();) {
        if (items[i].ccc == 0) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < items.size() && items[j].ccc != 0) ++j;
        std::stable_sort(items.begin() + static_cast<std::ptrdiff_t>(i), items.begin() + static_cast<std::ptrdiff_t>(j),
                         [](const Item& a, const Item& b) { return a.ccc < b.ccc; });
        i = j;
    }
    // 3. Canonical composition, the state machine of recompose.rs.
    bool have_composee = false;
    CharChange composee{0, 0};
    bool have_last = false;
    std::uint8_t last_ccc = 0;
    std::vector<CharChange> buffer;
    for (const Item& it : items) {
        const CharChange cur{it.c, it.tag};
        if (!have_composee) {
            if (it.ccc != 0) {
                out.push_back(cur);
            } else {
                composee = cur;
                have_composee = true;
            }
            continue;
        }
        if (!have_last) {
            if (const char32_t r = compose_pair(composee.c, it.c)) {
                composee = {r, composee.change + it.tag - 1};
                continue;
            }
            if (it.ccc == 0) {
                out.push_back(composee);
                composee = cur;
                continue;
            }
            buffer.push_back(cur);
            last_ccc = it.ccc;
            have_last = true;
            continue;
        }
        if (last_ccc >= it.ccc) {  // blocked from the composee
            if (it.ccc == 0) {
                out.push_back(composee);
                out.insert(out.end(), buffer.begin(), buffer.end());
                buffer.clear();
                composee = cur;
                have_last = false;
                continue;
            }
            buffer.push_back(cur);
            last_ccc = it.ccc;
            continue;
        }
        if (const char32_t r = compose_pair(composee.c, it.c)) {
            composee = {r, composee.change + it.tag - 1};
            continue;
        }
        buffer.push_back(cur);
        last_ccc = it.ccc;
    }
    if (have_composee) out.push_back(composee);
    out.insert(out.end(), buffer.begin(), buffer.end());
}

void grapheme_boundaries(std::string_view text, std::vector<std::size_t>& out) {
    out.clear();
    out.push_back(0);
    if (text.empty()) return;
    if (is_ascii(text)) {  // every ASCII char is its own cluster, except CR LF (rule GB3)
        for (std::size_t i = 1; i < text.size(); ++i)
            if (!(text[i - 1] == '\r' && text[i] == '\n')) out.push_back(i);
        out.push_back(text.size());
        return;
    }
    thread_local std::unique_ptr<icu::BreakIterator> bi;
    UErrorCode st = U_ZERO_ERROR;
    if (!bi) {
        bi.reset(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), st));
        if (U_FAILURE(st) || !bi)
            throw std::runtime_error(std::string("ICU break iterator unavailable: ") + u_errorName(st));
    }
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &st);
    bi->setText(&ut, st);
    if (U_FAILURE(st)) {
        utext_close(&ut);
        throw std::runtime_error(std::string("ICU break iterator failed: ") + u_errorName(st));
    }
    for (int32_t b = bi->next(); b != icu::BreakIterator::DONE; b = bi->next())
        out.push_back(static_cast<std::size_t>(b));
    utext_close(&ut);
    if (out.back() != text.size()) out.push_back(text.size());
}

}  // namespace jobbert::detail::unicode
