// The subcommands of `jobbert`: each file cmd_<name>.cpp registers its options on a CLI11
// subcommand and returns the function that runs it (returning the exit code).
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace jobbert::cli {

/** A registered subcommand: its CLI11 app (to see whether it was chosen) and its action. */
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

Command add_tokenize_command(CLI::App& parent);
Command add_embed_command(CLI::App& parent);
Command add_similarity_command(CLI::App& parent);
Command add_match_command(CLI::App& parent);
Command add_info_command(CLI::App& parent);
Command add_pull_command(CLI::App& parent);
Command add_serve_command(CLI::App& parent);
Command add_eval_command(CLI::App& parent);  // cmd_eval.cpp
#ifdef JOBBERT_WITH_TRAIN
Command add_train_command(CLI::App& parent);  // cmd_train.cpp: builds with LibTorch only
#endif

}  // namespace jobbert::cli
