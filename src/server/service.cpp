#include "server/service.h"

#include <omp.h>

#include <chrono>

#include "jobbert/error.h"
#include "jobbert/taxonomy.h"
#include "server/api_error.h"
#include "server/endpoints.h"
#include "server/json_body.h"

namespace jobbert::server {

namespace {
struct Cancelled {};  // thrown by the index build's progress callback to stop it

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

const char* endpoint_path(Endpoint e) noexcept {
    switch (e) {
        case Endpoint::embeddings: return "/v1/embeddings";
        case Endpoint::embed: return "/embed";
        case Endpoint::similarity: return "/similarity";
        case Endpoint::match: return "/match";
        case Endpoint::tokenize: return "/tokenize";
    }
    return "other";
}

Service::Service(ServerOptions options) : options_(std::move(options)) {
    if (options_.model_name.empty()) options_.model_name = options_.model_dir.filename().string();
}

Service::~Service() { stop(); }

void Service::start_loading(std::function<void(const std::string&)> on_failure) {
    loader_ = std::thread([this, f = std::move(on_failure)] { load(f); });
}

void Service::load(const std::function<void(const std::string&)>& on_failure) {
    const auto log = [this](const std::string& m) {
        if (options_.log) options_.log(m);
    };
    std::string stage = "model";
    for (auto waited = std::chrono::milliseconds(0); waited < options_.debug_load_delay && !cancel_;
         waited += std::chrono::milliseconds(10))
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    try {
        auto t0 = std::chrono::steady_clock::now();
        auto loaded = std::make_shared<Loaded>(Loaded{Model::load(options_.model_dir, options_.load), nullptr});
        loaded->queue = std::make_unique<BatchQueue>(loaded->model, options_.batch, options_.limits,
                                                     [this](const BatchStats& b) { metrics_.observe_batch(b); });
        {
            std::lock_guard lock(mutex_);
            loaded_ = loaded;
        }
        log("model " + options_.model_dir.string() + " loaded in " + std::to_string(since(t0)) + " s");
        if (options_.taxonomy.empty()) return;
        stage = "taxonomy";
        t0 = std::chrono::steady_clock::now();
        MatcherOptions mo;
        mo.label_route = options_.label_route;
        mo.cache_dir = options_.cache_dir;
        mo.build.batch_tokens = options_.index_batch_tokens;
        mo.build.threads = options_.batch.threads;
        mo.build.progress = [this](std::size_t, std::size_t) {
            if (cancel_) throw Cancelled{};
        };
        mo.warning = [log](const std::string& w) { log("warning: " + w); };
        auto matcher = std::make_shared<const Matcher>(loaded->model, Taxonomy::load(options_.taxonomy), mo);
        {
            std::lock_guard lock(mutex_);
            matcher_ = matcher;
        }
        log("taxonomy " + options_.taxonomy.string() + ": " + std::to_string(matcher->index().size()) + " labels of " +
            std::to_string(matcher->taxonomy().occupations().size()) + " occupations, index " +
            (matcher->index_origin() == IndexOrigin::cache ? "read from the cache" : "built") + " in " +
            std::to_string(since(t0)) + " s");
    } catch (const Cancelled&) {
        log("taxonomy loading cancelled");
    } catch (const std::exception& e) {
        const std::string msg = (stage == "model" ? "cannot load the model: " : "cannot load the taxonomy: ") +
                                std::string(e.what());
        {
            std::lock_guard lock(mutex_);
            error_ = msg;
        }
        if (on_failure) on_failure(msg);
    }
}

void Service::stop() {
    cancel_ = true;
    if (loader_.joinable()) loader_.join();
    if (auto l = loaded()) l->queue->stop();
}

std::shared_ptr<Service::Loaded> Service::loaded() const {
    std::lock_guard lock(mutex_);
    return loaded_;
}

std::shared_ptr<const Matcher> Service::matcher() const {
    std::lock_guard lock(mutex_);
    return matcher_;
}

std::string Service::post(Endpoint e, std::string_view body) {
    const std::shared_ptr<Loaded> l = loaded();
    if (!l) throw ApiError(503, "loading", "the model is still loading; retry shortly").with_retry_after(1);
    const json request = parse_json_body(body);
    std::shared_ptr<const Matcher> m;
    if (e == Endpoint::match) {
        if (options_.taxonomy.empty())
            throw ApiError(404, "no_taxonomy", "POST /match needs a taxonomy: start the server with --taxonomy");
        m = matcher();
        if (!m) throw ApiError(503, "loading", "the taxonomy's label index is still loading; retry shortly")
                .with_retry_after(5);
    }
    // Matrix products on this (HTTP) thread (similarity, matching) run single-threaded: the
    // cores belong to the encoder.
    omp_set_num_threads(1);
    const EndpointContext ctx{l->model, *l->queue, options_.limits, metrics_, options_.model_name, m.get()};
    try {
        switch (e) {
            case Endpoint::embeddings: return post_embeddings(ctx, request);
            case Endpoint::embed: return post_embed(ctx, request);
            case Endpoint::similarity: return post_similarity(ctx, request);
            case Endpoint::match: return post_match(ctx, request);
            case Endpoint::tokenize: return post_tokenize(ctx, request);
        }
    } catch (const InputError& err) {  // a check the schemas missed: still the client's input
        throw ApiError(422, "invalid_input", err.what());
    }
    throw ApiError(404, "not_found", "no such endpoint");
}

}  // namespace jobbert::server
