#include "model_options.h"

#include <CLI/CLI.hpp>
#include <iostream>

namespace jobbert::cli {

void add_model_options(CLI::App& app, ModelOptions& o, bool encoding) {
    app.add_option("-m,--model", o.model,
                   "Model directory, or a repo id fetched with `jobbert pull`. Default: $JOBBERT_MODEL, else "
                   "the shipped models/default");
    if (encoding) {
        app.add_option("--threads", o.threads, "Threads for the forward pass (0 = all cores)")
            ->check(CLI::NonNegativeNumber)
            ->capture_default_str();
        app.add_option("--batch-tokens", o.batch_tokens,
                       "Token budget per forward batch (texts sorted by length, packed, never padded)")
            ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24))
            ->capture_default_str();
        app.add_option("--precision", o.precision,
                       "Matrix products: fp32 (exact, the default), bf16 or int8 (faster, approximate)")
            ->check(CLI::IsMember({"fp32", "bf16", "int8"}))
            ->capture_default_str();
    }
    app.add_flag("-q,--quiet", o.quiet, "No progress bar and no notes on stderr");
}

LoadedModel load_model(const ModelOptions& o) {
    ResolvedModel where = resolve_model(o.model);
    LoadOptions load;
    load.precision = parse_precision(o.precision);
    LoadedModel m{Model::load(where.dir, load), where};
    if (!o.quiet && is_toy_model(m.model)) std::cerr << toy_model_note(m) << "\n";
    return m;
}

bool is_toy_model(const Model& model) { return model.info().hidden_size < 128; }

std::string toy_model_note(const LoadedModel& m) {
    return "note: " + m.where.dir.string() +
           (m.where.source == "default" ? " (the shipped default)" : std::string()) +
           " is a tiny random-weight test model: its embeddings and matches are meaningless. "
           "For real results: jobbert pull TechWolf/JobBERT-v3, then -m TechWolf/JobBERT-v3";
}

}  // namespace jobbert::cli
