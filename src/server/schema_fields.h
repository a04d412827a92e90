// jobbert serve: reading typed fields out of a JSON request object. Every error is an ApiError
// whose param names the field ("inputs", "input[3]", "k").
#pragma once

#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/options.h"

namespace jobbert::server {

using json = nlohmann::json;

/** `body` itself, if it is a JSON object; else ApiError 422 "invalid_type". */
const json& require_object(const json& body);

/** ApiError 422 "unknown_field" (param = the key) for the first key of `obj` not in `known`. */
void reject_unknown_fields(const json& obj, std::initializer_list<std::string_view> known);

/** Field `key` as a boolean; nullopt when absent or null. 422 "invalid_type" otherwise. */
std::optional<bool> get_bool(const json& obj, const char* key);

/** Field `key` as a string; nullopt when absent or null. 422 "invalid_type" otherwise. */
std::optional<std::string> get_string(const json& obj, const char* key);

/**
 * Field `key` as an integer in [lo, hi]; nullopt when absent or null. 422 "invalid_type" for a
 * non-integer (2.0 is accepted, 2.5 is not), 422 "out_of_range" outside [lo, hi].
 */
std::optional<std::size_t> get_size(const json& obj, const char* key, std::size_t lo, std::size_t hi);

/** Number of Unicode code points of valid UTF-8 `s`. */
std::size_t count_code_points(std::string_view s) noexcept;

/**
 * Checks one text against limits.max_input_chars: 413 "input_too_long" naming `param`.
 */
void check_text_length(const std::string& text, const Limits& limits, const std::string& param);

/**
 * Field `key` (required) as texts: a string (one text; *single set to true when given) or a
 * non-empty array of strings. Errors: 422 "missing_field" / "invalid_type" / "empty_input",
 * 413 "too_many_inputs" over limits.max_inputs, 413 "input_too_long" (param "key[i]") over
 * limits.max_input_chars.
 */
std::vector<std::string> get_texts(const json& obj, const char* key, const Limits& limits,
                                   bool* single = nullptr);

/** Path of element i of array field `key`: "key[i]". */
std::string element_param(std::string_view key, std::size_t i);

}  // namespace jobbert::server
