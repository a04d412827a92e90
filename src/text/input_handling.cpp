// The reference's input handling: Python's str.strip() and str.lower(), and UTF-8 validation.
#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include <string>
#include <vector>

#include "jobbert/error.h"
#include "jobbert/text.h"
#include "text/utf8.h"

namespace jobbert {

std::optional<std::size_t> find_invalid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char b = p[i];
        if (b < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte (RFC 3629 table)
        if (b >= 0xC2 && b <= 0xDF) {
            len = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            len = 3;
            if (b == 0xE0) lo = 0xA0;  // no overlong forms
            if (b == 0xED) hi = 0x9F;  // no surrogates
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4;
            if (b == 0xF0) lo = 0x90;  // no overlong forms
            if (b == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
        } else {
            return i;
        }
        if (i + 1 >= n || p[i + 1] < lo || p[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if (i + k >= n || (p[i + k] & 0xC0) != 0x80) return i;
        i += len;
    }
    return std::nullopt;
}

void check_utf8(std::string_view text) {
    if (auto off = find_invalid_utf8(text))
        throw Utf8Error("invalid UTF-8 at byte " + std::to_string(*off), *off);
}

bool is_python_space(char32_t cp) noexcept {
    // CPython's makeunicodedata.py: SPACE if bidirectional in ("WS", "B", "S") or category Zs.
    const auto c = static_cast<UChar32>(cp);
    if (u_charType(c) == U_SPACE_SEPARATOR) return true;
    const auto dir = u_charDirection(c);
    return dir == U_WHITE_SPACE_NEUTRAL || dir == U_BLOCK_SEPARATOR || dir == U_SEGMENT_SEPARATOR;
}

std::string python_strip(std::string_view text) {
    check_utf8(text);
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t next = begin;
        if (!is_python_space(utf8::next(text, next))) break;
        begin = next;
    }
    std::size_t end = begin;  // end of the last non-space code point
    for (std::size_t i = begin; i < text.size();) {
        if (!is_python_space(utf8::next(text, i))) end = i;
    }
    return std::string(text.substr(begin, end - begin));
}

std::string python_lower(std::string_view text) {
    check_utf8(text);
    bool ascii_only = true;
    for (char ch : text) ascii_only &= static_cast<unsigned char>(ch) < 0x80;
    if (ascii_only) {  // fast path: ASCII lowercases to ASCII with no context rules
        std::string out(text);
        for (char& ch : out)
            if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8(nullptr, 0, &n16, text.data(), static_cast<int32_t>(text.size()), &status);
    status = U_ZERO_ERROR;
    std::vector<UChar> src(static_cast<std::size_t>(n16) + 1);
    u_strFromUTF8(src.data(), n16 + 1, nullptr, text.data(), static_cast<int32_t>(text.size()), &status);
    // Root locale: Unicode default full case mapping, Final_Sigma included (as CPython).
    std::vector<UChar> dst(static_cast<std::size_t>(n16) * 3 + 1);
    status = U_ZERO_ERROR;
    int32_t nl = u_strToLower(dst.data(), static_cast<int32_t>(dst.size()), src.data(), n16, "", &status);
    if (U_FAILURE(status)) throw InputError(std::string("lowercasing failed: ") + u_errorName(status));
    std::string out;
    int32_t n8 = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8(nullptr, 0, &n8, dst.data(), nl, &status);
    out.resize(static_cast<std::size_t>(n8));
    status = U_ZERO_ERROR;
    u_strToUTF8(out.data(), n8, nullptr, dst.data(), nl, &status);
    if (U_FAILURE(status))
        throw InputError(std::string("lowercasing failed: ") + u_errorName(status));
    return out;
}

}  // namespace jobbert
