#include "eval/ranking.h"

#include <omp.h>

#include <limits>

namespace jobbert::eval {

namespace {

constexpr std::size_t kBlock = 256;  // queries embedded and searched at a time

}  // namespace

std::vector<std::size_t> ranks_from_scores(const std::vector<float>& s, const std::vector<std::size_t>& golds) {
    std::vector<std::size_t> ranks;
    for (std::size_t g : golds) {
        std::size_t above = 0;
        for (std::size_t o = 0; o < s.size(); ++o) above += (s[o] > s[g] || (s[o] == s[g] && o < g)) ? 1 : 0;
        ranks.push_back(above + 1);
    }
    return ranks;
}

GoldRanks rank_with_model(const Model& model, const LabelIndex& index, const Taxonomy& taxonomy,
                          const std::vector<EvalQuery>& queries, const EncodeOptions& options,
                          const RankProgress& progress) {
    GoldRanks ranks(queries.size());
    const std::size_t n_occ = taxonomy.occupations().size();
    std::vector<std::size_t> rank_of(n_occ);
    for (std::size_t begin = 0; begin < queries.size(); begin += kBlock) {
        const std::size_t end = std::min(queries.size(), begin + kBlock);
        std::vector<std::string> texts;
        for (std::size_t q = begin; q < end; ++q) texts.push_back(queries[q].text);
        const Matrix v = model.encode(texts, options);
        const auto hits = search_occupations(index, taxonomy, v, n_occ);
        for (std::size_t q = begin; q < end; ++q) {
            const auto& h = hits[q - begin];
            for (std::size_t r = 0; r < h.size(); ++r) rank_of[h[r].occupation] = r + 1;
            for (std::size_t g : queries[q].gold) ranks[q].push_back(rank_of[g]);
        }
        if (progress) progress(end, queries.size());
    }
    return ranks;
}

GoldRanks rank_with_lexical(const LexicalIndex& index, const Taxonomy& taxonomy, const std::vector<EvalQuery>& queries,
                            const RankProgress& progress, int threads) {
    GoldRanks ranks(queries.size());
    const auto& labels = taxonomy.labels();
    const std::size_t n_occ = taxonomy.occupations().size();
    const int n_threads = threads > 0 ? threads : omp_get_max_threads();
    for (std::size_t begin = 0; begin < queries.size(); begin += kBlock) {
        const std::size_t end = std::min(queries.size(), begin + kBlock);
#pragma omp parallel for schedule(dynamic, 8) num_threads(n_threads)
        for (std::size_t q = begin; q < end; ++q) {
            const std::vector<float> scores = index.label_scores(queries[q].text);
            std::vector<float> best(n_occ, -std::numeric_limits<float>::infinity());
            for (std::size_t l = 0; l < labels.size(); ++l)
                best[labels[l].occupation] = std::max(best[labels[l].occupation], scores[l]);
            ranks[q] = ranks_from_scores(best, queries[q].gold);
        }
        if (progress) progress(end, queries.size());
    }
    return ranks;
}

}  // namespace jobbert::eval
