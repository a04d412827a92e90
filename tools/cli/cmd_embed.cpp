// jobbert embed: one embedding per input row, in order, as JSONL, .npy or TSV.
#include <CLI/CLI.hpp>
#include <memory>

#include "command.h"
#include "embedding_writer.h"
#include "encode_rows.h"
#include "input.h"
#include "model_options.h"
#include "output.h"
#include "progress.h"

namespace jobbert::cli {

namespace {

struct EmbedArgs {
    ModelOptions model;
    InputOptions input;
    std::string output;
    std::string format;
    std::string route;
    bool normalize = false;
};

std::string output_format(const EmbedArgs& a) {
    if (!a.format.empty()) return a.format;
    const auto ext = std::filesystem::path(a.output).extension();
    if (ext == ".npy") return "npy";
    if (ext == ".tsv") return "tsv";
    return "jsonl";
}

int run_embed(const EmbedArgs& a) {
    const auto rows = read_input(a.input);
    const LoadedModel lm = load_model(a.model);
    EncodeOptions opt;
    opt.route = lm.model.resolve_route(a.route);
    opt.normalize = a.normalize;
    opt.batch_tokens = a.model.batch_tokens;
    opt.threads = a.model.threads;
    const Matrix m = embed_rows(lm.model, rows, opt, progress_wanted(a.model.quiet));
    Output out(a.output);
    write_embeddings(out.stream(), m, rows, output_format(a));
    out.commit();
    return 0;
}

}  // namespace

Command add_embed_command(CLI::App& parent) {
    auto args = std::make_shared<EmbedArgs>();
    CLI::App* app = parent.add_subcommand(
        "embed",
        "Embed texts: one output row per input row, in order (an empty text still gets its vector). "
        "JSONL rows are {\"embedding\": [...]} with floats in shortest round-trip form");
    add_model_options(*app, args->model);
    add_input_options(*app, args->input, {.positional = true, .mark = true, .ids = true});
    app->add_option("-o,--output", args->output, "Output file (default: stdout)");
    app->add_option("--format", args->format,
                    "jsonl, npy (float32 [n, dim]) or tsv. Default: from the -o extension, else jsonl")
        ->check(CLI::IsMember({"jsonl", "npy", "tsv"}));
    app->add_option("--route", args->route,
                    "Head: anchor (job titles), positive (skill lists), none (pooled, before any head). "
                    "Default: the model's default route");
    app->add_flag("--normalize", args->normalize, "Scale every vector to unit L2 norm");
    return {app, [args] { return run_embed(*args); }};
}

}  // namespace jobbert::cli
