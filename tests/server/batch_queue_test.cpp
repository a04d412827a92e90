// BatchQueue: results equal Model::encode_ids whatever the batching, in input order; limits.
#include <gtest/gtest.h>

#include <thread>

#include "jobbert/model.h"
#include "server/batch_queue.h"
#include "support/fixtures.h"

namespace jobbert::server {
namespace {

using testing::fixture_model;

struct QueueTest : ::testing::Test {
    static void SetUpTestSuite() { model = new Model(Model::load(fixture_model("tiny-asym-f32"))); }
    static void TearDownTestSuite() { delete model; }
    static Model* model;
    static std::vector<std::vector<std::int32_t>> ids(std::size_t n, std::size_t from = 0) {
        const auto all = testing::golden_model_ids("tiny-asym-f32");
        return {all.begin() + static_cast<std::ptrdiff_t>(from), all.begin() + static_cast<std::ptrdiff_t>(from + n)};
    }
};
Model* QueueTest::model = nullptr;

void expect_equal(const Matrix& a, const Matrix& b) {
    ASSERT_EQ(a.rows, b.rows);
    ASSERT_EQ(a.cols, b.cols);
    for (std::size_t i = 0; i < a.data.size(); ++i) ASSERT_EQ(a.data[i], b.data[i]) << "element " << i;
}

TEST_F(QueueTest, ConcurrentRequestsGetTheirOwnRowsBitwise) {
    BatchOptions o;
    o.batch_tokens = 100;  // small: requests are split over several passes and share others
    std::vector<BatchStats> stats;
    std::mutex m;
    Limits l;
    l.max_queue_texts = 10000;
    l.max_queue_wait = std::chrono::milliseconds(0);
    BatchQueue q(*model, o, l, [&](const BatchStats& b) {
        std::lock_guard lock(m);
        stats.push_back(b);
    });
    constexpr int kClients = 8;
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c)
        clients.emplace_back([&, c] {
            for (int r = 0; r < 5; ++r) {
                const auto seqs = ids(3 + std::size_t(c) * 7 + std::size_t(r), std::size_t(c * 100 + r * 13));
                const std::string route = (c + r) % 2 ? "anchor" : "positive";
                EncodeOptions eo;
                eo.route = route;
                const Matrix want = model->encode_ids(seqs, eo);
                expect_equal(q.submit(route, seqs).get(), want);
            }
        });
    for (auto& t : clients) t.join();
    std::size_t texts = 0;
    for (const auto& b : stats) {
        texts += b.texts;
        EXPECT_TRUE(b.tokens <= 100 || b.texts == 1);
    }
    std::size_t want = 0;
    for (int c = 0; c < kClients; ++c)
        for (int r = 0; r < 5; ++r) want += 3 + std::size_t(c) * 7 + std::size_t(r);
    EXPECT_EQ(texts, want);
    EXPECT_EQ(q.queued_texts(), 0u);
}

TEST_F(QueueTest, FullQueueIsRefusedAndStopDrains) {
    BatchOptions o;
    o.debug_delay = std::chrono::milliseconds(300);
    Limits l;
    l.max_queue_texts = 4;
    BatchQueue q(*model, o, l);
    auto first = q.submit("anchor", ids(4));  // taken by the encoder at once
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto second = q.submit("anchor", ids(4, 10));  // waits: the queue holds 4
    EXPECT_EQ(q.queued_texts(), 4u);
    try {
        q.submit("anchor", ids(1, 20));
        FAIL() << "no QueueFull";
    } catch (const QueueFull& e) {
        EXPECT_GE(e.retry_after_s(), 1);
    }
    q.stop();  // finishes both
    EXPECT_EQ(first.get().rows, 4u);
    EXPECT_EQ(second.get().rows, 4u);
    EXPECT_THROW(q.submit("anchor", ids(1)), QueueClosed);
}

TEST_F(QueueTest, EmptyRequestAndMaxWait) {
    BatchOptions o;
    o.max_wait = std::chrono::microseconds(0);
    Limits l;
    l.max_queue_texts = 16;
    BatchQueue q(*model, o, l);
    EXPECT_EQ(q.submit("anchor", {}).get().rows, 0u);
    EXPECT_EQ(q.submit("none", ids(2)).get().cols, model->dim("none"));
}

TEST_F(QueueTest, EstimatedWaitOverTheLimitIsRefused) {
    BatchOptions o;
    o.debug_delay = std::chrono::milliseconds(200);
    Limits l;
    l.max_queue_texts = 100000;
    l.max_queue_wait = std::chrono::milliseconds(1000);
    BatchQueue q(*model, o, l);
    q.submit("anchor", ids(10)).get();  // measures the speed: 10 texts in >= 200 ms
    ASSERT_GT(q.tokens_per_second(), 0);
    const double tps = q.tokens_per_second();
    auto busy = q.submit("anchor", ids(10, 10));  // taken by the encoder
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    // Waiting texts worth more than a second of encoding are refused, but an empty queue
    // always takes a request.
    std::vector<std::vector<std::int32_t>> big;
    std::size_t tokens = 0;
    for (const auto& s : testing::golden_model_ids("tiny-asym-f32")) {
        if (double(tokens) > 0.6 * tps) break;
        big.push_back(s);
        tokens += s.size();
    }
    auto first = q.submit("anchor", big);
    EXPECT_THROW(q.submit("anchor", big), QueueFull);
    busy.get();
    first.get();
}

}  // namespace
}  // namespace jobbert::server
