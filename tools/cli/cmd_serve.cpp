// jobbert serve: the HTTP service (src/server). Command-line options, signals and exit codes only.
#include <pthread.h>
#include <signal.h>

#include <csignal>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <thread>

#include "app_error.h"
#include "command.h"
#include "jobbert/index.h"
#include "locate.h"
#include "model_options.h"
#include "server/server.h"

namespace jobbert::cli {

namespace {

struct ServeArgs {
    ModelOptions model;
    server::ServerOptions server;
    std::string taxonomy = "esco";
    std::string cache_dir;
    bool no_cache = false;
    double max_wait_ms = 2.0;
    long debug_delay_ms = 0;
    long debug_load_delay_ms = 0;
    long max_queue_ms = 1000;
};

void log_line(const std::string& message) {
    char stamp[32];
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    std::fprintf(stderr, "%s jobbert serve: %s\n", stamp, message.c_str());
}

// SIGINT/SIGTERM are blocked in every thread and taken by this one, which asks the server to
// stop (a second signal exits at once). Must be constructed before any other thread starts.
class SignalWatcher {
public:
    explicit SignalWatcher(server::Server& srv) {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set_, nullptr);
        std::signal(SIGPIPE, SIG_IGN);  // a client that hung up must not kill the server
        thread_ = std::thread([this, &srv] {
            int received = 0;
            const timespec tick{0, 100'000'000};
            while (!done_) {
                const int sig = sigtimedwait(&set_, nullptr, &tick);
                if (sig <= 0) continue;
                if (++received > 1) {
                    log_line("second signal: exiting now");
                    std::_Exit(128 + sig);
                }
                log_line(std::string("received ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") +
                         ": finishing in-flight requests");
                srv.stop();
            }
        });
    }
    ~SignalWatcher() {
        done_ = true;
        thread_.join();
    }
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;

private:
    sigset_t set_{};
    std::atomic<bool> done_{false};
    std::thread thread_;
};

int run_serve(ServeArgs& a, bool taxonomy_given) {
    server::ServerOptions& o = a.server;
    if (o.limits.max_queue_texts < o.limits.max_inputs)
        throw UsageError("--max-queue-texts (" + std::to_string(o.limits.max_queue_texts) +
                         ") must be at least --max-inputs (" + std::to_string(o.limits.max_inputs) + ")");
    o.model_dir = resolve_model(a.model.model).dir;
    o.load.precision = parse_precision(a.model.precision);
    o.batch.batch_tokens = a.model.batch_tokens;
    o.batch.threads = a.model.threads;
    o.batch.max_wait = std::chrono::microseconds(static_cast<long long>(a.max_wait_ms * 1000.0));
    o.batch.debug_delay = std::chrono::milliseconds(a.debug_delay_ms);
    o.debug_load_delay = std::chrono::milliseconds(a.debug_load_delay_ms);
    o.limits.max_queue_wait = std::chrono::milliseconds(a.max_queue_ms);
    o.index_batch_tokens = std::max<std::size_t>(a.model.batch_tokens, 8192);
    if (a.taxonomy != "none") {
        try {
            o.taxonomy = resolve_taxonomy(a.taxonomy);
        } catch (const InputError& e) {
            if (taxonomy_given) throw;
            if (!a.model.quiet) log_line(std::string("note: ") + e.what() + "; POST /match is off");
        }
    }
    if (!a.no_cache) o.cache_dir = a.cache_dir.empty() ? default_cache_dir() : std::filesystem::path(a.cache_dir);
    o.version = JOBBERT_VERSION;
    if (!a.model.quiet) o.log = log_line;

    server::Server srv(o);
    const SignalWatcher signals(srv);  // before the server starts any thread
    const int port = srv.bind();
    std::fprintf(stderr, "jobbert serve: listening on http://%s:%d (loading %s)\n", o.host.c_str(), port,
                 o.model_dir.string().c_str());
    const std::string error = srv.run();
    if (!error.empty()) throw ModelError(error);
    if (!a.model.quiet) log_line("stopped");
    return 0;
}

}  // namespace

Command add_serve_command(CLI::App& parent) {
    auto a = std::make_shared<ServeArgs>();
    a->model.batch_tokens = a->server.batch.batch_tokens;
    CLI::App* app = parent.add_subcommand(
        "serve",
        "HTTP service: POST /v1/embeddings (OpenAI), /embed (TEI), /similarity, /match, /tokenize; GET /health, "
        "/info, /metrics. Requests are batched across clients by token budget; overload is refused with 429");
    add_model_options(*app, a->model);
    server::ServerOptions& o = a->server;
    server::Limits& l = o.limits;
    app->add_option("--host", o.host, "Address to listen on")->capture_default_str();
    app->add_option("--port", o.port, "Port (0 = any free port, printed on stderr)")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    app->add_option("-t,--taxonomy", a->taxonomy,
                    "Taxonomy for POST /match: 'esco' (shipped), a CSV/TSV file (see `jobbert match`), or 'none'")
        ->capture_default_str();
    app->add_option("--label-route", o.label_route, "Route for the taxonomy labels (default: anchor)");
    app->add_option("--cache-dir", a->cache_dir, "Label index cache (default: as `jobbert match`)");
    app->add_flag("--no-cache", a->no_cache, "Build the label index in memory; read and write no cache");
    app->add_option("--model-name", o.model_name, "Name reported as `model` (default: the model directory's name)");
    app->add_option("--max-wait-ms", a->max_wait_ms,
                    "A batch fills while requests keep coming: it starts once none has arrived for this long (and at most 10x this after its first)")
        ->check(CLI::Range(0.0, 1000.0))
        ->capture_default_str();
    app->add_option("--encoders", o.batch.encoders, "Encoder threads running forward passes")
        ->check(CLI::Range(std::size_t{1}, std::size_t{16}))
        ->capture_default_str();
    app->add_option("--http-threads", o.http_threads,
                    "HTTP worker threads: each serves one connection at a time (keep-alive)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{4096}))
        ->capture_default_str();
    app->add_option("--max-body-bytes", l.max_body_bytes, "Largest request body (413 above)")
        ->check(CLI::Range(std::size_t{64}, std::size_t{1} << 30))
        ->capture_default_str();
    app->add_option("--max-inputs", l.max_inputs, "Most texts per request (413 above)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
        ->capture_default_str();
    app->add_option("--max-input-chars", l.max_input_chars, "Most characters (code points) per text (413 above)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24))
        ->capture_default_str();
    app->add_option("--max-queue-texts", l.max_queue_texts,
                    "Most texts waiting for the encoder; beyond, requests get 429 with Retry-After")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24))
        ->capture_default_str();
    app->add_option("--max-queue-ms", a->max_queue_ms,
                    "Refuse (429) a request when the waiting texts would take the encoder longer than this at "
                    "its measured speed (0 = off; an empty queue always takes a request)")
        ->check(CLI::Range(0L, 3600000L))
        ->capture_default_str();
    app->add_option("--max-top-k", l.max_top_k, "Largest k of POST /match (422 above)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
        ->capture_default_str();
    app->add_option("--debug-batch-delay-ms", a->debug_delay_ms, "Sleep before each forward pass (tests)")
        ->check(CLI::Range(0L, 60000L))
        ->group("");
    app->add_option("--debug-load-delay-ms", a->debug_load_delay_ms, "Wait before loading the model (tests)")
        ->check(CLI::Range(0L, 600000L))
        ->group("");
    CLI::Option* taxonomy = app->get_option("--taxonomy");
    return {app, [a, taxonomy] { return run_serve(*a, taxonomy->count() > 0); }};
}

}  // namespace jobbert::cli
