#include <gtest/gtest.h>

#include <algorithm>

#include "model/batching.h"
#include "model/encoder.h"

namespace jobbert::model {
namespace {

TEST(Batching, SortsByLengthAndRespectsTheBudget) {
    const std::vector<std::size_t> lengths = {5, 64, 3, 3, 12, 40, 7, 100};
    const auto batches = pack_by_token_budget(lengths, 64);
    std::vector<std::size_t> seen;
    std::size_t prev_len = 0;
    for (const auto& b : batches) {
        std::size_t sum = 0;
        for (std::size_t i : b.items) {
            EXPECT_GE(lengths[i], prev_len);  // ascending length across batches
            prev_len = lengths[i];
            sum += lengths[i];
            seen.push_back(i);
        }
        EXPECT_EQ(sum, b.tokens);
        EXPECT_TRUE(b.tokens <= 64 || b.items.size() == 1);  // only a lone long sequence exceeds
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(batches.back().items, std::vector<std::size_t>{7});  // 100 > budget: alone
}

TEST(Batching, PositionIdsFollowTransformers) {
    // create_position_ids_from_input_ids: cumsum(id != pad) * (id != pad) + pad, per sequence.
    const std::vector<int32_t> ids = {0, 55, 1, 66, 2, /* next sequence */ 0, 1, 1, 2};
    const std::vector<std::size_t> offsets = {0, 5, 9};
    EXPECT_EQ(position_ids(ids, offsets, 1), (std::vector<int32_t>{2, 3, 1, 4, 5, 2, 1, 1, 3}));
}

}  // namespace
}  // namespace jobbert::model
