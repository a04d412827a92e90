// Precompiled charsmap parsing and lookup (format: see precompiled_charsmap.h).
#include "tokenizer/precompiled_charsmap.h"

#include <stdexcept>

#include "jobbert/text.h"

namespace jobbert::detail {
namespace {

bool has_leaf(std::uint32_t u) noexcept {
    return ((u >> 8) & 1U) == 1U;
}
std::uint32_t value(std::uint32_t u) noexcept {
    return u & ((1U << 31) - 1U);
}
std::uint32_t label(std::uint32_t u) noexcept {
    return u & ((1U << 31) | 0xFFU);
}
std::size_t offset(std::uint32_t u) noexcept {
    return static_cast<std::size_t>(u >> 10) << ((u & (1U << 9)) >> 6);
}

std::uint32_t read_u32le(std::string_view s, std::size_t at) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data() + at);
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

}  // namespace

PrecompiledCharsmap PrecompiledCharsmap::parse(std::string_view bytes) {
    if (bytes.size() < 4) throw std::invalid_argument("precompiled_charsmap is truncated");
    const std::uint32_t trie_size = read_u32le(bytes, 0);
    const std::size_t n_units = trie_size / 4;
    if (bytes.size() - 4 < n_units * 4) throw std::invalid_argument("precompiled_charsmap is truncated");
    PrecompiledCharsmap cm;
    cm.units_.resize(n_units);
    for (std::size_t i = 0; i < n_units; ++i) cm.units_[i] = read_u32le(bytes, 4 + 4 * i);
    cm.normalized_.assign(bytes.substr(4 + n_units * 4));
    if (find_invalid_utf8(cm.normalized_))
        throw std::invalid_argument("precompiled_charsmap replacement strings are not valid UTF-8");
    if (cm.units_.empty()) throw std::invalid_argument("precompiled_charsmap has an empty trie");
    return cm;
}

std::optional<std::string_view> PrecompiledCharsmap::transform(std::string_view chunk) const noexcept {
    std::size_t node = 0;
    node ^= offset(units_[0]);
    for (const char ch : chunk) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == 0) break;
        node ^= c;
        if (node >= units_.size()) return std::nullopt;  // malformed trie: HF would panic
        const std::uint32_t unit = units_[node];
        if (label(unit) != c) return std::nullopt;
        node ^= offset(unit);
        if (has_leaf(unit)) {
            if (node >= units_.size()) return std::nullopt;
            const std::size_t at = value(units_[node]);
            if (at > normalized_.size()) return std::nullopt;
            // A replacement must start on a char boundary (HF would panic otherwise).
            if (at < normalized_.size() && (static_cast<unsigned char>(normalized_[at]) & 0xC0) == 0x80)
                return std::nullopt;
            std::size_t end = at;
            while (end < normalized_.size() && normalized_[end] != '\0') ++end;
            return std::string_view(normalized_).substr(at, end - at);
        }
    }
    return std::nullopt;
}

std::string base64_decode(std::string_view text) {
    auto sextet = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (text.size() % 4 == 1) throw std::invalid_argument("invalid base64 length");
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (const char c : text) {
        const int v = sextet(c);
        if (v < 0) throw std::invalid_argument("invalid base64 character");
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFFU));
        }
    }
    return out;
}

}  // namespace jobbert::detail
