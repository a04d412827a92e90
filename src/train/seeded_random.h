// Deterministic, platform-independent random numbers for data order: SplitMix64 (Steele,
// Lea, Flood 2014, "Fast splittable pseudorandom number generators") keyed by (seed, epoch,
// row), and a Fisher-Yates shuffle with unbiased bounded integers (rejection sampling). std::shuffle
// and std::uniform_int_distribution are implementation-defined; these are not, so an order can
// be recomputed exactly on resume.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace jobbert::train {

/** One SplitMix64 step: advances `state` and returns 64 random bits. */
inline uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/** A generator state derived from a key of up to three numbers (e.g. seed, epoch, row). */
inline uint64_t derive_state(uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    uint64_t s = a;
    uint64_t h = splitmix64(s);
    s = h ^ b;
    h = splitmix64(s);
    s = h ^ c;
    return splitmix64(s);
}

/** A uniform integer in [0, n), n > 0, without modulo bias (draws above the last multiple of n are redrawn). */
inline uint64_t bounded(uint64_t& state, uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;  // [0, limit) holds a whole number of n-blocks
    for (;;) {
        const uint64_t x = splitmix64(state);
        if (x < limit) return x % n;
    }
}

/** Fisher-Yates shuffle of v driven by `state`. */
template <class T>
void shuffle_in_place(std::vector<T>& v, uint64_t& state) {
    for (std::size_t i = v.size(); i > 1; --i) {
        const auto j = static_cast<std::size_t>(bounded(state, i));
        std::swap(v[i - 1], v[j]);
    }
}

/** The permutation of [0, n) for (seed, epoch). */
inline std::vector<uint32_t> epoch_order(std::size_t n, uint64_t seed, uint64_t epoch) {
    std::vector<uint32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
    uint64_t state = derive_state(seed, 0x6570'6f63'6800ull + epoch);
    shuffle_in_place(order, state);
    return order;
}

}  // namespace jobbert::train
