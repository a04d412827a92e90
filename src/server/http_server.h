// jobbert serve: the HTTP layer (cpp-httplib). Routes requests to the Service, reads bodies
// under the size limit, turns every error into a JSON response, counts requests in the metrics,
// and stops gracefully. The only file that knows the HTTP library.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "server/service.h"

namespace httplib {
class Server;
}

namespace jobbert::server {

class HttpServer {
public:
    /** Routes for `service` (which must outlive this), with service.options()' HTTP settings. */
    explicit HttpServer(Service& service);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /**
     * Binds and listens on host:port (port 0: any free port). Returns the port. Throws
     * std::runtime_error if the address cannot be bound. Connections wait in the backlog
     * until run() serves them.
     */
    int bind(const std::string& host, int port);

    /**
     * Serves until stop(): returns once the listening socket is closed and every request that
     * was being processed has been answered (HTTP worker threads joined).
     */
    void run();

    /** Stops accepting connections; run() returns after in-flight requests. Thread-safe,
     * idempotent, may be called before run(). Not async-signal-safe. */
    void stop();

private:
    std::unique_ptr<httplib::Server> http_;
    Service& service_;
    std::mutex stop_mutex_;
    std::atomic<bool> stop_requested_{false}, running_{false}, finished_{false};
};

}  // namespace jobbert::server
