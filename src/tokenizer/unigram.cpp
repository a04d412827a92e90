// Unigram model: vocabulary trie and Viterbi (see unigram.h for the exact HF semantics).
#include "tokenizer/unigram.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <numeric>

#include "jobbert/error.h"
#include "jobbert/text.h"
#include "text/utf8.h"

namespace jobbert::detail {

UnigramModel UnigramModel::from_json(const nlohmann::json& cfg, const JsonContext& ctx, const std::string& path) {
    UnigramModel m;
    const auto& vocab = ctx.required(cfg, "vocab", path);
    if (!vocab.is_array()) ctx.fail("key '" + path + ".vocab' must be an array");
    m.pieces_.reserve(vocab.size());
    m.scores_.reserve(vocab.size());
    double min_score = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < vocab.size(); ++i) {
        const auto& e = vocab[i];
        if (!e.is_array() || e.size() != 2 || !e[0].is_string() || !e[1].is_number())
            ctx.fail(path + ".vocab[" + std::to_string(i) + "] must be [piece, score]");
        m.pieces_.push_back(e[0].get<std::string>());
        const double score = e[1].get<double>();
        m.scores_.push_back(score);
        min_score = std::min(min_score, score);
    }
    const auto it = cfg.find("unk_id");
    if (it != cfg.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 0)
            ctx.fail("key '" + path + ".unk_id' must be a non-negative integer or null");
        if (m.pieces_.empty()) ctx.fail(path + ": the vocabulary is empty but at least <unk> is needed");
        if (it->get<std::uint64_t>() >= m.pieces_.size())
            ctx.fail(path + ": unk_id " + std::to_string(it->get<std::uint64_t>()) + " is not in the vocabulary of " +
                     std::to_string(m.pieces_.size()));
        m.unk_id_ = static_cast<std::int32_t>(it->get<std::int64_t>());
    }
    if (m.pieces_.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        ctx.fail(path + ": vocabulary too large");
    m.byte_fallback_ = ctx.bool_at(cfg, "byte_fallback", path, false);
    m.unk_score_ = min_score - 10.0;  // HF K_UNK_PENALTY
    m.build_trie();
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        const auto id = m.token_to_id(name);
        m.byte_ids_[static_cast<std::size_t>(b)] = id ? *id : -1;
    }
    return m;
}

void UnigramModel::build_trie() {
    // Sort ids by piece bytes (stable: among duplicates the last id sorts last and wins).
    std::vector<std::int32_t> order(pieces_.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
        return pieces_[static_cast<std::size_t>(a)] < pieces_[static_cast<std::size_t>(b)];
    });
    nodes_.clear();
    labels_.clear();
    children_.clear();
    nodes_.push_back({0, 0, -1});
    distinct_ = 0;
    // Iterative DFS over [lo, hi) ranges of `order` sharing a prefix of length `depth`.
    struct Task {
        std::uint32_t node;
        std::size_t lo, hi, depth;
    };
    std::vector<Task> stack{{0, 0, order.size(), 0}};
    while (!stack.empty()) {
        const Task t = stack.back();
        stack.pop_back();
        std::size_t lo = t.lo;
        // Pieces ending exactly here (the empty piece never matches: HF only reports a leaf
        // after consuming a byte).
        while (lo < t.hi && pieces_[static_cast<std::size_t>(order[lo])].size() == t.depth) {
            if (t.depth > 0) nodes_[t.node].id = order[lo];  // last duplicate wins
            ++lo;
        }
        if (lo > t.lo) ++distinct_;  // one distinct string (possibly the empty one) ends here
        const auto edge_begin = static_cast<std::uint32_t>(labels_.size());
        std::vector<Task> groups;
        for (std::size_t i = lo; i < t.hi;) {
            const auto b = static_cast<unsigned char>(pieces_[static_cast<std::size_t>(order[i])][t.depth]);
            std::size_t j = i + 1;
            while (j < t.hi && static_cast<unsigned char>(pieces_[static_cast<std::size_t>(order[j])][t.depth]) == b)
                ++j;
            const auto child_node = static_cast<std::uint32_t>(nodes_.size());
            nodes_.push_back({0, 0, -1});
            labels_.push_back(b);
            children_.push_back(child_node);
            groups.push_back({child_node, i, j, t.depth + 1});
            i = j;
        }
        nodes_[t.node].edge_begin = edge_begin;
        nodes_[t.node].edge_end = static_cast<std::uint32_t>(labels_.size());
        for (auto g = groups.rbegin(); g != groups.rend(); ++g) stack.push_back(*g);
    }
    root_children_.fill(0);
    for (std::uint32_t e = nodes_[0].edge_begin; e < nodes_[0].edge_end; ++e) root_children_[labels_[e]] = children_[e];
}

std::uint32_t UnigramModel::child(std::uint32_t node, unsigned char b) const noexcept {
    if (node == 0) return root_children_[b];
    const Node& n = nodes_[node];
    std::uint32_t lo = n.edge_begin;
    std::uint32_t hi = n.edge_end;
    if (hi - lo <= 8) {
        for (; lo < hi; ++lo)
            if (labels_[lo] == b) return children_[lo];
        return 0;
    }
    while (lo < hi) {
        const std::uint32_t mid = lo + (hi - lo) / 2;
        if (labels_[mid] < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < n.edge_end && labels_[lo] == b) ? children_[lo] : 0;
}

std::optional<std::int32_t> UnigramModel::token_to_id(std::string_view piece) const noexcept {
    if (piece.empty()) {
        // The empty piece is not in the trie; HF's HashMap still knows it.
        for (std::size_t i = pieces_.size(); i-- > 0;)
            if (pieces_[i].empty()) return static_cast<std::int32_t>(i);
        return std::nullopt;
    }
    std::uint32_t node = 0;
    for (const char ch : piece) {
        node = child(node, static_cast<unsigned char>(ch));
        if (node == 0) return std::nullopt;
    }
    const std::int32_t id = nodes_[node].id;
    if (id < 0) return std::nullopt;
    return id;
}

void UnigramModel::tokenize(std::string_view s, std::vector<std::int32_t>& ids,
                            std::vector<std::string>* tokens) const {
    if (s.empty()) return;
    struct Best {
        double score;
        std::int32_t id;
        std::int32_t start;  // -1: not reached
    };
    const std::size_t size = s.size();
    thread_local std::vector<Best> best;
    best.assign(size + 1, Best{0.0, 0, -1});
    for (std::size_t start = 0; start < size;) {
        const double till_here = best[start].score;
        const std::size_t mblen = utf8::sequence_length(static_cast<unsigned char>(s[start]));
        bool has_single_node = false;
        std::uint32_t node = 0;
        for (std::size_t k = start; k < size; ++k) {
            node = child(node, static_cast<unsigned char>(s[k]));
            if (node == 0) break;
            const std::int32_t id = nodes_[node].id;
            if (id < 0) continue;
            const std::size_t end = k + 1;
            const double cand = scores_[static_cast<std::size_t>(id)] + till_here;
            Best& target = best[end];
            if (target.start < 0 || cand > target.score) target = Best{cand, id, static_cast<std::int32_t>(start)};
            if (end - start == mblen) has_single_node = true;
        }
        if (!has_single_node) {
            const double cand = unk_score_ + till_here;
            Best& target = best[std::min(start + mblen, size)];
            if (target.start < 0 || cand > target.score) {
                if (!unk_id_) throw InputError("tokenizer: unknown character and the Unigram model has no unk_id");
                target = Best{cand, *unk_id_, static_cast<std::int32_t>(start)};
            }
        }
        start += mblen;
    }
    // Backtrack, fusing consecutive <unk> nodes; segments are collected end to start.
    struct Seg {
        std::size_t begin, end;
        std::int32_t id;  // -2: fused unknown run, id to be looked up
    };
    thread_local std::vector<Seg> segs;
    segs.clear();
    bool in_unk = false;
    for (std::size_t end = size; end > 0;) {
        const Best& b = best[end];
        const auto begin = static_cast<std::size_t>(b.start);
        if (unk_id_ && b.id == *unk_id_) {
            if (in_unk)
                segs.back().begin = begin;
            else
                segs.push_back({begin, end, -2});
            in_unk = true;
        } else {
            segs.push_back({begin, end, b.id});
            in_unk = false;
        }
        end = begin;
    }
    for (auto it = segs.rbegin(); it != segs.rend(); ++it) {
        const std::string_view str = s.substr(it->begin, it->end - it->begin);
        std::int32_t id = it->id;
        if (id == -2) {
            // HF looks the fused string up in the vocabulary by string.
            if (const auto found = token_to_id(str)) {
                id = *found;
            } else {
                bool all_bytes = byte_fallback_;
                for (std::size_t k = 0; all_bytes && k < str.size(); ++k)
                    all_bytes = byte_ids_[static_cast<unsigned char>(str[k])] >= 0;
                if (all_bytes) {
                    for (const char ch : str) {
                        const auto b = static_cast<unsigned char>(ch);
                        ids.push_back(byte_ids_[b]);
                        if (tokens) tokens->push_back(pieces_[static_cast<std::size_t>(byte_ids_[b])]);
                    }
                    continue;
                }
                id = *unk_id_;
            }
        }
        ids.push_back(id);
        if (tokens) tokens->emplace_back(str);
    }
    if (best.capacity() > (std::size_t{1} << 16)) {  // do not keep huge scratch per thread
        std::vector<Best>().swap(best);
        std::vector<Seg>().swap(segs);
    }
}

}  // namespace jobbert::detail
