#include "server/schema_fields.h"

#include <cmath>

#include "server/api_error.h"

namespace jobbert::server {

namespace {

const char* type_name(const json& v) {
    switch (v.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return "a boolean";
        case json::value_t::string: return "a string";
        case json::value_t::array: return "an array";
        case json::value_t::object: return "an object";
        case json::value_t::number_float: return "a number";
        default: return "an integer";
    }
}

[[noreturn]] void wrong_type(const std::string& param, const char* expected, const json& got) {
    throw ApiError(422, "invalid_type", "'" + param + "' must be " + expected + ", not " + type_name(got), param);
}

const json* field(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
}

}  // namespace

const json& require_object(const json& body) {
    if (!body.is_object())
        throw ApiError(422, "invalid_type", std::string("the request body must be a JSON object, not ") + type_name(body));
    return body;
}

void reject_unknown_fields(const json& obj, std::initializer_list<std::string_view> known) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        bool ok = false;
        for (std::string_view k : known) ok = ok || it.key() == k;
        if (!ok) {
            std::string list;
            for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
            throw ApiError(422, "unknown_field", "unknown field '" + it.key() + "' (fields: " + list + ")", it.key());
        }
    }
}

std::optional<bool> get_bool(const json& obj, const char* key) {
    const json* v = field(obj, key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) wrong_type(key, "a boolean", *v);
    return v->get<bool>();
}

std::optional<std::string> get_string(const json& obj, const char* key) {
    const json* v = field(obj, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) wrong_type(key, "a string", *v);
    return v->get<std::string>();
}

std::optional<std::size_t> get_size(const json& obj, const char* key, std::size_t lo, std::size_t hi) {
    const json* v = field(obj, key);
    if (!v) return std::nullopt;
    const std::string range = std::string("[").append(std::to_string(lo)).append(", ").append(std::to_string(hi)).append("]");
    if (v->is_number_float()) {
        const double d = v->get<double>();
        if (d != std::floor(d)) wrong_type(key, "an integer", *v);
        if (d < double(lo) || d > double(hi))
            throw ApiError(422, "out_of_range", std::string("'") + key + "' must be in " + range, key);
        return static_cast<std::size_t>(d);
    }
    if (!v->is_number_integer()) wrong_type(key, "an integer", *v);
    const bool negative = !v->is_number_unsigned() && v->get<std::int64_t>() < 0;
    const std::uint64_t u = negative ? 0 : v->get<std::uint64_t>();
    if (negative || u < lo || u > hi)
        throw ApiError(422, "out_of_range", std::string("'") + key + "' must be in " + range, key);
    return static_cast<std::size_t>(u);
}

std::size_t count_code_points(std::string_view s) noexcept {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

void check_text_length(const std::string& text, const Limits& limits, const std::string& param) {
    if (text.size() <= limits.max_input_chars) return;  // bytes >= code points
    const std::size_t n = count_code_points(text);
    if (n > limits.max_input_chars)
        throw ApiError(413, "input_too_long",
                       "'" + param + "' has " + std::to_string(n) + " characters; the limit is " +
                           std::to_string(limits.max_input_chars) + " (--max-input-chars)",
                       param);
}

std::string element_param(std::string_view key, std::size_t i) {
    return std::string(key) + "[" + std::to_string(i) + "]";
}

std::vector<std::string> get_texts(const json& obj, const char* key, const Limits& limits, bool* single) {
    const json* v = field(obj, key);
    if (!v) throw ApiError(422, "missing_field", std::string("'") + key + "' is required", key);
    if (single) *single = v->is_string();
    if (v->is_string()) {
        check_text_length(v->get_ref<const std::string&>(), limits, key);
        return {v->get<std::string>()};
    }
    if (!v->is_array()) wrong_type(key, "a string or an array of strings", *v);
    if (v->empty()) throw ApiError(422, "empty_input", std::string("'") + key + "' must not be an empty array", key);
    if (v->size() > limits.max_inputs)
        throw ApiError(413, "too_many_inputs",
                       std::string("'") + key + "' has " + std::to_string(v->size()) + " inputs; the limit is " +
                           std::to_string(limits.max_inputs) + " per request (--max-inputs)",
                       key);
    std::vector<std::string> texts;
    texts.reserve(v->size());
    for (std::size_t i = 0; i < v->size(); ++i) {
        const json& t = (*v)[i];
        if (!t.is_string()) wrong_type(element_param(key, i), "a string", t);
        check_text_length(t.get_ref<const std::string&>(), limits, element_param(key, i));
        texts.push_back(t.get<std::string>());
    }
    return texts;
}

}  // namespace jobbert::server
