// AdamW with transformers' Trainer conventions: two parameter groups (weight decay on every
// parameter except biases and LayerNorm weights), betas (0.9, 0.999), eps 1e-8, a linear
// learning-rate schedule with warmup (get_linear_schedule_with_warmup), gradient-norm clipping.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>

#include "train/sentence_model.h"

namespace jobbert::train {

/** Optimiser options (transformers' TrainingArguments names). */
struct OptimOptions {
    double lr = 5e-5;            ///< learning_rate: peak learning rate
    double weight_decay = 0.0;   ///< decoupled weight decay (AdamW), not on biases / LayerNorm
    double warmup_ratio = 0.0;   ///< share of the steps with a linear warmup from 0
    double max_grad_norm = 1.0;  ///< clip the global L2 norm of the gradients (0 = no clipping)
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
};

/** AdamW over the model's parameters in two groups: [decay, no decay]. */
std::unique_ptr<torch::optim::AdamW> make_adamw(SentenceModelImpl& model, const OptimOptions& o);

/** Warmup steps for a run: ceil(total_steps * warmup_ratio) (transformers' get_warmup_steps). */
int64_t warmup_steps(int64_t total_steps, double warmup_ratio);

/**
 * The learning-rate factor of optimiser step `step` (0-based):
 * step < warmup ? step / max(1, warmup) : max(0, (total - step) / max(1, total - warmup)),
 * transformers.get_linear_schedule_with_warmup's lr_lambda.
 */
double linear_schedule(int64_t step, int64_t total_steps, int64_t warmup);

/** Sets every group's learning rate to `lr`. */
void set_learning_rate(torch::optim::Optimizer& opt, double lr);

}  // namespace jobbert::train
