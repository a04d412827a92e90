// Checkpoints of a training run: <out>/checkpoints/step-<N>/ holds state.pt (the model's
// parameters, the optimiser's state, torch's CPU generator state, in LibTorch's archive format)
// and trainer_state.json (step, options, loss history). Written to a temporary folder renamed
// into place, so a run killed at any moment leaves only complete checkpoints.
#pragma once

#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "train/sentence_model.h"

namespace jobbert::train {

/**
 * Saves a checkpoint of the state after `step` optimiser steps into `checkpoints_dir`/step-<N>
 * and deletes all but the newest `keep` checkpoints (keep 0 = keep all). `state` is written as
 * trainer_state.json. Returns the checkpoint folder. Throws Error on I/O failure.
 */
std::filesystem::path save_checkpoint(const std::filesystem::path& checkpoints_dir, int64_t step,
                                      SentenceModelImpl& model, torch::optim::Optimizer& optimizer,
                                      const nlohmann::json& state, std::size_t keep);

/**
 * Restores a checkpoint folder into `model` and `optimizer` (which must be built as for the run
 * that saved it) and torch's default CPU generator. Returns trainer_state.json. Throws Error
 * naming the folder when it is incomplete or does not fit the model.
 */
nlohmann::json load_checkpoint(const std::filesystem::path& dir, SentenceModelImpl& model,
                               torch::optim::Optimizer& optimizer);

/** The complete checkpoint with the highest step in `checkpoints_dir`, if any. */
std::optional<std::filesystem::path> latest_checkpoint(const std::filesystem::path& checkpoints_dir);

}  // namespace jobbert::train
