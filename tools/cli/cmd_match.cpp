// jobbert match: top-k occupations of a taxonomy (ESCO by default) for each job title.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "command.h"
#include "encode_rows.h"
#include "input.h"
#include "jobbert/match.h"
#include "locate.h"
#include "model_options.h"
#include "output.h"
#include "progress.h"

namespace jobbert::cli {

namespace {

struct MatchArgs {
    ModelOptions model;
    InputOptions input;
    std::string taxonomy = "esco";
    std::size_t k = 5;
    std::string format = "table";
    std::string route;
    std::string label_route;
    std::string cache_dir;
    bool no_cache = false;
    bool rebuild = false;
    std::string output;
};

void write_jsonl(std::ostream& out, const std::vector<InputRow>& rows,
                 const std::vector<std::vector<OccupationMatch>>& results) {
    std::string line;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].ok()) {
            line = "{\"error\": " + json_string(rows[i].error) + "}\n";
        } else {
            line = "{\"query\": " + json_string(rows[i].text) + ", \"matches\": [";
            for (std::size_t r = 0; r < results[i].size(); ++r) {
                const auto& m = results[i][r];
                line += (r ? ", " : "");
                line += "{\"id\": " + json_string(m.id) + ", \"preferred_label\": " + json_string(m.preferred_label) +
                        ", \"label\": " + json_string(m.label) + ", \"score\": ";
                append_float(line, m.score);
                line += "}";
            }
            line += "]}\n";
        }
        out << line;
    }
}

// Code points in UTF-8 text (for column alignment; wide CJK characters count as one).
std::size_t display_length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Per title: the title, then one line per match: rank, score, preferred label (and the label
// that matched, when it is another one), id; the label column is padded to line up the ids.
void write_table(std::ostream& out, const std::vector<InputRow>& rows,
                 const std::vector<std::vector<OccupationMatch>>& results) {
    char head[32];
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i) out << "\n";
        if (!rows[i].ok()) {
            out << "error: " << rows[i].error << "\n";
            continue;
        }
        out << rows[i].text << "\n";
        std::vector<std::string> names;
        std::size_t width = 0;
        for (const auto& m : results[i]) {
            names.push_back(m.preferred_label + (m.label != m.preferred_label ? " (as \"" + m.label + "\")" : ""));
            width = std::max(width, display_length(names.back()));
        }
        for (std::size_t r = 0; r < results[i].size(); ++r) {
            std::snprintf(head, sizeof head, "%3zu  %.4f  ", r + 1, static_cast<double>(results[i][r].score));
            out << head << names[r] << std::string(width - display_length(names[r]) + 2, ' ') << results[i][r].id
                << "\n";
        }
    }
}

int run_match(const MatchArgs& a) {
    const auto rows = read_input(a.input);
    const LoadedModel lm = load_model(a.model);
    const bool chatty = !a.model.quiet;
    Taxonomy taxonomy = Taxonomy::load(resolve_taxonomy(a.taxonomy));

    MatcherOptions mo;
    mo.label_route = a.label_route;
    if (!a.no_cache) mo.cache_dir = a.cache_dir.empty() ? default_cache_dir() : std::filesystem::path(a.cache_dir);
    mo.rebuild = a.rebuild;
    mo.build.batch_tokens = a.model.batch_tokens;
    mo.build.threads = a.model.threads;
    auto bar = std::make_shared<Progress>("indexing labels", taxonomy.labels().size(), progress_wanted(a.model.quiet));
    mo.build.progress = [bar](std::size_t done, std::size_t) { bar->update(done); };
    mo.warning = [](const std::string& w) { std::cerr << "jobbert: warning: " << w << "\n"; };
    const auto t0 = std::chrono::steady_clock::now();
    const Matcher matcher(lm.model, std::move(taxonomy), mo);
    bar->finish();
    if (chatty && matcher.index_origin() == IndexOrigin::built) {
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::fprintf(stderr, "indexed %zu labels of %zu occupations in %.2f s%s%s\n", matcher.index().size(),
                     matcher.taxonomy().occupations().size(), s, matcher.index_file().empty() ? "" : " -> ",
                     matcher.index_file().string().c_str());
    }

    EncodeOptions opt;
    opt.route = a.route.empty() ? default_title_route(lm.model) : lm.model.resolve_route(a.route);
    opt.batch_tokens = a.model.batch_tokens;
    opt.threads = a.model.threads;
    const Matrix q = embed_rows(lm.model, rows, opt, progress_wanted(a.model.quiet));
    Matrix valid(0, q.cols);
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].ok()) valid.data.insert(valid.data.end(), q.row(i), q.row(i) + q.cols), ++valid.rows;
    const auto found = matcher.match_vectors(valid, a.k);
    std::vector<std::vector<OccupationMatch>> results(rows.size());
    for (std::size_t i = 0, v = 0; i < rows.size(); ++i)
        if (rows[i].ok()) results[i] = found[v++];

    Output out(a.output);
    if (a.format == "jsonl") write_jsonl(out.stream(), rows, results);
    else write_table(out.stream(), rows, results);
    out.commit();
    return 0;
}

}  // namespace

Command add_match_command(CLI::App& parent) {
    auto args = std::make_shared<MatchArgs>();
    CLI::App* app = parent.add_subcommand(
        "match",
        "Top-k occupations of a taxonomy for each job title. Titles and labels are both job titles, so both "
        "are embedded with the `anchor` route; an occupation scores the cosine similarity of its best label");
    add_model_options(*app, args->model);
    add_input_options(*app, args->input, {.positional = true, .mark = true, .ids = false, .positional_name = "TITLE"});
    app->add_option("-t,--taxonomy", args->taxonomy,
                    "'esco' (ESCO occupations, shipped) or a CSV/TSV file with a header naming 'id', 'label' and "
                    "optionally 'preferred_label', one row per label")
        ->capture_default_str();
    app->add_option("-k,--top-k", args->k, "Occupations per title")->check(CLI::Range(1u, 1000000u))->capture_default_str();
    app->add_option("--format", args->format,
                    "table, or jsonl: {\"query\", \"matches\": [{\"id\", \"preferred_label\", \"label\", \"score\"}]}")
        ->check(CLI::IsMember({"table", "jsonl"}))
        ->capture_default_str();
    app->add_option("--route", args->route, "Route for the titles (default: anchor)");
    app->add_option("--label-route", args->label_route, "Route for the taxonomy labels (default: anchor)");
    app->add_option("--cache-dir", args->cache_dir,
                    "Where label indexes are cached (default: $XDG_CACHE_HOME/jobbert, else ~/.cache/jobbert)");
    app->add_flag("--no-cache", args->no_cache, "Build the label index in memory; read and write no cache");
    app->add_flag("--rebuild-index", args->rebuild, "Rebuild the label index even if a cached one matches");
    app->add_option("-o,--output", args->output, "Output file (default: stdout)");
    return {app, [args] { return run_match(*args); }};
}

}  // namespace jobbert::cli
