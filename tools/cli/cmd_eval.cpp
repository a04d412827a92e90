// jobbert eval: retrieval metrics of title normalisation (queries with gold taxonomy occupations):
// MRR, R@k (micro-averaged), MAP, overall and per language, for the model and optionally a
// lexical baseline (character n-gram TF-IDF) in the same harness (src/eval).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app_error.h"
#include "command.h"
#include "eval/eval_queries.h"
#include "eval/lexical_index.h"
#include "eval/metrics.h"
#include "eval/ranking.h"
#include "jobbert/match.h"
#include "locate.h"
#include "model_options.h"
#include "output.h"
#include "progress.h"

namespace jobbert::cli {

namespace {

struct EvalArgs {
    ModelOptions model;
    std::string taxonomy = "esco";
    std::string queries;
    eval::QueryFileOptions qf;
    std::string format = "table";
    std::vector<std::string> baselines;
    bool no_model = false;
    std::string route, label_route, cache_dir, output;
    bool no_cache = false;
    std::string ks = "1,5,10";
};

struct SystemResult {
    std::string system;
    std::vector<eval::Metrics> metrics;
    double seconds = 0;
};

std::vector<std::size_t> parse_ks(const std::string& s) {
    std::vector<std::size_t> ks;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ',');) {
        try {
            const std::size_t k = std::stoul(item);
            if (k == 0) throw std::invalid_argument("0");
            ks.push_back(k);
        } catch (const std::exception&) {
            throw UsageError("--k: expected positive integers separated by commas, got '" + s + "'");
        }
    }
    if (ks.empty()) throw UsageError("--k: no cut-offs given");
    return ks;
}

void write_table(std::ostream& out, const std::vector<SystemResult>& results, const std::vector<std::size_t>& ks) {
    char buf[256];
    std::string head = "system         group       queries     MRR";
    for (std::size_t k : ks) {
        std::snprintf(buf, sizeof buf, "  %6s", ("R@" + std::to_string(k)).c_str());
        head += buf;
    }
    out << head << "     MAP\n";
    for (const auto& r : results)
        for (const auto& m : r.metrics) {
            std::snprintf(buf, sizeof buf, "%-14s %-10s %8zu  %6.4f", r.system.c_str(), m.group.c_str(), m.queries,
                          m.mrr);
            std::string line = buf;
            for (std::size_t k : ks) {
                std::snprintf(buf, sizeof buf, "  %6.4f", m.recall.at(k));
                line += buf;
            }
            std::snprintf(buf, sizeof buf, "  %6.4f", m.map);
            out << line << buf << "\n";
        }
}

nlohmann::ordered_json to_json(const std::vector<SystemResult>& results, const nlohmann::ordered_json& context) {
    nlohmann::ordered_json j = context;
    j["results"] = nlohmann::ordered_json::array();
    for (const auto& r : results)
        for (const auto& m : r.metrics) {
            nlohmann::ordered_json recall = nlohmann::ordered_json::object();
            for (const auto& [k, v] : m.recall) recall[std::to_string(k)] = v;
            j["results"].push_back({{"system", r.system},
                                    {"group", m.group},
                                    {"queries", m.queries},
                                    {"gold", m.gold},
                                    {"mrr", m.mrr},
                                    {"recall", recall},
                                    {"map", m.map},
                                    {"seconds", r.seconds}});
        }
    return j;
}

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int run_eval(const EvalArgs& a) {
    const std::vector<std::size_t> ks = parse_ks(a.ks);
    const bool chatty = !a.model.quiet;
    const std::filesystem::path tax_path = resolve_taxonomy(a.taxonomy);
    Taxonomy taxonomy = Taxonomy::load(tax_path);
    const eval::QuerySet qs = eval::read_queries(a.queries, taxonomy, a.qf);
    std::vector<std::string> languages;
    for (const auto& q : qs.queries) languages.push_back(q.language);
    if (chatty && (qs.unknown_gold || qs.dropped_queries))
        std::cerr << "jobbert: note: skipped " << qs.unknown_gold << " gold values not in the taxonomy, "
                  << qs.dropped_queries << " queries left without gold\n";

    nlohmann::ordered_json context = {
        {"taxonomy", tax_path.string()},      {"occupations", taxonomy.occupations().size()},
        {"labels", taxonomy.labels().size()}, {"queries_file", a.queries},
        {"queries", qs.queries.size()},       {"query_column", qs.query_column},
        {"gold_column", qs.gold_column},      {"language_column", qs.language_column},
        {"skipped_gold", qs.unknown_gold},    {"skipped_queries", qs.dropped_queries}};
    std::vector<SystemResult> results;
    if (!a.no_model) {
        const LoadedModel lm = load_model(a.model);
        MatcherOptions mo;
        mo.label_route = a.label_route;
        if (!a.no_cache) mo.cache_dir = a.cache_dir.empty() ? default_cache_dir() : std::filesystem::path(a.cache_dir);
        mo.build.batch_tokens = a.model.batch_tokens;
        mo.build.threads = a.model.threads;
        auto bar =
            std::make_shared<Progress>("indexing labels", taxonomy.labels().size(), progress_wanted(a.model.quiet));
        mo.build.progress = [bar](std::size_t done, std::size_t) { bar->update(done); };
        mo.warning = [](const std::string& w) { std::cerr << "jobbert: warning: " << w << "\n"; };
        const auto t0 = std::chrono::steady_clock::now();
        const Matcher matcher(lm.model, taxonomy, mo);
        bar->finish();
        EncodeOptions opt;
        opt.route = a.route.empty() ? default_title_route(lm.model) : lm.model.resolve_route(a.route);
        opt.batch_tokens = a.model.batch_tokens;
        opt.threads = a.model.threads;
        Progress qbar("ranking queries", qs.queries.size(), progress_wanted(a.model.quiet));
        const auto ranks = eval::rank_with_model(lm.model, matcher.index(), taxonomy, qs.queries, opt,
                                                 [&](std::size_t d, std::size_t) { qbar.update(d); });
        qbar.finish();
        results.push_back({"model", eval::metrics_by_language(ranks, languages, ks), since(t0)});
        context["model"] = lm.model.info().path.string();
        context["route"] = opt.route;
        context["label_route"] = matcher.index().key().route;
    }
    for (const std::string& b : a.baselines) {
        const auto t0 = std::chrono::steady_clock::now();
        const eval::LexicalIndex lex(taxonomy);
        Progress bar("lexical baseline", qs.queries.size(), progress_wanted(a.model.quiet));
        const auto ranks = eval::rank_with_lexical(
            lex, taxonomy, qs.queries, [&](std::size_t d, std::size_t) { bar.update(d); }, a.model.threads);
        bar.finish();
        results.push_back({b == "lexical" ? "lexical" : b, eval::metrics_by_language(ranks, languages, ks), since(t0)});
        context["lexical"] = "char_wb 3-5-gram TF-IDF, cosine, best label per occupation";
    }
    if (results.empty()) throw UsageError("nothing to evaluate: --no-model without --baseline");

    Output out(a.output);
    if (a.format == "json")
        out.stream() << to_json(results, context).dump(2) << "\n";
    else
        write_table(out.stream(), results, ks);
    out.commit();
    return kExitOk;
}

}  // namespace

Command add_eval_command(CLI::App& parent) {
    auto args = std::make_shared<EvalArgs>();
    CLI::App* app = parent.add_subcommand(
        "eval",
        "Retrieval metrics of title normalisation: queries with gold occupations of a taxonomy -> MRR, "
        "R@1/5/10 (micro-averaged), MAP, per language; optionally a lexical baseline in the same harness");
    add_model_options(*app, args->model);
    app->add_option("-t,--taxonomy", args->taxonomy,
                    "'esco' (shipped) or a CSV/TSV taxonomy (id, label[, preferred_label])")
        ->capture_default_str();
    app->add_option(
           "--queries", args->queries,
           "CSV/TSV (header row) or JSONL: a query column and a gold column (occupation ids, or preferred labels)")
        ->required();
    app->add_option("--query-column", args->qf.query_column, "Query column (default: query, title, text or job_title)");
    app->add_option("--gold-column", args->qf.gold_column,
                    "Gold column (default: gold, occupation_id, occupation, esco_id, uri or id)");
    app->add_option("--language-column", args->qf.language_column,
                    "Language column for per-language metrics (default: language or lang if present; '-' = none)");
    app->add_option("--gold-separator", args->qf.gold_separator, "Separator of several gold values in one CSV field")
        ->capture_default_str();
    app->add_option("--gold-by", args->qf.gold_by, "Gold values are occupation ids, preferred labels, or either")
        ->check(CLI::IsMember({"auto", "id", "label"}))
        ->capture_default_str();
    app->add_flag("--skip-unknown-gold", args->qf.skip_unknown_gold,
                  "Drop gold values that are not in the taxonomy (default: an error naming the line)");
    app->add_option("--format", args->format, "table or json")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    app->add_option("--baseline", args->baselines, "Also evaluate a baseline: lexical (character n-gram TF-IDF)")
        ->check(CLI::IsMember({"lexical"}));
    app->add_flag("--no-model", args->no_model, "Evaluate only the baseline(s)");
    app->add_option("--k", args->ks, "Recall cut-offs")->capture_default_str();
    app->add_option("--route", args->route, "Route for the queries (default: anchor)");
    app->add_option("--label-route", args->label_route, "Route for the taxonomy labels (default: anchor)");
    app->add_option("--cache-dir", args->cache_dir, "Label index cache (default: $XDG_CACHE_HOME/jobbert)");
    app->add_flag("--no-cache", args->no_cache, "Build the label index in memory");
    app->add_option("-o,--output", args->output, "Output file (default: stdout)");
    return {app, [args] { return run_eval(*args); }};
}

}  // namespace jobbert::cli
