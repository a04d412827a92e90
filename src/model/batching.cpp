#include "model/batching.h"

#include <algorithm>
#include <numeric>

namespace jobbert::model {

std::vector<Batch> pack_by_token_budget(std::span<const std::size_t> lengths, std::size_t token_budget) {
    token_budget = std::max<std::size_t>(token_budget, 1);
    std::vector<std::size_t> order(lengths.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return lengths[a] < lengths[b]; });
    std::vector<Batch> batches;
    for (std::size_t i : order) {
        if (batches.empty() || batches.back().tokens + lengths[i] > token_budget) batches.emplace_back();
        batches.back().items.push_back(i);
        batches.back().tokens += lengths[i];
    }
    return batches;
}

}  // namespace jobbert::model
