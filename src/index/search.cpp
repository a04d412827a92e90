// search_occupations: exact top-k occupations by their best label (one matrix product).
#include <algorithm>
#include <limits>

#include "jobbert/error.h"
#include "jobbert/index.h"
#include "jobbert/similarity.h"
#include "kernels/kernels.h"

namespace jobbert {

namespace {

// Queries scored per matrix product: bounds the [block, n_labels] score buffer (~34 MB for
// 256 queries x 33k labels).
constexpr std::size_t kQueryBlock = 256;

// Top-k occupations of one query from its label scores [n_labels].
std::vector<OccupationHit> top_occupations(const float* scores, const Taxonomy& taxonomy, std::size_t k,
                                           std::vector<float>& best, std::vector<std::size_t>& best_label) {
    const auto& labels = taxonomy.labels();
    const std::size_t n_occ = taxonomy.occupations().size();
    best.assign(n_occ, -std::numeric_limits<float>::infinity());
    best_label.assign(n_occ, 0);
    for (std::size_t l = 0; l < labels.size(); ++l) {
        const std::size_t o = labels[l].occupation;
        if (scores[l] > best[o]) {  // strict: the first best label wins a tie
            best[o] = scores[l];
            best_label[o] = l;
        }
    }
    std::vector<std::size_t> order(n_occ);
    for (std::size_t o = 0; o < n_occ; ++o) order[o] = o;
    const std::size_t top = std::min(k, n_occ);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                      [&](std::size_t a, std::size_t b) { return best[a] > best[b] || (best[a] == best[b] && a < b); });
    std::vector<OccupationHit> hits(top);
    for (std::size_t r = 0; r < top; ++r) hits[r] = {order[r], best_label[order[r]], best[order[r]]};
    return hits;
}

}  // namespace

std::vector<std::vector<OccupationHit>> search_occupations(const LabelIndex& index, const Taxonomy& taxonomy,
                                                           const Matrix& queries, std::size_t k) {
    if (queries.cols != index.dim())
        throw InputError("query vectors have dimension " + std::to_string(queries.cols) + ", the index " +
                         std::to_string(index.dim()));
    if (index.size() != taxonomy.labels().size())
        throw InputError("the index has " + std::to_string(index.size()) + " rows for " +
                         std::to_string(taxonomy.labels().size()) + " taxonomy labels");
    std::vector<std::vector<OccupationHit>> results(queries.rows);
    const Matrix& labels = index.vectors();
    std::vector<float> scores;
    for (std::size_t begin = 0; begin < queries.rows; begin += kQueryBlock) {
        const std::size_t m = std::min(kQueryBlock, queries.rows - begin);
        Matrix q(m, queries.cols);
        std::copy_n(queries.row(begin), m * queries.cols, q.data.data());
        normalize_rows(q);
        scores.resize(m * labels.rows);
        if (labels.rows > 0)
            kernels::linear(q.data.data(), m, q.cols, labels.data.data(), nullptr, labels.rows, scores.data());
        const auto mm = static_cast<std::ptrdiff_t>(m);
#pragma omp parallel
        {
            std::vector<float> best;
            std::vector<std::size_t> best_label;
#pragma omp for schedule(dynamic, 8)
            for (std::ptrdiff_t i = 0; i < mm; ++i) {
                const auto qi = static_cast<std::size_t>(i);
                results[begin + qi] = top_occupations(scores.data() + qi * labels.rows, taxonomy, k, best, best_label);
            }
        }
    }
    return results;
}

}  // namespace jobbert
