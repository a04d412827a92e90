// jobbert.cpp — matching job titles against an occupation taxonomy.
//
// Titles and taxonomy labels are both job titles, so by default both are embedded with the
// `anchor` route (the job-title head of JobBERT-v3). Occupations are ranked by the cosine
// similarity of the title with the occupation's best-matching label (see search_occupations).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "jobbert/index.h"
#include "jobbert/model.h"
#include "jobbert/taxonomy.h"

namespace jobbert {

/** One occupation matched to a title. */
struct OccupationMatch {
    std::string id;               ///< occupation id (for ESCO, the concept URI)
    std::string preferred_label;  ///< the occupation's preferred label
    std::string label;            ///< the occupation's label that matched the title best
    float score = 0;              ///< cosine similarity of the title with `label`, in [-1, 1]
};

/** The route for job titles: "anchor" if the model has that route, else its default route. */
std::string default_title_route(const Model& model);

/** Options of a Matcher. */
struct MatcherOptions {
    std::string label_route;              ///< route for labels; "" = default_title_route(model)
    std::filesystem::path cache_dir;      ///< index cache directory; empty = no cache (build in memory)
    bool rebuild = false;                 ///< ignore a cached index (and overwrite it)
    IndexBuildOptions build;              ///< batching, threads, progress of an index build
    std::function<void(const std::string&)> warning;  ///< told when the cache cannot be written
};

/**
 * A model, a taxonomy and the taxonomy's label index (loaded from the cache or built by the
 * constructor). Immutable after construction and safe to use from many threads at once.
 */
class Matcher {
public:
    /** Loads or builds the index (see load_or_build_index). Throws what that throws. */
    Matcher(Model model, Taxonomy taxonomy, const MatcherOptions& options = {});

    /**
     * Top-k occupations for each title: embeds the titles with `options.route` ("" =
     * default_title_route) and searches. Returns titles.size() lists of min(k, occupations)
     * matches, best first. Throws InputError (invalid UTF-8, unknown route, dimension mismatch).
     */
    std::vector<std::vector<OccupationMatch>> match(std::span<const std::string> titles, std::size_t k,
                                                    EncodeOptions options = {}) const;

    /** Top-k occupations for title embeddings `queries` [n, dim] (need not be normalised). */
    std::vector<std::vector<OccupationMatch>> match_vectors(const Matrix& queries, std::size_t k) const;

    const Model& model() const { return model_; }
    const Taxonomy& taxonomy() const { return taxonomy_; }
    const LabelIndex& index() const { return index_; }
    /** Whether the index came from the cache or was built by the constructor. */
    IndexOrigin index_origin() const { return origin_; }
    /** The index's cache file (empty without a cache directory). */
    const std::filesystem::path& index_file() const { return index_file_; }

private:
    Model model_;
    Taxonomy taxonomy_;
    LabelIndex index_;
    IndexOrigin origin_ = IndexOrigin::built;
    std::filesystem::path index_file_;
};

}  // namespace jobbert
