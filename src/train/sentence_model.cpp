#include "train/sentence_model.h"

#include "jobbert/error.h"

namespace jobbert::train {

PaddedBatch pad_batch(const std::vector<std::vector<int32_t>>& seqs, std::size_t begin, std::size_t end,
                      int64_t pad_id) {
    std::size_t longest = 0;
    for (std::size_t i = begin; i < end; ++i) longest = std::max(longest, seqs[i].size());
    const auto n = static_cast<int64_t>(end - begin), T = static_cast<int64_t>(longest);
    PaddedBatch b{torch::full({n, T}, pad_id, torch::kLong), torch::zeros({n, T}, torch::kLong)};
    auto ids = b.ids.accessor<int64_t, 2>();
    auto mask = b.mask.accessor<int64_t, 2>();
    for (std::size_t i = begin; i < end; ++i) {
        if (seqs[i].empty()) throw InputError("empty token sequence in a batch");
        const auto r = static_cast<int64_t>(i - begin);
        for (std::size_t t = 0; t < seqs[i].size(); ++t) {
            ids[r][static_cast<int64_t>(t)] = seqs[i][t];
            mask[r][static_cast<int64_t>(t)] = 1;
        }
    }
    return b;
}

DenseHeadImpl::DenseHeadImpl(const DenseSpec& spec) : tanh(spec.tanh) {
    linear =
        register_module("linear", torch::nn::Linear(torch::nn::LinearOptions(static_cast<int64_t>(spec.in_features),
                                                                             static_cast<int64_t>(spec.out_features))
                                                        .bias(spec.bias)));
}

torch::Tensor DenseHeadImpl::forward(const torch::Tensor& x) {
    torch::Tensor y = linear(x);
    return tanh ? torch::tanh(y) : y;
}

SentenceModelImpl::SentenceModelImpl(const XlmrConfig& config, Layout l) : layout(std::move(l)) {
    transformer = register_module("transformer", XlmrModel(config));
    std::size_t i = 0;
    for (const auto& [folder, spec] : layout.dense)
        dense_.emplace(folder, register_module("dense" + std::to_string(i++), DenseHead(spec)));
}

std::string SentenceModelImpl::resolve_route(const std::string& route) const {
    if (route.empty()) return layout.default_route;
    if (route == "none" || layout.routes.count(route)) return route;
    std::string known;
    for (const auto& n : layout.route_names) known += (known.empty() ? "" : ", ") + n;
    throw InputError("unknown route '" + route + "' (routes: " + known + ")");
}

DenseHead SentenceModelImpl::dense_at(const std::string& folder) const {
    return dense_.at(folder);
}

torch::Tensor SentenceModelImpl::embed(const PaddedBatch& batch, const std::string& route) {
    const std::string r = resolve_route(route);
    const torch::Tensor hidden = transformer(batch.ids, batch.mask);  // [n, T, H]
    const torch::Tensor m = batch.mask.unsqueeze(-1).to(hidden.scalar_type());
    torch::Tensor x = (hidden * m).sum(1) / m.sum(1).clamp_min(1e-9);  // [n, H]
    if (r == "none") return x;
    for (const StepSpec& s : layout.routes.at(r)) {
        if (s.kind == StepSpec::Kind::Normalize)
            x = torch::nn::functional::normalize(x, torch::nn::functional::NormalizeFuncOptions().p(2).dim(1));
        else
            x = dense_.at(s.folder)->forward(x);
    }
    return x;
}

bool is_no_decay_parameter(const std::string& name) {
    const auto ends_with = [&](const std::string& suffix) {
        return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return ends_with(".bias") || name.find("LayerNorm.") != std::string::npos;
}

}  // namespace jobbert::train
