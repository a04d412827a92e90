#include "train/optim.h"

#include <algorithm>
#include <cmath>

namespace jobbert::train {

std::unique_ptr<torch::optim::AdamW> make_adamw(SentenceModelImpl& model, const OptimOptions& o) {
    std::vector<torch::Tensor> decay, no_decay;
    for (const auto& p : model.named_parameters())
        (is_no_decay_parameter(p.key()) ? no_decay : decay).push_back(p.value());
    auto options = [&](double wd) {
        return std::make_unique<torch::optim::AdamWOptions>(
            torch::optim::AdamWOptions(o.lr).betas({o.beta1, o.beta2}).eps(o.eps).weight_decay(wd).amsgrad(false));
    };
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, options(o.weight_decay));
    groups.emplace_back(no_decay, options(0.0));
    return std::make_unique<torch::optim::AdamW>(std::move(groups), torch::optim::AdamWOptions(o.lr));
}

int64_t warmup_steps(int64_t total_steps, double warmup_ratio) {
    return static_cast<int64_t>(std::ceil(static_cast<double>(total_steps) * warmup_ratio));
}

double linear_schedule(int64_t step, int64_t total_steps, int64_t warmup) {
    if (step < warmup) return static_cast<double>(step) / static_cast<double>(std::max<int64_t>(1, warmup));
    return std::max(
        0.0, static_cast<double>(total_steps - step) / static_cast<double>(std::max<int64_t>(1, total_steps - warmup)));
}

void set_learning_rate(torch::optim::Optimizer& opt, double lr) {
    for (auto& g : opt.param_groups()) g.options().set_lr(lr);
}

}  // namespace jobbert::train
