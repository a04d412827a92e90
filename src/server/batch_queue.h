// jobbert serve: the batching queue between HTTP threads and the encoder.
//
// HTTP threads tokenize their request's texts and submit the token sequences; one (or a few)
// encoder threads take queued sequences in arrival order, pack as many as fit a token budget
// into one forward pass (across requests; one route per pass), and hand every request its rows
// back in input order. A pass starts as soon as the budget is full, or once no request has
// arrived for `max_wait`, and at most kMaxWaitFactor x `max_wait` after the oldest waiting
// request arrived, whichever comes first. In fp32 a text's vector does not
// depend on what it was batched with (Model: batch invariant), so results equal Model::encode.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "jobbert/model.h"
#include "server/options.h"

namespace jobbert::server {

/** submit() would take the queue over its limit. retry_after_s estimates when it has room. */
class QueueFull : public std::runtime_error {
public:
    QueueFull(const std::string& msg, int retry_after_s) : std::runtime_error(msg), retry_after_s_(retry_after_s) {}
    int retry_after_s() const noexcept { return retry_after_s_; }

private:
    int retry_after_s_;
};

/** submit() after stop(). */
class QueueClosed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/** One forward pass, as told to the observer. */
struct BatchStats {
    std::size_t texts = 0;
    std::size_t tokens = 0;
    double encode_seconds = 0;  ///< the forward pass
    double wait_seconds = 0;    ///< queue time of the batch's oldest request
};

/** The longest a pass waits for company, in units of BatchOptions::max_wait after its oldest request. */
inline constexpr int kMaxWaitFactor = 10;

class BatchQueue {
public:
    using Observer = std::function<void(const BatchStats&)>;

    /**
     * Starts options.encoders encoder threads for `model`. Admission (see submit): at most
     * limits.max_queue_texts sequences wait at a time (sequences taken by an encoder no longer
     * count), and, when limits.max_queue_wait > 0, a request is refused if the waiting tokens
     * and its own would take the encoder longer than that at its measured speed. `observer`
     * (may be empty) is called by an encoder thread after every forward pass.
     */
    BatchQueue(Model model, const BatchOptions& options, const Limits& limits, Observer observer = {});
    ~BatchQueue();
    BatchQueue(const BatchQueue&) = delete;
    BatchQueue& operator=(const BatchQueue&) = delete;

    /**
     * Queues `seqs` (token ids as Model::tokenize returns them; each non-empty, in the
     * vocabulary, within the position table) for `route` (already resolved, e.g. "anchor").
     * The future yields [seqs.size(), model.dim(route)] row-major float32, unnormalised, row i
     * for seqs[i], or the exception the forward pass threw. Throws QueueFull when the waiting
     * sequences would exceed limits.max_queue_texts or (unless the queue is empty) their
     * estimated encoding time would exceed limits.max_queue_wait; QueueClosed after stop().
     */
    std::future<Matrix> submit(std::string route, std::vector<std::vector<std::int32_t>> seqs);

    /** Refuses new work, finishes every queued request, joins the encoder threads. Idempotent. */
    void stop();

    std::size_t queued_texts() const;   ///< sequences waiting for an encoder
    std::size_t queued_tokens() const;  ///< their tokens
    double tokens_per_second() const;   ///< the encoder's measured speed (0 before the first pass)

private:
    using Clock = std::chrono::steady_clock;
    struct Job;
    struct Piece;

    void encoder_loop();
    std::vector<Piece> take_batch(std::unique_lock<std::mutex>& lock);
    void run_batch(const std::vector<Piece>& pieces, Clock::time_point oldest);
    int retry_after_locked() const;

    Model model_;
    BatchOptions options_;
    std::size_t max_queued_texts_;
    double max_queue_seconds_;
    Observer observer_;

    std::mutex stop_mutex_;  // serialises stop()
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::shared_ptr<Job>> jobs_;  // requests with sequences not yet taken, oldest first
    std::size_t queued_texts_ = 0;
    std::size_t queued_tokens_ = 0;
    double tokens_per_second_ = 0;  // moving average of the encoder's speed (for Retry-After)
    bool stopping_ = false;
    std::vector<std::thread> encoders_;
};

}  // namespace jobbert::server
