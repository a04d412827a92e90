#include "hub/http.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>

#include "app_error.h"

namespace jobbert::cli::hub {

Url parse_url(const std::string& url) {
    const std::size_t colon = url.find("://");
    std::string scheme = url.substr(0, colon == std::string::npos ? 0 : colon);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
    if (colon == std::string::npos || (scheme != "http" && scheme != "https"))
        throw UsageError(url + ": not an http:// or https:// URL");
    const std::string rest = url.substr(colon + 3, url.find('#') == std::string::npos ? std::string::npos
                                                                                      : url.find('#') - colon - 3);
    const std::size_t slash = rest.find_first_of("/?");
    const std::string host = rest.substr(0, slash);
    if (host.empty()) throw UsageError(url + ": no host in the URL");
    std::string target = slash == std::string::npos ? "/" : rest.substr(slash);
    if (target[0] != '/') target = "/" + target;
    return {scheme + "://" + host, target};
}

std::string url_encode(const std::string& s, bool keep_slash) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

std::string ResponseHead::header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

namespace {

std::string resolve_location(const Url& base, const std::string& location) {
    if (location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0) return location;
    if (location.rfind("//", 0) == 0) return base.origin.substr(0, base.origin.find(':')) + ":" + location;
    if (!location.empty() && location[0] == '/') return base.origin + location;
    const std::string path = base.target.substr(0, base.target.find('?'));
    return base.origin + path.substr(0, path.rfind('/') + 1) + location;
}

bool is_redirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

ResponseHead http_get(const std::string& url, const HttpSettings& settings,
                      const std::map<std::string, std::string>& extra,
                      const std::function<bool(const ResponseHead&)>& on_head,
                      const std::function<bool(const char*, std::size_t)>& on_data) {
    std::string current = url;
    for (int hop = 0; hop <= 10; ++hop) {
        const Url u = parse_url(current);
        httplib::Client client(u.origin);
        if (!client.is_valid()) throw NetworkError(current + ": unsupported URL (https needs OpenSSL support)");
        client.set_connection_timeout(settings.connect_timeout_s);
        client.set_read_timeout(settings.read_timeout_s);
        client.set_url_encode(false);
        client.set_follow_location(false);
        httplib::Headers headers;
        for (const auto& [k, v] : extra) headers.emplace(k, v);
        if (!settings.token.empty() && u.origin == settings.auth_origin)
            headers.emplace("Authorization", "Bearer " + settings.token);
        headers.emplace("User-Agent", "jobbert.cpp");
        ResponseHead head;
        head.url = current;
        bool redirected = false, stopped = false;
        const auto result = client.Get(
            u.target, headers,
            [&](const httplib::Response& res) {
                head.status = res.status;
                for (const auto& [k, v] : res.headers) {
                    std::string key = k;
                    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
                    head.headers[key] = v;
                }
                if (is_redirect(res.status) && res.has_header("Location")) {
                    redirected = true;
                    return false;
                }
                if (!on_head(head)) {
                    stopped = true;
                    return false;
                }
                return true;
            },
            [&](const char* data, std::size_t n) {
                if (!on_data(data, n)) {
                    stopped = true;
                    return false;
                }
                return true;
            });
        if (redirected) {
            current = resolve_location(u, head.header("location"));
            continue;
        }
        if (stopped) return head;
        if (!result)
            throw ConnectionError(current + ": request failed: " + httplib::to_string(result.error()) +
                                  " error (is the hub reachable? set HF_ENDPOINT for a mirror)" +
                               (head.status ? " (after HTTP " + std::to_string(head.status) + ")" : ""));
        return head;
    }
    throw NetworkError(url + ": more than 10 redirects");
}

std::string http_get_text(const std::string& url, const HttpSettings& settings, ResponseHead* head_out) {
    std::string body;
    const ResponseHead head = http_get(
        url, settings, {}, [](const ResponseHead&) { return true; },
        [&](const char* d, std::size_t n) {
            if (body.size() > (64u << 20)) return false;
            body.append(d, n);
            return true;
        });
    if (head_out) *head_out = head;
    if (head.status != 200) {
        std::string snippet = body.substr(0, 200);
        std::replace(snippet.begin(), snippet.end(), '\n', ' ');
        throw NetworkError(url + ": HTTP " + std::to_string(head.status) + (snippet.empty() ? "" : ": " + snippet));
    }
    return body;
}

}  // namespace jobbert::cli::hub
