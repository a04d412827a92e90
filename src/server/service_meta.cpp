// GET /health, GET /info, GET /metrics.
#include <nlohmann/json.hpp>

#include "server/service.h"

namespace jobbert::server {

Reply Service::health() const {
    std::lock_guard lock(mutex_);
    nlohmann::json j;
    const bool taxonomy_ready = options_.taxonomy.empty() || matcher_;
    j["status"] = !error_.empty() ? "failed" : loaded_ && taxonomy_ready ? "ok" : "loading";
    j["model"] = loaded_ ? "ready" : error_.empty() ? "loading" : "failed";
    j["taxonomy"] = options_.taxonomy.empty() ? "none" : matcher_ ? "ready" : error_.empty() ? "loading" : "failed";
    if (!error_.empty()) j["error"] = error_;
    const bool ok = error_.empty() && loaded_ && taxonomy_ready;
    return {ok ? 200 : 503, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json",
            ok ? 0 : 1};
}

Reply Service::info() const {
    using nlohmann::json;
    const auto l = loaded();
    const auto m = matcher();
    json j;
    j["version"] = options_.version;
    j["status"] = json::parse(health().body)["status"];
    if (l) {
        const ModelInfo& i = l->model.info();
        json routes = json::array();
        for (const auto& r : i.routes) routes.push_back({{"name", r.name}, {"dim", r.dim}});
        routes.push_back({{"name", "none"}, {"dim", i.pooled_dim}});
        j["model"] = {{"name", options_.model_name},
                      {"path", i.path.string()},
                      {"architecture", i.architecture},
                      {"vocab_size", i.vocab_size},
                      {"hidden_size", i.hidden_size},
                      {"num_layers", i.num_layers},
                      {"max_seq_length", i.max_seq_length},
                      {"do_lower_case", i.do_lower_case},
                      {"router_type", i.router_type},
                      {"routes", routes},
                      {"default_route", i.default_route},
                      {"title_route", default_title_route(l->model)},
                      {"normalize_module", i.normalize_module},
                      {"weights_dtype", i.weights_dtype},
                      {"precision", precision_name(i.precision)},
                      {"similarity", "cosine"}};
    } else {
        j["model"] = nullptr;
    }
    if (m) {
        j["taxonomy"] = {{"path", options_.taxonomy.string()},
                         {"occupations", m->taxonomy().occupations().size()},
                         {"labels", m->index().size()},
                         {"label_route", m->index().key().route},
                         {"checksum", m->taxonomy().checksum()},
                         {"index", m->index_origin() == IndexOrigin::cache ? "cache" : "built"}};
    } else {
        j["taxonomy"] = options_.taxonomy.empty() ? json(nullptr) : json({{"path", options_.taxonomy.string()}});
    }
    const Limits& lim = options_.limits;
    j["limits"] = {{"max_body_bytes", lim.max_body_bytes},   {"max_inputs", lim.max_inputs},
                   {"max_input_chars", lim.max_input_chars}, {"max_queue_texts", lim.max_queue_texts},
                   {"max_queue_ms", lim.max_queue_wait.count()},
                   {"max_top_k", lim.max_top_k}};
    const BatchOptions& b = options_.batch;
    j["batching"] = {{"batch_tokens", b.batch_tokens},
                     {"max_wait_ms", double(b.max_wait.count()) / 1000.0},
                     {"encoders", b.encoders},
                     {"threads", b.threads},
                     {"http_threads", options_.http_threads}};
    return {200, j.dump(-1, ' ', false, json::error_handler_t::replace)};
}

Reply Service::metrics_text() const {
    QueueGauges g;
    const auto l = loaded();
    if (l) {
        g.queued_texts = l->queue->queued_texts();
        g.queued_tokens = l->queue->queued_tokens();
    }
    g.limit_texts = options_.limits.max_queue_texts;
    g.model_loaded = l != nullptr;
    g.taxonomy_loaded = matcher() != nullptr;
    return {200, metrics_.render(g), "text/plain; version=0.0.4; charset=utf-8"};
}

}  // namespace jobbert::server
