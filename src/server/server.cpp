#include "server/server.h"

#include "server/http_server.h"
#include "server/service.h"

namespace jobbert::server {

Server::Server(ServerOptions options)
    : service_(std::make_unique<Service>(std::move(options))), http_(std::make_unique<HttpServer>(*service_)) {}

Server::~Server() {
    stop();
    http_.reset();
    service_.reset();
}

int Server::bind() { return http_->bind(service_->options().host, service_->options().port); }

std::string Server::run() {
    service_->start_loading([this](const std::string& error) {
        {
            std::lock_guard lock(mutex_);
            error_ = error;
        }
        http_->stop();
    });
    http_->run();       // returns after stop(): in-flight requests answered, HTTP threads joined
    service_->stop();   // then the loader and the encoder (nothing is queued any more)
    std::lock_guard lock(mutex_);
    return error_;
}

void Server::stop() { http_->stop(); }

}  // namespace jobbert::server
