#include "train/mnrl_loss.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>

#include "jobbert/error.h"

namespace jobbert::train {

namespace F = torch::nn::functional;

namespace {

// sentence_transformers.util.cos_sim: normalize rows (eps 1e-12), then a @ p^T.
torch::Tensor cos_sim(const torch::Tensor& a, const torch::Tensor& p) {
    const auto opts = F::NormalizeFuncOptions().p(2).dim(1).eps(1e-12);
    return torch::mm(F::normalize(a, opts), F::normalize(p, opts).t());
}

void check_batch(const TokenBatch& b, const MnrlOptions& o) {
    if (b.anchors.empty()) throw InputError("MNRL: empty batch");
    if (b.anchors.size() != b.positives.size())
        throw InputError("MNRL: " + std::to_string(b.anchors.size()) + " anchors but " +
                         std::to_string(b.positives.size()) + " positives");
    if (o.mini_batch_size == 0) throw InputError("MNRL: mini-batch size must be positive");
}

// One side of a batch in forward-pass order. With sorting, sequences are ordered by length
// (stable) so that each mini-batch pads to little; order[k] = batch row of forward position k,
// inverse[row] = its forward position.
struct Side {
    std::vector<std::vector<int32_t>> seqs;
    torch::Tensor order, inverse;  // [n] int64
};

Side forward_order(const std::vector<std::vector<int32_t>>& seqs, bool sort) {
    std::vector<int64_t> order(seqs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
    if (sort)
        std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) {
            return seqs[static_cast<std::size_t>(x)].size() < seqs[static_cast<std::size_t>(y)].size();
        });
    Side side;
    std::vector<int64_t> inverse(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        side.seqs.push_back(seqs[static_cast<std::size_t>(order[k])]);
        inverse[static_cast<std::size_t>(order[k])] = static_cast<int64_t>(k);
    }
    const auto n = static_cast<int64_t>(order.size());
    side.order = torch::from_blob(order.data(), {n}, torch::kLong).clone();
    side.inverse = torch::from_blob(inverse.data(), {n}, torch::kLong).clone();
    return side;
}

// Embeds one side of the batch without autograd, one mini-batch at a time; saves the generator
// state before each mini-batch into `states`. Returns [n, D].
torch::Tensor embed_cached(SentenceModelImpl& m, const std::vector<std::vector<int32_t>>& seqs,
                           const std::string& route, std::size_t mb, std::vector<at::Tensor>& states) {
    torch::NoGradGuard no_grad;
    at::Generator gen = at::detail::getDefaultCPUGenerator();
    const int64_t pad = m.transformer->config.hp.pad_token_id;
    std::vector<torch::Tensor> parts;
    for (std::size_t b = 0; b < seqs.size(); b += mb) {
        const std::size_t e = std::min(seqs.size(), b + mb);
        {
            std::lock_guard<std::mutex> lock(gen.mutex());
            states.push_back(gen.get_state());
        }
        parts.push_back(m.embed(pad_batch(seqs, b, e, pad), route));
    }
    return torch::cat(parts);
}

// Re-embeds each mini-batch with autograd under its saved generator state and back-propagates
// the cached gradient rows grad[b:e] into the parameters.
void backprop_cached(SentenceModelImpl& m, const std::vector<std::vector<int32_t>>& seqs, const std::string& route,
                     std::size_t mb, const std::vector<at::Tensor>& states, const torch::Tensor& grad) {
    at::Generator gen = at::detail::getDefaultCPUGenerator();
    const int64_t pad = m.transformer->config.hp.pad_token_id;
    std::size_t i = 0;
    for (std::size_t b = 0; b < seqs.size(); b += mb, ++i) {
        const std::size_t e = std::min(seqs.size(), b + mb);
        {
            std::lock_guard<std::mutex> lock(gen.mutex());
            gen.set_state(states[i]);
        }
        const torch::Tensor reps = m.embed(pad_batch(seqs, b, e, pad), route);
        reps.backward(grad.slice(0, static_cast<int64_t>(b), static_cast<int64_t>(e)));
    }
}

}  // namespace

torch::Tensor mnrl_loss(const torch::Tensor& a, const torch::Tensor& p, double scale) {
    const torch::Tensor scores = cos_sim(a, p) * scale;  // [B, B]
    const torch::Tensor labels = torch::arange(a.size(0), torch::kLong);
    return F::cross_entropy(scores, labels);
}

double chunked_mnrl_backward(const torch::Tensor& a, const torch::Tensor& p, double scale, std::size_t chunk) {
    const int64_t B = a.size(0), step = static_cast<int64_t>(chunk);
    double loss = 0;
    for (int64_t b = 0; b < B; b += step) {
        const int64_t e = std::min(B, b + step);
        const torch::Tensor scores = cos_sim(a.slice(0, b, e), p) * scale;  // [e - b, B]
        const torch::Tensor labels = torch::arange(b, e, torch::kLong);
        const torch::Tensor l = F::cross_entropy(scores, labels) * static_cast<double>(e - b) / static_cast<double>(B);
        l.backward();
        loss += l.item<double>();
    }
    return loss;
}

double plain_mnrl_backward(SentenceModelImpl& m, const TokenBatch& batch, const MnrlOptions& o) {
    check_batch(batch, o);
    const int64_t pad = m.transformer->config.hp.pad_token_id;
    const std::size_t mb = o.mini_batch_size;
    auto embed_all = [&](const std::vector<std::vector<int32_t>>& rows, const std::string& route) {
        const Side side = forward_order(rows, o.sort_by_length);
        std::vector<torch::Tensor> parts;  // every mini-batch's graph stays alive until backward
        for (std::size_t b = 0; b < side.seqs.size(); b += mb)
            parts.push_back(m.embed(pad_batch(side.seqs, b, std::min(side.seqs.size(), b + mb), pad), route));
        return torch::cat(parts).index_select(0, side.inverse);  // back to batch order
    };
    const torch::Tensor a = embed_all(batch.anchors, o.anchor_route);
    const torch::Tensor p = embed_all(batch.positives, o.positive_route);
    const torch::Tensor loss = mnrl_loss(a, p, o.scale);
    loss.backward();
    return loss.item<double>();
}

double cached_mnrl_backward(SentenceModelImpl& m, const TokenBatch& batch, const MnrlOptions& o) {
    check_batch(batch, o);
    const std::size_t mb = o.mini_batch_size;
    const Side sa = forward_order(batch.anchors, o.sort_by_length);
    const Side sp = forward_order(batch.positives, o.sort_by_length);
    std::vector<at::Tensor> states_a, states_p;
    torch::Tensor a = embed_cached(m, sa.seqs, o.anchor_route, mb, states_a).index_select(0, sa.inverse);
    torch::Tensor p = embed_cached(m, sp.seqs, o.positive_route, mb, states_p).index_select(0, sp.inverse);
    at::Generator gen = at::detail::getDefaultCPUGenerator();
    at::Tensor after_first_pass;
    {
        std::lock_guard<std::mutex> lock(gen.mutex());
        after_first_pass = gen.get_state();
    }
    a.requires_grad_(true);
    p.requires_grad_(true);
    const double loss = chunked_mnrl_backward(a, p, o.scale, mb);
    // Cached gradients [B, D] in batch order, taken to forward order for the second pass.
    const torch::Tensor grad_a = a.grad().detach().index_select(0, sa.order);
    const torch::Tensor grad_p = p.grad().detach().index_select(0, sp.order);
    backprop_cached(m, sa.seqs, o.anchor_route, mb, states_a, grad_a);
    backprop_cached(m, sp.seqs, o.positive_route, mb, states_p, grad_p);
    {
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(after_first_pass);
    }
    return loss;
}

}  // namespace jobbert::train
