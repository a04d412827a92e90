// Setting up a training run: the model (fine-tuned or new, with its tokenizer) and the record of
// the options that a resumed run must share with the run that wrote the checkpoint.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "train/text_encoder.h"
#include "train/trainer.h"

namespace jobbert::train {

/** The model to train, its tokenizer and where tokenizer.json lives. */
struct RunModel {
    ModelSource source;
    std::filesystem::path tokenizer_json;
    TextEncoder encoder;
};

/**
 * Builds the model: from options.init (fine-tuning) or new with options.sizes. A new model's
 * tokenizer is options.tokenizer, else <out>/tokenizer.json when resuming and it exists, else
 * one trained on the data's texts (anchors and positives) and written to <out>/tokenizer.json.
 * Seeds torch's generator with options.seed afterwards (the dropout sequence of a fresh run).
 */
RunModel build_run_model(const TrainOptions& options, const PairData& data,
                         const std::function<void(const std::string&)>& log);

/** The options that decide the result of a run (recorded in train_args.json and checkpoints). */
nlohmann::json run_arguments(const TrainOptions& options, const PairData& data, const RunModel& model);

/**
 * "" when a checkpoint's recorded arguments equal this run's, else a message naming each
 * differing option ("batch_size: 2048 (checkpoint) vs 256 (now)").
 */
std::string compare_arguments(const nlohmann::json& checkpoint, const nlohmann::json& now);

/** FNV-1a 64-bit hash of a file's bytes, as 16 hex digits (identifies the data of a run). */
std::string file_hash(const std::filesystem::path& file);

}  // namespace jobbert::train
