// jobbert serve: every setting of the HTTP service (filled by tools/cli/cmd_serve.cpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include "jobbert/model.h"

namespace jobbert::server {

/** Per-request and queue limits. Requests over a limit get a 413 (or 429 for the queue). */
struct Limits {
    std::size_t max_body_bytes = 2u << 20;  ///< request body, bytes (413 above)
    std::size_t max_inputs = 256;           ///< texts (or token arrays) per request (413 above)
    std::size_t max_input_chars = 2048;     ///< Unicode code points per text (413 above)
    std::size_t max_queue_texts = 4096;     ///< texts waiting for the encoder (429 above); >= max_inputs
    /// Estimated encoder time of the waiting texts (their tokens / the encoder's measured
    /// tokens per second) above which a request gets 429; 0 = no such limit. An empty queue
    /// always takes a request.
    std::chrono::milliseconds max_queue_wait{1000};
    std::size_t max_top_k = 100;            ///< largest `k` of POST /match (422 above)
};

/** How queued texts are batched for the encoder (see BatchQueue). */
struct BatchOptions {
    std::size_t batch_tokens = 2048;                 ///< token budget of one forward pass
    std::chrono::microseconds max_wait{2000};        ///< a batch starts once no request has come for this long (at most 10x after its first)
    std::size_t encoders = 1;                        ///< encoder threads (each runs whole batches)
    int threads = 0;                                 ///< OpenMP threads per forward pass; 0 = all cores
    std::chrono::milliseconds debug_delay{0};        ///< sleep before each batch (tests only)
};

/** Everything `jobbert serve` is started with. */
struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                        ///< 0 = any free port (see Server::bind)
    std::filesystem::path model_dir;        ///< resolved model directory
    std::string model_name;                 ///< name reported as `model`; "" = the directory's name
    LoadOptions load;                       ///< precision
    std::filesystem::path taxonomy;         ///< taxonomy file for POST /match; empty = no /match
    std::string label_route;                ///< route for taxonomy labels; "" = the title route
    std::filesystem::path cache_dir;        ///< label index cache; empty = no cache
    /// HTTP worker threads: each serves one connection at a time (keep-alive); connections
    /// beyond this many wait until a thread is free.
    std::size_t http_threads = 256;
    std::size_t index_batch_tokens = 8192;  ///< token budget when building the label index
    Limits limits;
    BatchOptions batch;
    std::string version;                    ///< reported by GET /info
    std::chrono::milliseconds debug_load_delay{0};  ///< wait before loading (tests: /health 503)
    /// Receives one-line log messages (startup, loading, shutdown); may be empty.
    std::function<void(const std::string&)> log;
};

}  // namespace jobbert::server
