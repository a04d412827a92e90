// jobbert similarity: the cosine similarity matrix of texts, as a readable table (or JSONL/TSV).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "command.h"
#include "encode_rows.h"
#include "input.h"
#include "jobbert/similarity.h"
#include "model_options.h"
#include "output.h"
#include "progress.h"

namespace jobbert::cli {

namespace {

struct SimilarityArgs {
    ModelOptions model;
    InputOptions input;
    std::string route;
    std::string format = "table";
    std::string output;
};

void write_table(std::ostream& out, const Matrix& s, const std::vector<InputRow>& rows) {
    for (std::size_t i = 0; i < rows.size(); ++i) out << "[" << i + 1 << "] " << rows[i].text << "\n";
    out << "\n";
    const int w = std::max(8, static_cast<int>(std::to_string(rows.size()).size()) + 4);
    char cell[64];
    std::snprintf(cell, sizeof cell, "%*s", w, "");
    out << cell;
    for (std::size_t j = 0; j < s.cols; ++j) {
        std::snprintf(cell, sizeof cell, "%*s", w, ("[" + std::to_string(j + 1) + "]").c_str());
        out << cell;
    }
    out << "\n";
    for (std::size_t i = 0; i < s.rows; ++i) {
        std::snprintf(cell, sizeof cell, "%-*s", w, ("[" + std::to_string(i + 1) + "]").c_str());
        out << cell;
        for (std::size_t j = 0; j < s.cols; ++j) {
            std::snprintf(cell, sizeof cell, "%*.4f", w, static_cast<double>(s.row(i)[j]));
            out << cell;
        }
        out << "\n";
    }
}

void write_rows(std::ostream& out, const Matrix& s, const std::vector<InputRow>& rows, bool jsonl) {
    std::string line;
    for (std::size_t i = 0; i < s.rows; ++i) {
        line = jsonl ? "{\"text\": " + json_string(rows[i].text) + ", \"scores\": [" : "";
        for (std::size_t j = 0; j < s.cols; ++j) {
            if (j) line += jsonl ? ", " : "\t";
            append_float(line, s.row(i)[j]);
        }
        line += jsonl ? "]}\n" : "\n";
        out << line;
    }
}

int run_similarity(const SimilarityArgs& a) {
    const auto rows = read_input(a.input);
    const LoadedModel lm = load_model(a.model);
    EncodeOptions opt;
    opt.route = lm.model.resolve_route(a.route);
    opt.batch_tokens = a.model.batch_tokens;
    opt.threads = a.model.threads;
    const Matrix e = embed_rows(lm.model, rows, opt, progress_wanted(a.model.quiet));
    const Matrix s = cosine_similarity(e, e);
    Output out(a.output);
    if (a.format == "table") write_table(out.stream(), s, rows);
    else write_rows(out.stream(), s, rows, a.format == "jsonl");
    out.commit();
    return 0;
}

}  // namespace

Command add_similarity_command(CLI::App& parent) {
    auto args = std::make_shared<SimilarityArgs>();
    CLI::App* app = parent.add_subcommand(
        "similarity", "Cosine similarity of every text with every other (the model's similarity function)");
    add_model_options(*app, args->model);
    add_input_options(*app, args->input, {.positional = true, .mark = false, .ids = false});
    app->add_option("--route", args->route, "Head (anchor, positive, none). Default: the model's default route");
    app->add_option("--format", args->format,
                    "table (readable), jsonl ({\"text\", \"scores\"} per text) or tsv (the matrix)")
        ->check(CLI::IsMember({"table", "jsonl", "tsv"}))
        ->capture_default_str();
    app->add_option("-o,--output", args->output, "Output file (default: stdout)");
    return {app, [args] { return run_similarity(*args); }};
}

}  // namespace jobbert::cli
