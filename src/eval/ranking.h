// Ranks of the gold occupations of each query in a full ranking of the taxonomy's occupations,
// by the model (its label index: an occupation scores the cosine similarity of its best label,
// exactly as `jobbert match` ranks) or by the lexical baseline (same rule on TF-IDF cosines).
// Ties are broken by taxonomy order, as search_occupations does.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "eval/eval_queries.h"
#include "eval/lexical_index.h"
#include "jobbert/index.h"
#include "jobbert/model.h"

namespace jobbert::eval {

/** ranks[q] = 1-based ranks of query q's gold occupations (in EvalQuery::gold order). */
using GoldRanks = std::vector<std::vector<std::size_t>>;

/** Progress callback: (queries done, queries in total). May be empty. */
using RankProgress = std::function<void(std::size_t, std::size_t)>;

/**
 * Embeds the queries with `options.route` and ranks every occupation with search_occupations
 * (queries in blocks, so memory stays bounded). Throws what Model::encode throws.
 */
GoldRanks rank_with_model(const Model& model, const LabelIndex& index, const Taxonomy& taxonomy,
                          const std::vector<EvalQuery>& queries, const EncodeOptions& options,
                          const RankProgress& progress = {});

/** Ranks every occupation by its best label's TF-IDF cosine with the query. */
GoldRanks rank_with_lexical(const LexicalIndex& index, const Taxonomy& taxonomy, const std::vector<EvalQuery>& queries,
                            const RankProgress& progress = {}, int threads = 0);

/**
 * The 1-based rank of each occupation in `golds` given every occupation's score: 1 + the
 * number of occupations scoring higher, or equal and listed earlier.
 */
std::vector<std::size_t> ranks_from_scores(const std::vector<float>& occupation_scores,
                                           const std::vector<std::size_t>& golds);

}  // namespace jobbert::eval
