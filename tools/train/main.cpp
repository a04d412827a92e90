// jobbert-train: the `jobbert train` command in its own executable, so that only training loads
// LibTorch (`jobbert train ...` runs this with the same arguments; see tools/cli/cmd_train.cpp).
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "app_error.h"
#include "command.h"

int main(int argc, char** argv) {
    using namespace jobbert::cli;
    CLI::App app{"jobbert train: train or fine-tune a JobBERT-style model (LibTorch)"};
    app.name("jobbert");
    const Command train = add_train_command(app);
    // Options of `train` at the top level: `jobbert-train --data ...` == `jobbert train --data ...`.
    std::vector<std::string> args;
    for (int i = argc - 1; i > 0; --i) args.emplace_back(argv[i]);
    args.emplace_back("train");
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help
        return report_error("jobbert train", kExitUsage, std::string(e.what()) + " (see jobbert train --help)");
    }
    return run_reporting_errors("jobbert train", [&] { return train.run(); });
}
