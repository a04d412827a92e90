// jobbert serve: the whole service — HTTP layer + service (model, batch queue, matcher) — with
// the life cycle: bind, load in the background while already answering /health (503), serve,
// stop gracefully. Signal handling is left to the program (tools/cli/cmd_serve.cpp).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "server/options.h"

namespace jobbert::server {

class Service;
class HttpServer;

class Server {
public:
    explicit Server(ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /** Binds options.host:options.port (0: any free port) and returns the port. Throws
     * std::runtime_error when the address cannot be bound. */
    int bind();

    /**
     * Starts loading the model (and taxonomy) in the background, then serves until stop() or a
     * loading failure. On return every accepted request has been answered and the encoder has
     * stopped. Returns "" after stop(), else the loading error (one line).
     */
    std::string run();

    /** Graceful stop: no new connections; in-flight requests finish; run() returns. Thread-safe. */
    void stop();

private:
    std::unique_ptr<Service> service_;
    std::unique_ptr<HttpServer> http_;
    std::mutex mutex_;
    std::string error_;
};

}  // namespace jobbert::server
