// Batching: sort sequences by length and pack them into batches under a token budget.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace jobbert::model {

/** A batch: indices into the caller's sequences, in ascending length order. */
struct Batch {
    std::vector<std::size_t> items;
    std::size_t tokens = 0;  ///< sum of the items' lengths
};

/**
 * Sorts sequence indices by length (stable) and packs consecutive ones greedily while the sum
 * of lengths stays <= token_budget; a sequence longer than the budget forms a batch alone.
 * Every index appears in exactly one batch. token_budget 0 is treated as 1.
 */
std::vector<Batch> pack_by_token_budget(std::span<const std::size_t> lengths, std::size_t token_budget);

}  // namespace jobbert::model
