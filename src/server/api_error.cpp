#include "server/api_error.h"

#include <nlohmann/json.hpp>

namespace jobbert::server {

std::string error_body(const ApiError& e) {
    const char* type = e.status() == 429   ? "rate_limit_error"
                       : e.status() == 503 ? "unavailable_error"
                       : e.status() < 500  ? "invalid_request_error"
                                           : "server_error";
    nlohmann::json err = {{"message", e.what()}, {"type", type}, {"code", e.code()}};
    err["param"] = e.param().empty() ? nlohmann::json(nullptr) : nlohmann::json(e.param());
    // Messages may quote request text: never fail on it (invalid UTF-8 becomes U+FFFD).
    return nlohmann::json{{"error", std::move(err)}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace jobbert::server
