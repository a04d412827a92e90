#include "server/responses.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace jobbert::server {

void append_float_array(std::string& out, const float* v, std::size_t n) {
    out += '[';
    for (std::size_t i = 0; i < n; ++i) {
        if (i) out += ',';
        append_float(out, v[i]);
    }
    out += ']';
}

std::string base64_encode(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    const auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t w = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
        for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(w >> s) & 63];
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        const std::uint32_t w = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0u);
        out += kAlphabet[(w >> 18) & 63];
        out += kAlphabet[(w >> 12) & 63];
        out += rest == 2 ? kAlphabet[(w >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string base64_floats(const float* v, std::size_t n) {
    std::string bytes(n * 4, '\0');
    for (std::size_t i = 0; i < n; ++i) {
        const auto u = std::bit_cast<std::uint32_t>(v[i]);
        for (std::size_t b = 0; b < 4; ++b) bytes[4 * i + b] = static_cast<char>((u >> (8 * b)) & 0xFF);
    }
    return base64_encode(bytes);
}

std::string json_quote(std::string_view s) {
    return nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string openai_embeddings_body(const Matrix& m, bool base64, const std::string& model, std::size_t prompt_tokens) {
    std::string out;
    out.reserve(64 + m.rows * (base64 ? m.cols * 4 / 3 + 64 : m.cols * 12 + 48));
    out += "{\"object\":\"list\",\"data\":[";
    for (std::size_t i = 0; i < m.rows; ++i) {
        if (i) out += ',';
        out += "{\"object\":\"embedding\",\"index\":" + std::to_string(i) + ",\"embedding\":";
        if (base64) out += '"' + base64_floats(m.row(i), m.cols) + '"';
        else append_float_array(out, m.row(i), m.cols);
        out += '}';
    }
    out += "],\"model\":" + json_quote(model) + ",\"usage\":{\"prompt_tokens\":" + std::to_string(prompt_tokens) +
           ",\"total_tokens\":" + std::to_string(prompt_tokens) + "}}";
    return out;
}

std::string tei_embed_body(const Matrix& m) {
    std::string out;
    out.reserve(2 + m.rows * (m.cols * 12 + 2));
    out += '[';
    for (std::size_t i = 0; i < m.rows; ++i) {
        if (i) out += ',';
        append_float_array(out, m.row(i), m.cols);
    }
    out += ']';
    return out;
}

}  // namespace jobbert::server
