// jobbert serve: parsing a request body as JSON, with errors that name the field at fault.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace jobbert::server {

/**
 * Parses a request body (RFC 8259 JSON, UTF-8). Throws ApiError 400 when it is not JSON:
 *   code "invalid_utf8"           raw bytes that are not UTF-8 inside a string;
 *   code "invalid_unicode_escape" an unpaired surrogate escape such as "\ud800" (nlohmann
 *                                 rejects these: a JSON string must encode Unicode scalars);
 *   code "invalid_json"           anything else (syntax, number out of range, empty body).
 * The error's param is the path of the value being read when the error was found (e.g.
 * "input[3]"; "" for the top level), found by a second, path-tracking pass over the body.
 */
nlohmann::json parse_json_body(std::string_view body);

}  // namespace jobbert::server
