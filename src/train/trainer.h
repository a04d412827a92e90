// The training run behind `jobbert train`: data -> model (fine-tuned or new) -> cached MNRL
// steps with AdamW -> checkpoints -> a model directory in the published layout.
//
// Output directory <out>: the model (config.json, model.safetensors, modules.json, 1_Pooling,
// 2_Asym, tokenizer.json, ...), loadable by jobbert::Model and sentence-transformers, and
// <out>/training/: train_args.json, loss.csv, loss.png, summary.json, checkpoints/step-N/.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "train/model_io.h"
#include "train/optim.h"
#include "train/pair_data.h"
#include "train/progress.h"
#include "train/tokenizer_training.h"

namespace jobbert::train {

/** Everything `jobbert train` can be told. Defaults follow JobBERT-v3's training where it is known. */
struct TrainOptions {
    std::filesystem::path data;  ///< training pairs (see pair_data.h)
    DataFormat format = DataFormat::Auto;
    DataLimits limits;
    std::filesystem::path out;  ///< output directory (the model + training/)

    std::filesystem::path init;       ///< fine-tune this model directory; empty = a new model
    NewModelSizes sizes;              ///< a new model's sizes (vocab_size comes from the tokenizer)
    std::filesystem::path tokenizer;  ///< a new model's tokenizer.json; empty = train one on the data
    TokenizerTrainOptions tokenizer_training;

    std::size_t batch_size = 2048;      ///< pairs per optimiser step (in-batch negatives: batch_size - 1)
    std::size_t mini_batch_size = 512;  ///< sequences per forward pass (memory), no effect on the result
    double scale = 20.0;                ///< MNRL similarity scale (1 / temperature)
    std::size_t epochs = 1;
    int64_t max_steps = -1;  ///< > 0: stop after this many steps (overrides epochs)
    OptimOptions optim;
    uint64_t seed = 42;                         ///< initialisation, data order, skill-list order, dropout
    std::optional<double> dropout;              ///< hidden and attention dropout; default: config.json's (new: 0.1)
    std::optional<std::size_t> max_seq_length;  ///< default: sentence_bert_config.json's (new: sizes)
    std::string anchor_route = "anchor", positive_route = "positive";

    std::size_t save_steps = 0;               ///< checkpoint every N steps (0: only at the end / interruption)
    std::size_t keep_checkpoints = 2;         ///< newest checkpoints kept (0 = all)
    bool resume = false;                      ///< continue from the newest checkpoint in <out>/training/checkpoints
    int threads = 0;                          ///< torch intra-op threads (0 = all cores)
    bool plot = true;                         ///< draw loss.png with gnuplot
    const std::atomic<bool>* stop = nullptr;  ///< set (e.g. by SIGINT) to checkpoint and stop after the current step
    int64_t stop_after_steps = -1;  ///< testing: end this process after this step as if killed (no checkpoint)
};

/** What a run did. */
struct TrainResult {
    std::filesystem::path model_dir;  ///< = options.out (empty when stopped early)
    int64_t steps_done = 0, total_steps = 0;
    int64_t resumed_from = 0;        ///< step of the checkpoint resumed from (0 = fresh)
    bool stopped = false;            ///< stopped before the end (interrupted / stop_after_steps)
    double final_loss = 0;           ///< loss of the last step
    double seconds = 0;              ///< wall time of this process's steps
    double pairs_per_s = 0;          ///< pairs per second in this process
    std::size_t peak_rss_bytes = 0;  ///< peak resident set size of the process (getrusage)
    std::string plot_warning;        ///< why loss.png was not drawn, if it was not
};

/** Callbacks: progress after every step, and one-line log messages. Either may be empty. */
struct TrainCallbacks {
    std::function<void(const StepReport&)> on_step;
    std::function<void(const std::string&)> log;
};

/**
 * Runs the training. Throws InputError for bad options or data (message names the file and
 * line), ModelError for an unloadable --init model, Error for I/O failures or a --resume whose
 * checkpoint was made with different options (the differing options are named).
 */
TrainResult run_training(const TrainOptions& options, const TrainCallbacks& callbacks = {});

}  // namespace jobbert::train
