// jobbert serve: the service behind the HTTP layer — loading (in the background), the loaded
// state (model, batch queue, taxonomy matcher), dispatch of requests to the endpoints, and
// GET /health, /info, /metrics. Independent of the HTTP library.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "jobbert/match.h"
#include "jobbert/model.h"
#include "server/batch_queue.h"
#include "server/metrics.h"
#include "server/options.h"

namespace jobbert::server {

/** The POST endpoints. */
enum class Endpoint { embeddings, embed, similarity, match, tokenize };

/** "/v1/embeddings", "/embed", "/similarity", "/match", "/tokenize". */
const char* endpoint_path(Endpoint e) noexcept;

/** A response: status, body, content type. */
struct Reply {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    int retry_after = 0;  ///< seconds for a Retry-After header; 0 = none
};

class Service {
public:
    explicit Service(ServerOptions options);
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    /**
     * Loads the model, starts the batch queue, then loads the taxonomy and its label index, on a
     * background thread. `on_failure` (may be empty) is called on that thread with the error
     * message if the model or the taxonomy cannot be loaded.
     */
    void start_loading(std::function<void(const std::string&)> on_failure);

    /**
     * Runs a POST endpoint on a raw request body. Returns the response body (200). Throws
     * ApiError: 400 for a body that is not JSON, 4xx for invalid requests, 404 for /match
     * without a taxonomy, 429 when the queue is full, 503 while loading or shutting down.
     * Any other exception is a server fault (500).
     */
    std::string post(Endpoint e, std::string_view body);

    /** GET /health: 200 {"status": "ok"} once everything is loaded; 503 while loading or failed. */
    Reply health() const;
    /** GET /info: version, model (sizes, routes, max_seq_length), taxonomy, limits, batching. */
    Reply info() const;
    /** GET /metrics: Prometheus text. */
    Reply metrics_text() const;

    Metrics& metrics() { return metrics_; }
    const ServerOptions& options() const { return options_; }

    /** Cancels loading (an index build stops at its next chunk), waits for the loader, and stops
     * the batch queue after it has finished what was queued. Call after the HTTP layer stopped. */
    void stop();

private:
    struct Loaded {
        Model model;
        std::unique_ptr<BatchQueue> queue;
    };
    void load(const std::function<void(const std::string&)>& on_failure);
    std::shared_ptr<Loaded> loaded() const;
    std::shared_ptr<const Matcher> matcher() const;

    ServerOptions options_;
    Metrics metrics_;
    mutable std::mutex mutex_;
    std::shared_ptr<Loaded> loaded_;          // null until the model is loaded
    std::shared_ptr<const Matcher> matcher_;  // null until the label index is ready
    std::string error_;                       // why loading failed ("" = it did not)
    std::atomic<bool> cancel_{false};
    std::thread loader_;
};

}  // namespace jobbert::server
