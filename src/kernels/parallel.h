// The one OpenMP loop shape the kernels use: independent rows split statically across the team.
#pragma once

#include <cstddef>

namespace jobbert::kernels {

/// Work (in elements touched) below which a loop stays on the calling thread: waking the team
/// costs more than it saves.
inline constexpr std::size_t kParallelMinWork = std::size_t{1} << 14;

/**
 * Calls fn(i) for every i in [0, n), split into contiguous static chunks across the OpenMP team
 * when n * cost_per_item >= kParallelMinWork, else on the calling thread. fn must be safe to run
 * concurrently for different i.
 */
template <class Fn>
void parallel_rows(std::size_t n, std::size_t cost_per_item, Fn&& fn) {
#pragma omp parallel for schedule(static) if (n * cost_per_item >= kParallelMinWork)
    for (std::size_t i = 0; i < n; ++i) fn(i);
}

}  // namespace jobbert::kernels
