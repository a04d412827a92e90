#include "server/schemas.h"

#include "server/api_error.h"

namespace jobbert::server {

namespace {

RouteField route_field(const json& o, const char* key = "route") {
    RouteField r;
    r.param = key;
    r.name = get_string(o, key).value_or("");
    return r;
}

[[noreturn]] void invalid_value(const std::string& param, const std::string& message) {
    throw ApiError(422, "invalid_value", message, param);
}

// [int, ...] -> one token sequence; `param` names the array for errors.
std::vector<std::int64_t> token_array(const json& a, const std::string& param) {
    std::vector<std::int64_t> ids;
    ids.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!a[i].is_number_integer())
            throw ApiError(422, "invalid_type", "'" + element_param(param, i) + "' must be an integer token id",
                           element_param(param, i));
        ids.push_back(a[i].is_number_unsigned() && a[i].get<std::uint64_t>() > std::uint64_t(INT64_MAX)
                          ? INT64_MAX
                          : a[i].get<std::int64_t>());
    }
    return ids;
}

// OpenAI's `input`: a string, an array of strings, an array of ints (one token sequence), or an
// array of arrays of ints.
void read_openai_input(const json& o, const Limits& limits, EmbeddingsRequest& r) {
    const auto it = o.find("input");
    if (it == o.end() || it->is_null()) throw ApiError(422, "missing_field", "'input' is required", "input");
    const json& in = *it;
    if (in.is_string() || (in.is_array() && !in.empty() && in[0].is_string())) {
        r.texts = get_texts(o, "input", limits);
        return;
    }
    if (!in.is_array())
        throw ApiError(422, "invalid_type", "'input' must be a string or an array of strings or token ids", "input");
    if (in.empty()) throw ApiError(422, "empty_input", "'input' must not be an empty array", "input");
    if (in[0].is_number_integer()) {
        r.ids.push_back(token_array(in, "input"));
        r.single_ids = true;
        return;
    }
    if (in.size() > limits.max_inputs)
        throw ApiError(413, "too_many_inputs",
                       "'input' has " + std::to_string(in.size()) + " inputs; the limit is " +
                           std::to_string(limits.max_inputs) + " per request (--max-inputs)",
                       "input");
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (!in[i].is_array())
            throw ApiError(422, "invalid_type", "'" + element_param("input", i) + "' must be an array of token ids",
                           element_param("input", i));
        if (in[i].empty())
            throw ApiError(422, "empty_input", "'" + element_param("input", i) + "' must not be empty",
                           element_param("input", i));
        r.ids.push_back(token_array(in[i], element_param("input", i)));
    }
}

}  // namespace

EmbeddingsRequest parse_embeddings_request(const json& body, const Limits& limits) {
    const json& o = require_object(body);
    EmbeddingsRequest r;
    read_openai_input(o, limits, r);
    r.model = get_string(o, "model").value_or("");
    r.route = route_field(o);
    if (const auto colon = r.model.rfind(':'); colon != std::string::npos) {
        const std::string suffix = r.model.substr(colon + 1);
        if (!r.route.name.empty() && r.route.name != suffix)
            invalid_value("route", "'route' is '" + r.route.name + "' but 'model' names route '" + suffix + "'");
        if (r.route.name.empty()) r.route = {suffix, "model"};
    }
    const std::string format = get_string(o, "encoding_format").value_or("float");
    if (format != "float" && format != "base64")
        invalid_value("encoding_format", "'encoding_format' must be \"float\" or \"base64\", not \"" + format + "\"");
    r.base64 = format == "base64";
    r.dimensions = get_size(o, "dimensions", 1, std::size_t{1} << 20);
    r.normalize = get_bool(o, "normalize").value_or(true);
    r.truncate = get_bool(o, "truncate").value_or(true);
    return r;
}

EmbedRequest parse_embed_request(const json& body, const Limits& limits) {
    const json& o = require_object(body);
    reject_unknown_fields(o, {"inputs", "normalize", "truncate", "truncation_direction", "prompt_name",
                              "dimensions", "route"});
    EmbedRequest r;
    r.inputs = get_texts(o, "inputs", limits);
    r.route = route_field(o);
    r.normalize = get_bool(o, "normalize").value_or(true);
    r.truncate = get_bool(o, "truncate").value_or(true);
    r.dimensions = get_size(o, "dimensions", 1, std::size_t{1} << 20);
    const std::string dir = get_string(o, "truncation_direction").value_or("right");
    if (dir != "right" && dir != "Right")
        invalid_value("truncation_direction", "'truncation_direction' must be \"right\" (the reference truncates "
                                              "at the end), not \"" + dir + "\"");
    if (get_string(o, "prompt_name"))
        invalid_value("prompt_name", "'prompt_name' is not supported: this model has no prompts");
    return r;
}

SimilarityRequest parse_similarity_request(const json& body, const Limits& limits) {
    const json& o = require_object(body);
    reject_unknown_fields(o, {"source", "candidates", "route", "source_route", "candidates_route", "truncate"});
    SimilarityRequest r;
    const auto source = get_string(o, "source");
    if (!source) throw ApiError(422, "missing_field", "'source' is required", "source");
    check_text_length(*source, limits, "source");
    r.source = *source;
    bool single = false;
    r.candidates = get_texts(o, "candidates", limits, &single);
    if (single)
        throw ApiError(422, "invalid_type", "'candidates' must be an array of strings, not a string", "candidates");
    const RouteField both = route_field(o);
    r.source_route = o.contains("source_route") && !o["source_route"].is_null() ? route_field(o, "source_route") : both;
    r.candidates_route =
        o.contains("candidates_route") && !o["candidates_route"].is_null() ? route_field(o, "candidates_route") : both;
    r.truncate = get_bool(o, "truncate").value_or(true);
    return r;
}

MatchRequest parse_match_request(const json& body, const Limits& limits) {
    const json& o = require_object(body);
    reject_unknown_fields(o, {"titles", "k", "route"});
    MatchRequest r;
    r.titles = get_texts(o, "titles", limits);
    r.k = get_size(o, "k", 1, limits.max_top_k).value_or(5);
    r.route = route_field(o);
    return r;
}

TokenizeRequest parse_tokenize_request(const json& body, const Limits& limits) {
    const json& o = require_object(body);
    reject_unknown_fields(o, {"inputs", "model_input", "truncate"});
    TokenizeRequest r;
    r.inputs = get_texts(o, "inputs", limits);
    r.model_input = get_bool(o, "model_input").value_or(true);
    r.truncate = get_bool(o, "truncate").value_or(true);
    return r;
}

}  // namespace jobbert::server
