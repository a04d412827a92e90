// POST /similarity, POST /match and POST /tokenize.
#include "jobbert/similarity.h"
#include "jobbert/text.h"
#include "server/api_error.h"
#include "server/encode.h"
#include "server/endpoints.h"
#include "server/responses.h"
#include "server/schemas.h"

namespace jobbert::server {

std::string post_similarity(const EndpointContext& ctx, const json& body) {
    const SimilarityRequest r = parse_similarity_request(body, ctx.limits);
    const std::string source_route = resolve_route(ctx.model, r.source_route);
    const std::string candidates_route = resolve_route(ctx.model, r.candidates_route);
    if (ctx.model.dim(source_route) != ctx.model.dim(candidates_route))
        throw ApiError(422, "invalid_value",
                       "routes '" + source_route + "' and '" + candidates_route + "' return vectors of different "
                       "dimensions (" + std::to_string(ctx.model.dim(source_route)) + " vs " +
                           std::to_string(ctx.model.dim(candidates_route)) + ")",
                       r.candidates_route.param);
    Tokenized s = tokenize_texts(ctx.model, {r.source}, r.truncate, "source");
    Tokenized c = tokenize_texts(ctx.model, r.candidates, r.truncate, "candidates");
    ctx.metrics.count_input("/similarity", 1 + c.ids.size(), s.tokens + c.tokens);
    Matrix sv, cv;
    if (source_route == candidates_route) {  // one queue entry: one batch when it fits
        std::vector<std::vector<std::int32_t>> all = std::move(s.ids);
        all.insert(all.end(), std::make_move_iterator(c.ids.begin()), std::make_move_iterator(c.ids.end()));
        Matrix m = encode_queued(ctx.queue, source_route, std::move(all));
        sv = Matrix(1, m.cols);
        std::copy_n(m.row(0), m.cols, sv.row(0));
        cv = Matrix(m.rows - 1, m.cols);
        std::copy(m.data.begin() + static_cast<std::ptrdiff_t>(m.cols), m.data.end(), cv.data.begin());
    } else {
        sv = encode_queued(ctx.queue, source_route, std::move(s.ids));
        cv = encode_queued(ctx.queue, candidates_route, std::move(c.ids));
    }
    const Matrix scores = cosine_similarity(sv, cv);
    std::string out = "{\"scores\":";
    append_float_array(out, scores.row(0), scores.cols);
    out += ",\"usage\":{\"prompt_tokens\":" + std::to_string(s.tokens + c.tokens) + "}}";
    return out;
}

std::string post_match(const EndpointContext& ctx, const json& body) {
    const MatchRequest r = parse_match_request(body, ctx.limits);
    const std::string route =
        r.route.name.empty() ? default_title_route(ctx.model) : resolve_route(ctx.model, r.route);
    Tokenized t = tokenize_texts(ctx.model, r.titles, true, "titles");
    ctx.metrics.count_input("/match", t.ids.size(), t.tokens);
    const Matrix q = encode_queued(ctx.queue, route, std::move(t.ids));
    const auto found = ctx.matcher->match_vectors(q, r.k);
    std::string out = "{\"results\":[";
    for (std::size_t i = 0; i < found.size(); ++i) {
        out += (i ? ",{\"query\":" : "{\"query\":") + json_quote(r.titles[i]) + ",\"matches\":[";
        for (std::size_t j = 0; j < found[i].size(); ++j) {
            const OccupationMatch& m = found[i][j];
            out += (j ? ",{\"id\":" : "{\"id\":") + json_quote(m.id) + ",\"preferred_label\":" +
                   json_quote(m.preferred_label) + ",\"label\":" + json_quote(m.label) + ",\"score\":";
            append_float(out, m.score);
            out += '}';
        }
        out += "]}";
    }
    out += "],\"usage\":{\"prompt_tokens\":" + std::to_string(t.tokens) + "}}";
    return out;
}

std::string post_tokenize(const EndpointContext& ctx, const json& body) {
    const TokenizeRequest r = parse_tokenize_request(body, ctx.limits);
    const std::size_t max_len = r.truncate ? ctx.model.info().max_seq_length : 0;
    std::string out = "{\"data\":[";
    std::size_t tokens = 0;
    for (std::size_t i = 0; i < r.inputs.size(); ++i) {
        std::string text = r.inputs[i];
        if (r.model_input) {
            text = python_strip(text);
            if (ctx.model.info().do_lower_case) text = python_lower(text);
        }
        const Encoding e = ctx.model.tokenizer().encode(text, max_len);
        tokens += e.ids.size();
        out += i ? ",{\"ids\":[" : "{\"ids\":[";
        for (std::size_t j = 0; j < e.ids.size(); ++j) {
            if (j) out += ',';
            out += std::to_string(e.ids[j]);
        }
        out += "],\"tokens\":[";
        for (std::size_t j = 0; j < e.tokens.size(); ++j) {
            if (j) out += ',';
            out += json_quote(e.tokens[j]);
        }
        out += "]}";
    }
    out += "],\"usage\":{\"prompt_tokens\":" + std::to_string(tokens) + "}}";
    return out;
}

}  // namespace jobbert::server
