#include "server/metrics.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace jobbert::server {

namespace {

const std::vector<double> kLatencyBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                            0.25,  0.5,    1,     2.5,  5,     10};

std::vector<double> powers_of_two(double from, double to) {
    std::vector<double> b;
    for (double v = from; v <= to; v *= 2) b.push_back(v);
    return b;
}

std::string num(double v) {
    char buf[32];  // shortest round-trip form: 0.0025, not 0.0025000000000000001
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

// `labels` is "" or `key="value",` pieces without braces, e.g. `endpoint="/embed"`.
void histogram(std::string& out, const char* name, const std::string& labels, const Histogram& h) {
    const std::string sep = labels.empty() ? "" : labels + ",";
    unsigned long long cumulative = 0;
    for (std::size_t i = 0; i <= h.bounds.size(); ++i) {
        cumulative += h.counts[i];
        const std::string le = i < h.bounds.size() ? num(h.bounds[i]) : "+Inf";
        out += std::string(name) + "_bucket{" + sep + "le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
    }
    const std::string braces = labels.empty() ? "" : "{" + labels + "}";
    out += std::string(name) + "_sum" + braces + " " + num(h.sum) + "\n";
    out += std::string(name) + "_count" + braces + " " + std::to_string(h.count) + "\n";
}

}  // namespace

void Histogram::observe(double v) {
    const auto it = std::lower_bound(bounds.begin(), bounds.end(), v);
    ++counts[static_cast<std::size_t>(it - bounds.begin())];
    sum += v;
    ++count;
}

Metrics::Metrics()
    : batch_texts_(powers_of_two(1, 4096)),
      batch_tokens_(powers_of_two(16, 65536)),
      batch_seconds_(kLatencyBounds),
      queue_wait_(kLatencyBounds) {}

void Metrics::count_request(const std::string& endpoint, int status, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{endpoint, status}];
    auto it = latency_.find(endpoint);
    if (it == latency_.end()) it = latency_.emplace(endpoint, Histogram(kLatencyBounds)).first;
    it->second.observe(seconds);
}

void Metrics::count_error(int status, const std::string& code) {
    std::lock_guard lock(mutex_);
    ++errors_[{status, code}];
}

void Metrics::count_input(const std::string& endpoint, std::size_t texts, std::size_t tokens) {
    std::lock_guard lock(mutex_);
    auto& c = inputs_[endpoint];
    c.first += texts;
    c.second += tokens;
}

void Metrics::observe_batch(const BatchStats& b) {
    std::lock_guard lock(mutex_);
    ++batches_;
    encoded_texts_ += b.texts;
    encoded_tokens_ += b.tokens;
    batch_texts_.observe(double(b.texts));
    batch_tokens_.observe(double(b.tokens));
    batch_seconds_.observe(b.encode_seconds);
    queue_wait_.observe(b.wait_seconds);
}

std::string Metrics::render(const QueueGauges& g) const {
    std::lock_guard lock(mutex_);
    std::string out;
    header(out, "jobbert_http_requests_total", "counter", "HTTP requests answered, by endpoint and status code.");
    for (const auto& [k, v] : requests_)
        out += "jobbert_http_requests_total{endpoint=\"" + k.first + "\",code=\"" + std::to_string(k.second) + "\"} " +
               std::to_string(v) + "\n";
    header(out, "jobbert_http_errors_total", "counter", "Error responses, by status code and error code.");
    for (const auto& [k, v] : errors_)
        out += "jobbert_http_errors_total{code=\"" + std::to_string(k.first) + "\",error=\"" + k.second + "\"} " +
               std::to_string(v) + "\n";
    header(out, "jobbert_http_request_duration_seconds", "histogram",
           "Time from the request's arrival to its response, by endpoint.");
    for (const auto& [k, h] : latency_) histogram(out, "jobbert_http_request_duration_seconds", "endpoint=\"" + k + "\"", h);
    header(out, "jobbert_input_texts_total", "counter", "Texts received for encoding, by endpoint.");
    for (const auto& [k, v] : inputs_)
        out += "jobbert_input_texts_total{endpoint=\"" + k + "\"} " + std::to_string(v.first) + "\n";
    header(out, "jobbert_input_tokens_total", "counter", "Tokens of those texts (prompt tokens), by endpoint.");
    for (const auto& [k, v] : inputs_)
        out += "jobbert_input_tokens_total{endpoint=\"" + k + "\"} " + std::to_string(v.second) + "\n";
    header(out, "jobbert_queue_texts", "gauge", "Texts waiting for the encoder.");
    out += "jobbert_queue_texts " + std::to_string(g.queued_texts) + "\n";
    header(out, "jobbert_queue_tokens", "gauge", "Tokens of the texts waiting for the encoder.");
    out += "jobbert_queue_tokens " + std::to_string(g.queued_tokens) + "\n";
    header(out, "jobbert_queue_limit_texts", "gauge", "Queue limit in texts (--max-queue-texts); 429 above.");
    out += "jobbert_queue_limit_texts " + std::to_string(g.limit_texts) + "\n";
    header(out, "jobbert_batches_total", "counter", "Forward passes run.");
    out += "jobbert_batches_total " + std::to_string(batches_) + "\n";
    header(out, "jobbert_encoded_texts_total", "counter", "Texts encoded.");
    out += "jobbert_encoded_texts_total " + std::to_string(encoded_texts_) + "\n";
    header(out, "jobbert_encoded_tokens_total", "counter", "Tokens encoded.");
    out += "jobbert_encoded_tokens_total " + std::to_string(encoded_tokens_) + "\n";
    header(out, "jobbert_batch_texts", "histogram", "Texts per forward pass.");
    histogram(out, "jobbert_batch_texts", "", batch_texts_);
    header(out, "jobbert_batch_tokens", "histogram", "Tokens per forward pass.");
    histogram(out, "jobbert_batch_tokens", "", batch_tokens_);
    header(out, "jobbert_batch_duration_seconds", "histogram", "Duration of a forward pass.");
    histogram(out, "jobbert_batch_duration_seconds", "", batch_seconds_);
    header(out, "jobbert_queue_wait_seconds", "histogram", "Queue time of each batch's oldest request.");
    histogram(out, "jobbert_queue_wait_seconds", "", queue_wait_);
    header(out, "jobbert_model_loaded", "gauge", "1 once the model is loaded.");
    out += std::string("jobbert_model_loaded ") + (g.model_loaded ? "1" : "0") + "\n";
    header(out, "jobbert_taxonomy_loaded", "gauge", "1 once the taxonomy's label index is ready (POST /match).");
    out += std::string("jobbert_taxonomy_loaded ") + (g.taxonomy_loaded ? "1" : "0") + "\n";
    return out;
}

}  // namespace jobbert::server
