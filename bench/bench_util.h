// Helpers shared by the benchmark programs: clocks, peak RSS, JSONL id files, percentiles,
// raw float32 dumps, and the model's useful FLOP count.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "jobbert/matrix.h"
#include "jobbert/model.h"

namespace jobbert::bench {

inline double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/** Peak resident set size of this process so far, in MB (getrusage ru_maxrss). */
inline double peak_rss_mb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_maxrss) / 1024.0;
}

/** One JSON array of token ids per line (the format of tests/fixtures/golden/<model>/model_ids.jsonl). */
inline std::vector<std::vector<int32_t>> read_ids(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::vector<std::vector<int32_t>> ids;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) ids.push_back(nlohmann::json::parse(line).get<std::vector<int32_t>>());
    return ids;
}

/** The p-th percentile (0..100, nearest rank) of v. */
inline double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p / 100.0 * double(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

/** Writes m as raw little-endian float32, row-major (numpy.fromfile(..., float32).reshape(rows, cols)). */
inline void write_f32(const std::string& path, const Matrix& m) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(m.data.data()), static_cast<std::streamsize>(m.data.size() * sizeof(float)));
    if (!out) throw std::runtime_error(path + ": cannot write");
}

/**
 * Useful floating-point operations to encode `ids` with an XLM-R of the given sizes and a head
 * of head_dim outputs: per layer 2 L (4 H^2 + 2 H F) for the matrix products and 4 L^2 H for
 * attention (q k^T and p v), plus 2 H head_dim for the head. Biases, LayerNorm, GELU, softmax
 * and pooling are not counted; neither is padding.
 */
inline double useful_flops(const std::vector<std::vector<int32_t>>& ids, const ModelInfo& m, std::size_t head_dim) {
    const double H = double(m.hidden_size), F = double(m.intermediate_size), layers = double(m.num_layers);
    double total = 0;
    for (const auto& s : ids) {
        const double L = double(s.size());
        total += layers * (2 * L * (4 * H * H + 2 * H * F) + 4 * L * L * H) + 2 * H * double(head_dim);
    }
    return total;
}

}  // namespace jobbert::bench
