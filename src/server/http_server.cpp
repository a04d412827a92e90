#include "server/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <array>
#include <chrono>
#include <thread>

#include "server/api_error.h"

namespace jobbert::server {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::array kPostEndpoints = {Endpoint::embeddings, Endpoint::embed, Endpoint::similarity, Endpoint::match,
                                       Endpoint::tokenize};
constexpr std::array kGetPaths = {"/health", "/info", "/metrics"};

bool is_post_path(const std::string& path) {
    for (Endpoint e : kPostEndpoints)
        if (path == endpoint_path(e)) return true;
    return false;
}

bool is_get_path(const std::string& path) {
    for (const char* p : kGetPaths)
        if (path == p) return true;
    return false;
}

// The endpoint label of the metrics: known paths as themselves, anything else as "other".
std::string endpoint_label(const std::string& path) { return is_post_path(path) || is_get_path(path) ? path : "other"; }

void send(httplib::Response& res, const Reply& r) {
    res.status = r.status;
    if (r.retry_after > 0) res.set_header("Retry-After", std::to_string(r.retry_after));
    res.set_content(r.body, r.content_type.c_str());
}

Reply error_reply(const ApiError& e) { return {e.status(), error_body(e), "application/json", e.retry_after()}; }

}  // namespace

HttpServer::HttpServer(Service& service) : http_(std::make_unique<httplib::Server>()), service_(service) {
    const ServerOptions& o = service.options();
    const std::size_t threads = std::max<std::size_t>(o.http_threads, 1);
    http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http_->set_payload_max_length(o.limits.max_body_bytes);
    http_->set_keep_alive_max_count(1000);
    http_->set_tcp_nodelay(true);
    // SO_REUSEADDR only: httplib's default (SO_REUSEPORT) would let a second server bind the same
    // port and silently share its connections.
    http_->set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });

    for (Endpoint e : kPostEndpoints) {
        http_->Post(endpoint_path(e), [this, e](const httplib::Request&, httplib::Response& res,
                                                const httplib::ContentReader& reader) {
            const auto t0 = Clock::now();
            Reply reply;
            std::string error_code;
            try {
                const std::size_t limit = service_.options().limits.max_body_bytes;
                std::string body;
                bool too_large = false;
                std::size_t discarded = 0;
                const bool read = reader([&](const char* data, std::size_t n) {
                    if (too_large || body.size() + n > limit) {
                        // Over the limit (a chunked body: a Content-Length over it is refused by
                        // httplib before this): read on without keeping it, so that the
                        // connection stays in step, up to 16 limits' worth.
                        too_large = true;
                        discarded += n;
                        return discarded <= 16 * limit;
                    }
                    body.append(data, n);
                    return true;
                });
                if (too_large || res.status == 413) {
                    throw ApiError(413, "body_too_large",
                                   "the request body is larger than " + std::to_string(limit) +
                                       " bytes (--max-body-bytes)");
                }
                if (!read) throw ApiError(400, "bad_request", "the request body could not be read");
                reply.body = service_.post(e, body);
            } catch (const ApiError& err) {
                reply = error_reply(err);
                error_code = err.code();
            } catch (const std::exception& err) {
                reply = error_reply(ApiError(500, "internal_error", std::string("internal error: ") + err.what()));
                error_code = "internal_error";
                if (service_.options().log) service_.options().log(std::string(endpoint_path(e)) + ": " + err.what());
            }
            if (!error_code.empty()) service_.metrics().count_error(reply.status, error_code);
            send(res, reply);
            service_.metrics().count_request(endpoint_path(e), reply.status,
                                             std::chrono::duration<double>(Clock::now() - t0).count());
        });
    }
    const auto get = [this](const char* path, Reply (Service::*fn)() const) {
        http_->Get(path, [this, path, fn](const httplib::Request&, httplib::Response& res) {
            const auto t0 = Clock::now();
            const Reply reply = (service_.*fn)();
            send(res, reply);
            service_.metrics().count_request(path, reply.status, std::chrono::duration<double>(Clock::now() - t0).count());
        });
    };
    get("/health", &Service::health);
    get("/info", &Service::info);
    get("/metrics", &Service::metrics_text);

    // Errors httplib produces itself (no route, body over the limit, malformed HTTP): JSON too.
    const httplib::Server::HandlerWithResponse on_error = [this](const httplib::Request& req,
                                                                 httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // ours, already JSON
        ApiError err(res.status, "http_error", "HTTP error " + std::to_string(res.status));
        if (res.status == 404 && (is_post_path(req.path) || is_get_path(req.path))) {
            const char* allow = is_post_path(req.path) ? "POST" : "GET";
            err = ApiError(405, "method_not_allowed", req.method + " " + req.path + ": use " + allow);
            res.set_header("Allow", allow);
        } else if (res.status == 404) {
            err = ApiError(404, "not_found",
                           "no endpoint " + req.path +
                               " (POST /v1/embeddings, /embed, /similarity, /match, /tokenize; GET /health, /info, "
                               "/metrics)");
        } else if (res.status == 413) {
            err = ApiError(413, "body_too_large",
                           "the request body is larger than " + std::to_string(service_.options().limits.max_body_bytes) +
                               " bytes (--max-body-bytes)");
        } else if (res.status == 400) {
            err = ApiError(400, "bad_request", "malformed HTTP request");
        }
        send(res, error_reply(err));
        service_.metrics().count_error(err.status(), err.code());
        service_.metrics().count_request(endpoint_label(req.path), err.status(), 0.0);
        return httplib::Server::HandlerResponse::Handled;
    };
    http_->set_error_handler(on_error);
    http_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send(res, error_reply(ApiError(500, "internal_error", "internal error")));
    });
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::bind(const std::string& host, int port) {
    const int bound = port == 0 ? http_->bind_to_any_port(host) : (http_->bind_to_port(host, port) ? port : -1);
    if (bound <= 0) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                                             " (address in use, or not an address of this machine)");
    return bound;
}

void HttpServer::run() {
    running_ = true;
    if (!stop_requested_) http_->listen_after_bind();
    finished_ = true;
}

void HttpServer::stop() {
    std::lock_guard lock(stop_mutex_);
    stop_requested_ = true;
    if (!running_) return;  // run() will see stop_requested_
    while (!http_->is_running() && !finished_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    http_->stop();
}

}  // namespace jobbert::server
