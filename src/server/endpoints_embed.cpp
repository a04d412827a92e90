// POST /v1/embeddings and POST /embed.
#include "server/encode.h"
#include "server/endpoints.h"
#include "server/responses.h"
#include "server/schemas.h"

namespace jobbert::server {

std::string post_embeddings(const EndpointContext& ctx, const json& body) {
    const EmbeddingsRequest r = parse_embeddings_request(body, ctx.limits);
    const std::string route = resolve_route(ctx.model, r.route);
    check_dimensions(r.dimensions, ctx.model.dim(route));
    Tokenized t = r.ids.empty() ? tokenize_texts(ctx.model, r.texts, r.truncate, "input")
                                : check_token_arrays(ctx.model, r.ids, "input", r.single_ids);
    ctx.metrics.count_input("/v1/embeddings", t.ids.size(), t.tokens);
    Matrix m = shape_vectors(encode_queued(ctx.queue, route, std::move(t.ids)), r.dimensions, r.normalize);
    return openai_embeddings_body(m, r.base64, r.model.empty() ? ctx.model_name : r.model, t.tokens);
}

std::string post_embed(const EndpointContext& ctx, const json& body) {
    const EmbedRequest r = parse_embed_request(body, ctx.limits);
    const std::string route = resolve_route(ctx.model, r.route);
    check_dimensions(r.dimensions, ctx.model.dim(route));
    Tokenized t = tokenize_texts(ctx.model, r.inputs, r.truncate, "inputs");
    ctx.metrics.count_input("/embed", t.ids.size(), t.tokens);
    return tei_embed_body(shape_vectors(encode_queued(ctx.queue, route, std::move(t.ids)), r.dimensions, r.normalize));
}

}  // namespace jobbert::server
