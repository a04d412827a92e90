// The lexical baseline: character n-gram TF-IDF over the taxonomy's labels, scored by cosine
// similarity, with scikit-learn's TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))
// conventions: lowercased text (Python str.lower), n-grams of each whitespace-separated word
// padded with one space on both sides (a padded word shorter than n counts once, whole), raw
// term counts, smooth idf = ln((1 + N) / (1 + df)) + 1 over the N labels, L2-normalised rows;
// n-grams unseen in the labels are ignored in queries. An occupation scores its best label.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "jobbert/taxonomy.h"

namespace jobbert::eval {

/** The char_wb n-grams of a text with their counts (UTF-8 strings), as scikit-learn extracts them. */
std::unordered_map<std::string, uint32_t> char_wb_ngrams(std::string_view text, std::size_t min_n = 3,
                                                         std::size_t max_n = 5);

/** TF-IDF vectors of every label of a taxonomy, in an inverted index. Immutable after build. */
class LexicalIndex {
public:
    /** Builds the index over taxonomy.labels(). Throws Utf8Error on invalid UTF-8. */
    explicit LexicalIndex(const Taxonomy& taxonomy, std::size_t min_n = 3, std::size_t max_n = 5);

    /** Cosine similarity of `query` with every label [n_labels] (0 for labels sharing no n-gram). */
    std::vector<float> label_scores(std::string_view query) const;

    std::size_t vocabulary_size() const { return idf_.size(); }

private:
    struct Posting {
        uint32_t label;
        float weight;
    };
    std::size_t min_n_, max_n_, n_labels_;
    std::unordered_map<std::string, uint32_t> terms_;
    std::vector<double> idf_;
    std::vector<std::vector<Posting>> postings_;  ///< per term: labels containing it, normalised weight
};

}  // namespace jobbert::eval
