#include "eval/metrics.h"

#include <algorithm>
#include <set>

namespace jobbert::eval {

Metrics compute_metrics(const std::vector<std::vector<std::size_t>>& ranks, const std::vector<std::size_t>& members,
                        const std::vector<std::size_t>& ks, const std::string& group) {
    Metrics m;
    m.group = group;
    std::map<std::size_t, std::size_t> hits;
    for (std::size_t k : ks) hits[k] = 0;
    double rr = 0, ap = 0;
    for (std::size_t q : members) {
        std::vector<std::size_t> r = ranks[q];
        if (r.empty()) continue;
        std::sort(r.begin(), r.end());
        ++m.queries;
        m.gold += r.size();
        rr += 1.0 / static_cast<double>(r.front());
        double sum = 0;
        for (std::size_t j = 0; j < r.size(); ++j) sum += static_cast<double>(j + 1) / static_cast<double>(r[j]);
        ap += sum / static_cast<double>(r.size());
        for (std::size_t k : ks)
            hits[k] += static_cast<std::size_t>(std::upper_bound(r.begin(), r.end(), k) - r.begin());
    }
    if (m.queries == 0) return m;
    m.mrr = rr / static_cast<double>(m.queries);
    m.map = ap / static_cast<double>(m.queries);
    for (std::size_t k : ks) m.recall[k] = static_cast<double>(hits[k]) / static_cast<double>(m.gold);
    return m;
}

std::vector<Metrics> metrics_by_language(const std::vector<std::vector<std::size_t>>& ranks,
                                         const std::vector<std::string>& languages,
                                         const std::vector<std::size_t>& ks) {
    std::vector<std::size_t> all(ranks.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    std::vector<Metrics> out = {compute_metrics(ranks, all, ks)};
    const std::set<std::string> langs(languages.begin(), languages.end());
    if (langs.empty() || (langs.size() == 1 && langs.begin()->empty())) return out;
    for (const std::string& lang : langs) {
        std::vector<std::size_t> members;
        for (std::size_t i = 0; i < languages.size(); ++i)
            if (languages[i] == lang) members.push_back(i);
        out.push_back(compute_metrics(ranks, members, ks, lang.empty() ? "(none)" : lang));
    }
    return out;
}

}  // namespace jobbert::eval
