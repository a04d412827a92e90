// jobbert train: trains or fine-tunes a JobBERT-style model with CachedMultipleNegativesRankingLoss
// (src/train). Only in builds with LibTorch (-DJOBBERT_TRAIN=ON), and in two parts:
// - JOBBERT_TRAIN_IMPL: the command itself, in the `jobbert-train` executable (links LibTorch);
// - JOBBERT_WITH_TRAIN: in `jobbert`, a `train` subcommand that runs `jobbert-train` (found next
//   to `jobbert`) with the same arguments. Linking LibTorch into `jobbert` would cost every
//   command about a second of start-up and 150 MB of memory (measured: --version 0.04 s / 13 MB
//   without, 1.0 s / 167 MB with).
#if defined(JOBBERT_TRAIN_IMPL)

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app_error.h"
#include "command.h"
#include "train/trainer.h"

namespace jobbert::cli {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_sigint(int) {
    g_stop.store(true);
    std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

struct TrainArgs {
    train::TrainOptions o;
    std::string format = "auto";
    std::string config;
    std::string layout = "asym";
    double dropout = -1;
    std::size_t max_seq_length = 0;
    bool no_plot = false;
    bool quiet = false;
};

// --config "hidden=256,layers=4,heads=4,ffn=1024,out=256,vocab=16000"
void apply_config(const std::string& spec, train::TrainOptions& o) {
    std::stringstream ss(spec);
    for (std::string item; std::getline(ss, item, ',');) {
        if (item.empty()) continue;
        const auto eq = item.find('=');
        if (eq == std::string::npos) throw UsageError("--config: expected KEY=VALUE, got '" + item + "'");
        const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
        std::size_t n = 0;
        try {
            n = std::stoul(value);
        } catch (const std::exception&) {
            throw UsageError("--config: " + key + " must be a positive integer, got '" + value + "'");
        }
        if (key == "hidden")
            o.sizes.hidden_size = n;
        else if (key == "layers")
            o.sizes.num_layers = n;
        else if (key == "heads")
            o.sizes.num_heads = n;
        else if (key == "ffn")
            o.sizes.intermediate_size = n;
        else if (key == "out")
            o.sizes.out_dim = n;
        else if (key == "vocab")
            o.tokenizer_training.vocab_size = n;
        else if (key == "positions")
            o.sizes.max_position_embeddings = n;
        else
            throw UsageError("--config: unknown key '" + key + "' (hidden, layers, heads, ffn, out, vocab, positions)");
    }
}

int run_train(TrainArgs& a) {
    train::TrainOptions& o = a.o;
    if (!o.init.empty() && (!a.config.empty() || !o.tokenizer.empty()))
        throw UsageError("--init fine-tunes an existing model: --config and --tokenizer are for new models");
    if (!a.config.empty()) apply_config(a.config, o);
    o.format = a.format == "jsonl" ? train::DataFormat::Jsonl
               : a.format == "tsv" ? train::DataFormat::Tsv
                                   : train::DataFormat::Auto;
    o.sizes.layout = a.layout == "router" ? "Router" : "Asym";
    if (a.dropout >= 0) o.dropout = a.dropout;
    if (a.max_seq_length > 0) o.max_seq_length = a.max_seq_length;
    o.plot = !a.no_plot;
    o.stop = &g_stop;
    o.tokenizer_training.seed = o.seed;
    std::signal(SIGINT, on_sigint);

    train::ProgressPrinter progress(stderr);
    train::TrainCallbacks cb;
    if (!a.quiet) {
        cb.on_step = [&](const train::StepReport& r) { progress.update(r); };
        cb.log = [&](const std::string& m) { std::cerr << "jobbert train: " << m << "\n"; };
    }
    const train::TrainResult r = train::run_training(o, cb);
    if (!a.quiet) progress.finish();
    std::signal(SIGINT, SIG_DFL);
    nlohmann::json summary = {{"model", r.model_dir.string()},
                              {"steps", r.steps_done},
                              {"total_steps", r.total_steps},
                              {"resumed_from", r.resumed_from},
                              {"stopped", r.stopped},
                              {"final_loss", r.final_loss},
                              {"seconds", r.seconds},
                              {"pairs_per_s", r.pairs_per_s},
                              {"peak_rss_mib", static_cast<double>(r.peak_rss_bytes) / (1024.0 * 1024.0)}};
    std::cout << summary.dump() << "\n";
    return r.stopped ? 130 : kExitOk;
}

}  // namespace

Command add_train_command(CLI::App& parent) {
    auto args = std::make_shared<TrainArgs>();
    train::TrainOptions& o = args->o;
    CLI::App* app =
        parent.add_subcommand("train",
                              "Train a new model or fine-tune one (e.g. JobBERT-v3) on (title, skills) pairs with "
                              "CachedMultipleNegativesRankingLoss; writes a sentence-transformers model directory");
    app->add_option("--data", o.data, "Training pairs: JSONL {anchor, positive} / {title, skills: [..]} or TSV")
        ->required();
    app->add_option("--format", args->format, "Data format")->check(CLI::IsMember({"auto", "jsonl", "tsv"}));
    app->add_option("--out", o.out, "Output model directory (training artefacts in OUT/training)")->required();
    auto* init =
        app->add_option("--init", o.init, "Fine-tune this model directory (keeps its layout, tokenizer, routes)");
    app->add_option("--config", args->config,
                    "New model sizes, e.g. hidden=256,layers=4,heads=4,ffn=1024,out=256,vocab=16000")
        ->excludes(init);
    app->add_option("--tokenizer", o.tokenizer, "New model: use this tokenizer.json (default: train one on the data)")
        ->excludes(init);
    app->add_option("--layout", args->layout, "New model: Asym (sentence-transformers 4.x) or Router (5.x) heads")
        ->check(CLI::IsMember({"asym", "router"}));
    app->add_flag("--lowercase", o.sizes.do_lower_case, "New model: do_lower_case (lowercase texts before tokenizing)");
    app->add_option("--batch-size", o.batch_size, "Pairs per step (in-batch negatives)")->capture_default_str();
    app->add_option("--mini-batch-size", o.mini_batch_size, "Sequences per forward pass (memory only)")
        ->capture_default_str();
    app->add_option("--scale", o.scale, "Similarity scale (1/temperature)")->capture_default_str();
    app->add_option("--epochs", o.epochs, "Epochs")->capture_default_str();
    app->add_option("--max-steps", o.max_steps, "Stop after N steps (overrides --epochs)");
    app->add_option("--lr", o.optim.lr, "Peak learning rate (AdamW, linear decay)")->capture_default_str();
    app->add_option("--warmup-ratio", o.optim.warmup_ratio, "Share of steps with linear warmup")->capture_default_str();
    app->add_option("--weight-decay", o.optim.weight_decay, "AdamW weight decay (not on biases/LayerNorm)")
        ->capture_default_str();
    app->add_option("--max-grad-norm", o.optim.max_grad_norm, "Gradient clipping norm (0 = off)")
        ->capture_default_str();
    app->add_option("--seed", o.seed, "Seed of initialisation, data order and dropout")->capture_default_str();
    app->add_option("--dropout", args->dropout, "Hidden and attention dropout (default: the model's, new: 0.1)");
    app->add_option("--max-seq-length", args->max_seq_length,
                    "Tokens per text incl. <s> </s> (default: the model's, new: 64)");
    app->add_option("--anchor-route", o.anchor_route, "Route of the anchors (titles)")->capture_default_str();
    app->add_option("--positive-route", o.positive_route, "Route of the positives (skill lists)")
        ->capture_default_str();
    app->add_option("--save-steps", o.save_steps, "Checkpoint every N steps (0: at the end and on Ctrl-C)")
        ->capture_default_str();
    app->add_option("--keep-checkpoints", o.keep_checkpoints, "Newest checkpoints to keep (0 = all)")
        ->capture_default_str();
    app->add_flag("--resume", o.resume, "Continue from the newest checkpoint in OUT/training/checkpoints");
    app->add_option("--threads", o.threads, "Threads (0 = all cores)")->capture_default_str();
    app->add_option("--max-line-bytes", o.limits.max_line_bytes, "Longest data line accepted")->capture_default_str();
    app->add_option("--max-text-bytes", o.limits.max_text_bytes, "Longest anchor/positive/skill accepted")
        ->capture_default_str();
    app->add_option("--spm-trainer", o.tokenizer_training.helper, "Path of the jobbert-spm-train helper");
    app->add_option("--stop-after-steps", o.stop_after_steps, "Testing: end after N steps as if killed")
        ->group("");  // hidden
    app->add_flag("--no-plot", args->no_plot, "Do not draw OUT/training/loss.png");
    app->add_flag("-q,--quiet", args->quiet, "No progress bar");
    return {app, [args] { return run_train(*args); }};
}

}  // namespace jobbert::cli

#elif defined(JOBBERT_WITH_TRAIN)

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "app_error.h"
#include "command.h"
#include "locate.h"

namespace jobbert::cli {

Command add_train_command(CLI::App& parent) {
    CLI::App* app =
        parent.add_subcommand("train",
                              "Train a new model or fine-tune one (e.g. JobBERT-v3) on (title, skills) pairs with "
                              "CachedMultipleNegativesRankingLoss; writes a sentence-transformers model directory "
                              "(runs jobbert-train; see jobbert train --help)");
    app->prefix_command();  // every argument after `train`, --help included, goes to jobbert-train
    app->set_help_flag();
    return {app, [app]() -> int {
                const std::filesystem::path helper = executable_dir() / "jobbert-train";
                std::vector<std::string> args = {helper.string()};
                for (const auto& a : app->remaining()) args.push_back(a);
                std::vector<char*> argv;
                for (auto& a : args) argv.push_back(a.data());
                argv.push_back(nullptr);
                execv(helper.c_str(), argv.data());
                throw Error("cannot run " + helper.string() + ": " + std::strerror(errno) +
                            " (it is built with -DJOBBERT_TRAIN=ON and installed next to jobbert)");
            }};
}

}  // namespace jobbert::cli

#endif
