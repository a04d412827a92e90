// A small HTTP(S) GET client for the model hub (cpp-httplib, OpenSSL for https), with
// redirects followed by hand so that credentials never leave the hub's own host.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "app_error.h"

namespace jobbert::cli::hub {

/** The connection failed or broke off (as opposed to an HTTP error status): worth retrying. */
class ConnectionError : public NetworkError {
public:
    using NetworkError::NetworkError;
};

/** An absolute URL split for cpp-httplib: "https://host:port" and "/path?query". */
struct Url {
    std::string origin;  ///< scheme://host[:port]
    std::string target;  ///< path and query, starting with '/'
};

/** Splits an absolute http(s) URL. Throws UsageError for anything else. */
Url parse_url(const std::string& url);

/** Percent-encodes every byte except unreserved characters (and '/' when keep_slash). */
std::string url_encode(const std::string& s, bool keep_slash);

/** Response status and headers (names lowercased). */
struct ResponseHead {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string url;  ///< the URL that answered (after redirects)
    std::string header(const std::string& lower_name) const;
};

/** Settings of every request. */
struct HttpSettings {
    std::string auth_origin;  ///< origin that may see `token` (the hub); redirects elsewhere drop it
    std::string token;        ///< bearer token (HF_TOKEN), may be empty
    int connect_timeout_s = 30;
    int read_timeout_s = 60;
};

/**
 * GET `url`, following up to 10 redirects (301, 302, 303, 307, 308; relative or absolute
 * Location). `extra` headers are sent to every hop. `on_head` sees the final status and headers
 * and returns false to stop before the body; `on_data` receives the body and returns false to
 * abort. Returns the final head. Throws ConnectionError for a connection failure or a body cut
 * short (naming the URL and cpp-httplib's error), NetworkError for too many redirects.
 */
ResponseHead http_get(const std::string& url, const HttpSettings& settings,
                      const std::map<std::string, std::string>& extra,
                      const std::function<bool(const ResponseHead&)>& on_head,
                      const std::function<bool(const char*, std::size_t)>& on_data);

/** GET a small document (JSON); throws NetworkError("<url>: HTTP <status>: <body start>") unless 200. */
std::string http_get_text(const std::string& url, const HttpSettings& settings, ResponseHead* head = nullptr);

}  // namespace jobbert::cli::hub
