#include "server/batch_queue.h"

#include <algorithm>
#include <cmath>

namespace jobbert::server {

struct BatchQueue::Job {
    std::string route;
    std::vector<std::vector<std::int32_t>> seqs;
    Matrix out;                  // [seqs.size(), dim]; pieces write disjoint rows
    std::promise<Matrix> promise;
    Clock::time_point queued_at;
    std::size_t next = 0;        // first sequence not yet taken by an encoder (under mutex_)
    std::size_t remaining = 0;   // sequences not yet encoded (under mutex_)
    bool failed = false;         // the promise holds an exception (under mutex_)
};

struct BatchQueue::Piece {
    std::shared_ptr<Job> job;
    std::size_t begin = 0, end = 0;  // sequences [begin, end) of the job
};

BatchQueue::BatchQueue(Model model, const BatchOptions& options, const Limits& limits, Observer observer)
    : model_(std::move(model)),
      options_(options),
      max_queued_texts_(limits.max_queue_texts),
      max_queue_seconds_(std::chrono::duration<double>(limits.max_queue_wait).count()),
      observer_(std::move(observer)) {
    options_.batch_tokens = std::max<std::size_t>(options_.batch_tokens, 1);
    for (std::size_t i = 0; i < std::max<std::size_t>(options_.encoders, 1); ++i)
        encoders_.emplace_back([this] { encoder_loop(); });
}

BatchQueue::~BatchQueue() { stop(); }

std::future<Matrix> BatchQueue::submit(std::string route, std::vector<std::vector<std::int32_t>> seqs) {
    auto job = std::make_shared<Job>();
    const std::size_t dim = model_.dim(route);
    job->out = Matrix(seqs.size(), dim);
    job->remaining = seqs.size();
    std::future<Matrix> result = job->promise.get_future();
    if (seqs.empty()) {
        job->promise.set_value(std::move(job->out));
        return result;
    }
    std::size_t tokens = 0;
    for (const auto& s : seqs) tokens += s.size();
    job->route = std::move(route);
    job->seqs = std::move(seqs);
    {
        std::lock_guard lock(mutex_);
        if (stopping_) throw QueueClosed("the server is shutting down");
        if (queued_texts_ + job->seqs.size() > max_queued_texts_)
            throw QueueFull("the queue is full: " + std::to_string(queued_texts_) + " texts are waiting (limit " +
                                std::to_string(max_queued_texts_) + ", --max-queue-texts); retry later",
                            retry_after_locked());
        if (max_queue_seconds_ > 0 && queued_texts_ > 0 && tokens_per_second_ > 0) {
            const double wait = double(queued_tokens_ + tokens) / tokens_per_second_;
            if (wait > max_queue_seconds_)
                throw QueueFull("the queue is full: its texts would take the encoder about " +
                                    std::to_string(static_cast<long>(wait * 1000)) + " ms (limit " +
                                    std::to_string(static_cast<long>(max_queue_seconds_ * 1000)) +
                                    " ms, --max-queue-ms); retry later",
                                retry_after_locked());
        }
        job->queued_at = Clock::now();
        queued_texts_ += job->seqs.size();
        queued_tokens_ += tokens;
        jobs_.push_back(job);
    }
    wake_.notify_one();
    return result;
}

void BatchQueue::stop() {
    std::lock_guard once(stop_mutex_);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : encoders_)
        if (t.joinable()) t.join();
}

std::size_t BatchQueue::queued_texts() const {
    std::lock_guard lock(mutex_);
    return queued_texts_;
}

std::size_t BatchQueue::queued_tokens() const {
    std::lock_guard lock(mutex_);
    return queued_tokens_;
}

double BatchQueue::tokens_per_second() const {
    std::lock_guard lock(mutex_);
    return tokens_per_second_;
}

int BatchQueue::retry_after_locked() const {
    if (tokens_per_second_ <= 0) return 1;
    const double s = std::ceil(double(queued_tokens_) / tokens_per_second_);
    return static_cast<int>(std::clamp(s, 1.0, 60.0));
}

void BatchQueue::encoder_loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping, and nothing left to do
        // Let the batch fill up to the budget while requests keep arriving: until none has come
        // for max_wait, and at most kMaxWaitFactor * max_wait after the oldest one arrived. A
        // lone request waits max_wait; a burst (e.g. closed-loop clients answered by the last
        // pass, coming back one by one) goes into one pass instead of several small ones.
        const Clock::time_point oldest = jobs_.front()->queued_at;
        const auto cap = oldest + kMaxWaitFactor * options_.max_wait;
        for (;;) {
            if (stopping_ || jobs_.empty() || queued_tokens_ >= options_.batch_tokens) break;
            const auto deadline = std::min(cap, jobs_.back()->queued_at + options_.max_wait);
            if (Clock::now() >= deadline) break;
            wake_.wait_until(lock, deadline);
        }
        if (jobs_.empty()) continue;  // another encoder took it
        const Clock::time_point first = jobs_.front()->queued_at;
        const std::vector<Piece> pieces = take_batch(lock);
        lock.unlock();
        run_batch(pieces, first);
        lock.lock();
    }
}

// Takes sequences of the oldest request's route, oldest first, while they fit the token budget
// (at least one). Called with the lock held.
std::vector<BatchQueue::Piece> BatchQueue::take_batch(std::unique_lock<std::mutex>&) {
    std::vector<Piece> pieces;
    const std::string route = jobs_.front()->route;
    std::size_t tokens = 0, texts = 0;
    for (auto it = jobs_.begin(); it != jobs_.end();) {
        Job& job = **it;
        if (job.route != route) {
            ++it;
            continue;
        }
        const std::size_t begin = job.next;
        while (job.next < job.seqs.size()) {
            const std::size_t t = job.seqs[job.next].size();
            if (texts > 0 && tokens + t > options_.batch_tokens) break;
            tokens += t;
            ++texts;
            ++job.next;
        }
        if (job.next > begin) pieces.push_back({*it, begin, job.next});
        if (job.next < job.seqs.size()) break;  // the budget is full
        it = jobs_.erase(it);
    }
    queued_texts_ -= texts;
    queued_tokens_ -= tokens;
    return pieces;
}

void BatchQueue::run_batch(const std::vector<Piece>& pieces, Clock::time_point oldest) {
    const auto start = Clock::now();
    if (options_.debug_delay.count() > 0) std::this_thread::sleep_for(options_.debug_delay);
    std::vector<std::vector<std::int32_t>> ids;
    std::size_t tokens = 0;
    for (const Piece& p : pieces)
        for (std::size_t i = p.begin; i < p.end; ++i) {
            ids.push_back(p.job->seqs[i]);
            tokens += ids.back().size();
        }
    EncodeOptions eo;
    eo.route = pieces.front().job->route;
    eo.batch_tokens = options_.batch_tokens;
    eo.threads = options_.threads;
    Matrix m;
    std::exception_ptr error;
    try {
        m = model_.encode_ids(ids, eo);
    } catch (...) {
        error = std::current_exception();
    }
    const auto end = Clock::now();
    // Pieces own disjoint rows of their job's output: copy without the lock.
    if (!error) {
        std::size_t row = 0;
        for (const Piece& p : pieces)
            for (std::size_t i = p.begin; i < p.end; ++i, ++row) std::copy_n(m.row(row), m.cols, p.job->out.row(i));
    }
    const double seconds = std::chrono::duration<double>(end - start).count();
    {
        std::lock_guard lock(mutex_);
        for (const Piece& p : pieces) {
            Job& job = *p.job;
            job.remaining -= p.end - p.begin;
            if (job.failed) continue;
            if (error) {
                job.failed = true;
                job.promise.set_exception(error);
            } else if (job.remaining == 0) {
                job.promise.set_value(std::move(job.out));
            }
        }
        if (!error && seconds > 0) {
            const double tps = double(tokens) / seconds;
            tokens_per_second_ = tokens_per_second_ <= 0 ? tps : 0.8 * tokens_per_second_ + 0.2 * tps;
        }
    }
    if (observer_)
        observer_({ids.size(), tokens, seconds, std::chrono::duration<double>(start - oldest).count()});
}

}  // namespace jobbert::server
