// Matcher: titles -> top-k occupations of a taxonomy.
#include <algorithm>

#include "jobbert/error.h"
#include "jobbert/match.h"

namespace jobbert {

std::string default_title_route(const Model& model) {
    for (const auto& r : model.info().routes)
        if (r.name == "anchor") return "anchor";
    return model.resolve_route("");
}

Matcher::Matcher(Model model, Taxonomy taxonomy, const MatcherOptions& options)
    : model_(std::move(model)), taxonomy_(std::move(taxonomy)) {
    const std::string route = options.label_route.empty() ? default_title_route(model_) : options.label_route;
    index_ = load_or_build_index(model_, taxonomy_, route, options.cache_dir, options.rebuild, options.build,
                                 &origin_, options.warning);
    if (!options.cache_dir.empty()) index_file_ = index_cache_path(options.cache_dir, index_.key());
}

std::vector<std::vector<OccupationMatch>> Matcher::match(std::span<const std::string> titles, std::size_t k,
                                                         EncodeOptions options) const {
    if (options.route.empty()) options.route = default_title_route(model_);
    return match_vectors(model_.encode(titles, options), k);
}

std::vector<std::vector<OccupationMatch>> Matcher::match_vectors(const Matrix& queries, std::size_t k) const {
    const auto hits = search_occupations(index_, taxonomy_, queries, k);
    std::vector<std::vector<OccupationMatch>> out(hits.size());
    for (std::size_t q = 0; q < hits.size(); ++q) {
        out[q].reserve(hits[q].size());
        for (const auto& h : hits[q]) {
            const Occupation& o = taxonomy_.occupations()[h.occupation];
            out[q].push_back({o.id, o.preferred_label, taxonomy_.labels()[h.label].text, h.score});
        }
    }
    return out;
}

}  // namespace jobbert
