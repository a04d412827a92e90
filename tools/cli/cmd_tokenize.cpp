// jobbert tokenize: the model's tokenizer on each input row, as JSONL {"ids", "tokens"}.
#include <omp.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <memory>

#include "command.h"
#include "input.h"
#include "jobbert/text.h"
#include "model_options.h"
#include "output.h"

namespace jobbert::cli {

namespace {

struct TokenizeArgs {
    ModelOptions model;
    InputOptions input;
    std::string output;
    long long max_length = -1;
    bool model_input = false;
};

int run_tokenize(const TokenizeArgs& a) {
    const auto rows = read_input(a.input);
    const LoadedModel lm = load_model(a.model);
    const Model& model = lm.model;
    const std::size_t max_len =
        a.max_length < 0 ? model.info().max_seq_length : static_cast<std::size_t>(a.max_length);
    std::vector<Encoding> enc(rows.size());
    std::exception_ptr error;
    const auto n = static_cast<std::ptrdiff_t>(rows.size());
#pragma omp parallel for schedule(dynamic, 64) num_threads(a.model.threads > 0 ? a.model.threads : omp_get_max_threads())
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        const InputRow& r = rows[static_cast<std::size_t>(i)];
        if (!r.ok()) continue;
        try {
            std::string text = r.text;
            if (a.model_input) {
                text = python_strip(text);
                if (model.info().do_lower_case) text = python_lower(text);
            }
            enc[static_cast<std::size_t>(i)] = model.tokenizer().encode(text, max_len);
        } catch (...) {
#pragma omp critical(jobbert_cli_tokenize_cmd)
            if (!error) error = std::current_exception();
        }
    }
    if (error) std::rethrow_exception(error);

    Output out(a.output);
    std::string line;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].ok()) {
            line = "{\"error\": " + json_string(rows[i].error) + "}\n";
        } else {
            line = "{\"ids\": [";
            for (std::size_t t = 0; t < enc[i].ids.size(); ++t) line += (t ? ", " : "") + std::to_string(enc[i].ids[t]);
            line += "], \"tokens\": [";
            for (std::size_t t = 0; t < enc[i].tokens.size(); ++t) line += (t ? ", " : "") + json_string(enc[i].tokens[t]);
            line += "]}\n";
        }
        out.stream().write(line.data(), static_cast<std::streamsize>(line.size()));
    }
    out.commit();
    return 0;
}

}  // namespace

Command add_tokenize_command(CLI::App& parent) {
    auto args = std::make_shared<TokenizeArgs>();
    CLI::App* app = parent.add_subcommand(
        "tokenize",
        "Tokenize texts with the model's tokenizer exactly as Hugging Face tokenizers does (no stripping or "
        "lowercasing; specials included; truncated to max_seq_length). Output: JSONL {\"ids\": [...], "
        "\"tokens\": [...]} per input row");
    add_model_options(*app, args->model, false);
    app->add_option("--threads", args->model.threads, "Threads (0 = all cores)")->check(CLI::NonNegativeNumber);
    add_input_options(*app, args->input);
    app->add_option("-o,--output", args->output, "Output file (default: stdout)");
    app->add_option("--max-length", args->max_length,
                    "Truncate to this many tokens, specials included (default: the model's max_seq_length; "
                    "0 = no truncation)");
    app->add_flag("--model-input", args->model_input,
                  "Apply the model's input handling first (Python str.strip(), and str.lower() when the model "
                  "sets do_lower_case): the ids `embed` feeds the encoder");
    return {app, [args] { return run_tokenize(*args); }};
}

}  // namespace jobbert::cli
