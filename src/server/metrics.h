// jobbert serve: counters and histograms, exposed by GET /metrics in the Prometheus text format
// (version 0.0.4). Thread-safe; every method is cheap (one short lock).
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "server/batch_queue.h"

namespace jobbert::server {

/** A Prometheus histogram: cumulative buckets with upper bounds `bounds` (plus +Inf). */
struct Histogram {
    std::vector<double> bounds;
    std::vector<unsigned long long> counts;  ///< [bounds.size() + 1], non-cumulative
    double sum = 0;
    unsigned long long count = 0;
    explicit Histogram(std::vector<double> b = {}) : bounds(std::move(b)), counts(bounds.size() + 1, 0) {}
    void observe(double v);
};

/** Gauges read at scrape time. */
struct QueueGauges {
    std::size_t queued_texts = 0, queued_tokens = 0, limit_texts = 0;
    bool model_loaded = false, taxonomy_loaded = false;
};

class Metrics {
public:
    Metrics();

    /** One answered request: endpoint path ("/embed"; unknown paths as "other"), status, seconds. */
    void count_request(const std::string& endpoint, int status, double seconds);
    /** One error response: status and ApiError code ("invalid_json", "queue_full", ...). */
    void count_error(int status, const std::string& code);
    /** Texts and tokens a request submitted, by endpoint (prompt tokens). */
    void count_input(const std::string& endpoint, std::size_t texts, std::size_t tokens);
    /** One forward pass of the batch queue. */
    void observe_batch(const BatchStats& b);

    /** The exposition text: every metric, with `gauges` as the current queue state. */
    std::string render(const QueueGauges& gauges) const;

private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, unsigned long long> requests_;
    std::map<std::pair<int, std::string>, unsigned long long> errors_;
    std::map<std::string, std::pair<unsigned long long, unsigned long long>> inputs_;  // texts, tokens
    std::map<std::string, Histogram> latency_;
    Histogram batch_texts_, batch_tokens_, batch_seconds_, queue_wait_;
    unsigned long long encoded_texts_ = 0, encoded_tokens_ = 0, batches_ = 0;
};

}  // namespace jobbert::server
