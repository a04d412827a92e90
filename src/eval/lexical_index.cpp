#include "eval/lexical_index.h"

#include <algorithm>
#include <cmath>

#include "jobbert/text.h"
#include "text/utf8.h"

namespace jobbert::eval {

namespace {

// Code points of a valid UTF-8 string, and back.
std::u32string decode(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) out.push_back(utf8::next(s, i));
    return out;
}

std::string encode(const std::u32string& s, std::size_t begin, std::size_t n) {
    std::string out;
    for (std::size_t i = begin; i < begin + n && i < s.size(); ++i) utf8::append(out, s[i]);
    return out;
}

}  // namespace

std::unordered_map<std::string, uint32_t> char_wb_ngrams(std::string_view text, std::size_t min_n, std::size_t max_n) {
    const std::u32string t = decode(python_lower(text));
    std::unordered_map<std::string, uint32_t> grams;
    for (std::size_t i = 0; i < t.size();) {
        while (i < t.size() && is_python_space(t[i])) ++i;  // Python str.split(): runs of whitespace
        std::size_t j = i;
        while (j < t.size() && !is_python_space(t[j])) ++j;
        if (j == i) break;
        std::u32string w(j - i + 2, U' ');  // the word padded with one space on both sides
        std::copy(t.begin() + static_cast<std::ptrdiff_t>(i), t.begin() + static_cast<std::ptrdiff_t>(j),
                  w.begin() + 1);
        for (std::size_t n = min_n; n <= max_n; ++n) {
            std::size_t offset = 0;
            ++grams[encode(w, offset, n)];
            while (offset + n < w.size()) {
                ++offset;
                ++grams[encode(w, offset, n)];
            }
            if (offset == 0) break;  // a word shorter than n counts once
        }
        i = j;
    }
    return grams;
}

LexicalIndex::LexicalIndex(const Taxonomy& taxonomy, std::size_t min_n, std::size_t max_n)
    : min_n_(min_n), max_n_(max_n), n_labels_(taxonomy.labels().size()) {
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> docs(n_labels_);  // (term, count)
    std::vector<uint32_t> df;
    for (std::size_t l = 0; l < n_labels_; ++l) {
        for (const auto& [gram, count] : char_wb_ngrams(taxonomy.labels()[l].text, min_n, max_n)) {
            const auto [it, fresh] = terms_.emplace(gram, static_cast<uint32_t>(df.size()));
            if (fresh) df.push_back(0);
            ++df[it->second];
            docs[l].emplace_back(it->second, count);
        }
    }
    idf_.resize(df.size());
    for (std::size_t t = 0; t < df.size(); ++t)
        idf_[t] = std::log((1.0 + static_cast<double>(n_labels_)) / (1.0 + df[t])) + 1.0;
    postings_.resize(df.size());
    for (std::size_t l = 0; l < n_labels_; ++l) {
        double norm = 0;
        for (const auto& [t, c] : docs[l]) norm += std::pow(c * idf_[t], 2);
        norm = std::sqrt(norm);
        for (const auto& [t, c] : docs[l])
            postings_[t].push_back({static_cast<uint32_t>(l), static_cast<float>(c * idf_[t] / norm)});
    }
}

std::vector<float> LexicalIndex::label_scores(std::string_view query) const {
    std::vector<float> scores(n_labels_, 0.0f);
    std::vector<std::pair<uint32_t, double>> q;
    double norm = 0;
    for (const auto& [gram, count] : char_wb_ngrams(query, min_n_, max_n_)) {
        const auto it = terms_.find(gram);
        if (it == terms_.end()) continue;
        const double w = count * idf_[it->second];
        q.emplace_back(it->second, w);
        norm += w * w;
    }
    if (norm == 0) return scores;
    norm = std::sqrt(norm);
    for (const auto& [t, w] : q) {
        const auto qw = static_cast<float>(w / norm);
        for (const Posting& p : postings_[t]) scores[p.label] += qw * p.weight;
    }
    return scores;
}

}  // namespace jobbert::eval
