// jobbert: command-line entry point. CLI11 wiring only: each subcommand lives in cmd_<name>.cpp;
// errors become one line on stderr and an exit code (see app_error.h).
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <vector>

#include "app_error.h"
#include "command.h"

int main(int argc, char** argv) {
    using namespace jobbert::cli;
    std::ios::sync_with_stdio(false);
    CLI::App app{"jobbert: JobBERT-v3 job-title embeddings and occupation matching (ESCO), on CPU"};
    app.name("jobbert");
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("jobbert ") + JOBBERT_VERSION);
    std::vector<Command> commands = {add_tokenize_command(app), add_embed_command(app),
                                           add_similarity_command(app), add_match_command(app),
                                           add_info_command(app), add_pull_command(app),
                                           add_serve_command(app)};
    commands.push_back(add_eval_command(app));
#ifdef JOBBERT_WITH_TRAIN
    commands.push_back(add_train_command(app));  // cmd_train.cpp: builds with LibTorch only
#endif
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        return report_error("jobbert", kExitUsage, std::string(e.what()) + " (see jobbert --help)");
    }
    return run_reporting_errors("jobbert", [&] {
        for (const auto& c : commands)
            if (c.app->parsed()) return c.run();
        return report_error("jobbert", kExitUsage, "no command given (see jobbert --help)");
    });
}
