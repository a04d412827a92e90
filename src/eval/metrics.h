// Retrieval metrics from the ranks of each query's gold occupations in a full ranking of the
// taxonomy's occupations (rank 1 = best).
//
//   MRR    mean over queries of 1 / (rank of the best-ranked gold occupation)
//   R@k    micro-averaged recall: sum over queries of |gold in the top k| / sum of |gold|
//          (= the share of queries with their gold occupation in the top k when each query has
//          one gold occupation, as in the JobBERT paper's title normalisation)
//   MAP    mean over queries of average precision: (1/|gold|) sum_j j / rank_j over the gold
//          ranks in increasing order (= MRR with one gold occupation per query)
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace jobbert::eval {

/** Metrics of one group of queries. */
struct Metrics {
    std::string group = "all";  ///< "all" or a language
    std::size_t queries = 0;
    std::size_t gold = 0;  ///< gold occupations over all queries
    double mrr = 0, map = 0;
    std::map<std::size_t, double> recall;  ///< k -> R@k
};

/**
 * Metrics of the queries selected by `members` (indices into `ranks`). ranks[q] = the 1-based
 * ranks of query q's gold occupations (any order, each >= 1).
 */
Metrics compute_metrics(const std::vector<std::vector<std::size_t>>& ranks, const std::vector<std::size_t>& members,
                        const std::vector<std::size_t>& ks, const std::string& group = "all");

/**
 * "all" over every query, then one group per distinct language (sorted) when `languages` has
 * any non-empty entry (languages[q] is query q's language).
 */
std::vector<Metrics> metrics_by_language(const std::vector<std::vector<std::size_t>>& ranks,
                                         const std::vector<std::string>& languages, const std::vector<std::size_t>& ks);

}  // namespace jobbert::eval
