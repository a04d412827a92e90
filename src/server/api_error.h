// jobbert serve: errors returned to HTTP clients as JSON.
#pragma once

#include <stdexcept>
#include <string>

namespace jobbert::server {

/**
 * A request that cannot be served: HTTP status, a machine-readable code, a one-line message and
 * the request field at fault. Serialised by error_body() as (OpenAI's error shape):
 *   {"error": {"message": "...", "type": "invalid_request_error", "code": "...", "param": "input[3]"}}
 * Bad input is always 4xx: 400 for a body that is not valid JSON / UTF-8, 413 for a limit,
 * 422 for valid JSON that does not fit the schema, 429 for a full queue, 503 while loading.
 */
class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string code, const std::string& message, std::string param = {})
        : std::runtime_error(message), status_(status), code_(std::move(code)), param_(std::move(param)) {}

    int status() const noexcept { return status_; }
    /** e.g. "invalid_json", "invalid_type", "too_many_inputs", "queue_full" */
    const std::string& code() const noexcept { return code_; }
    /** The field at fault as a path ("input[3]", "inputs", "k"); "" when no field is. */
    const std::string& param() const noexcept { return param_; }
    /** Seconds for a Retry-After header (429, 503); 0 = none. */
    int retry_after() const noexcept { return retry_after_; }
    ApiError& with_retry_after(int seconds) {
        retry_after_ = seconds;
        return *this;
    }

private:
    int status_;
    std::string code_;
    std::string param_;
    int retry_after_ = 0;
};

/** The JSON body of `e` (see ApiError). `type` is "invalid_request_error" for 4xx except 429
 * ("rate_limit_error") and 503 ("unavailable_error"), else "server_error". */
std::string error_body(const ApiError& e);

}  // namespace jobbert::server
