// Options every model-using command shares (-m, --threads, --batch-tokens, --quiet) and
// loading the chosen model.
#pragma once

#include <cstddef>
#include <string>

#include "jobbert/model.h"
#include "locate.h"

namespace CLI {
class App;
}

namespace jobbert::cli {

/** Model selection and run settings. */
struct ModelOptions {
    std::string model;               ///< -m: model directory or pulled repo id; "" = default
    int threads = 0;                 ///< --threads: 0 = all cores
    std::size_t batch_tokens = 8192; ///< --batch-tokens: token budget per forward batch
    bool quiet = false;              ///< --quiet: no progress bar, no notes
    std::string precision = "fp32";  ///< --precision: fp32 | bf16 | int8 (LoadOptions::precision)
};

/** Registers -m/--model, --quiet and (when `encoding`) --threads, --batch-tokens and --precision. */
void add_model_options(CLI::App& app, ModelOptions& options, bool encoding = true);

/** A loaded model and where it came from. */
struct LoadedModel {
    Model model;
    ResolvedModel where;
};

/**
 * Resolves (see resolve_model) and loads the model with the chosen precision; unless quiet,
 * writes toy_model_note to stderr for a toy model. Throws ModelError.
 */
LoadedModel load_model(const ModelOptions& options);

/** True for the tiny random-weight test models (hidden size < 128): their outputs mean nothing. */
bool is_toy_model(const Model& model);

/** The one-line note printed when a toy model is used. */
std::string toy_model_note(const LoadedModel& m);

}  // namespace jobbert::cli
