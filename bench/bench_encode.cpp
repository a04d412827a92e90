// jobbert.cpp's side of the benchmark (bench/run_bench.sh): one precision per process, so that
// load time and peak RSS are this engine's alone. On pre-tokenized ids (the same ids every engine
// gets): throughput over all titles (anchor route) and all skill lists (positive route) at each
// token budget, best of --repeat; single-text latency (each of the first --latency titles encoded
// alone, after one warm-up pass over them); embeddings written for the quality comparison.
// usage: bench_encode MODEL_DIR --precision P --titles IDS --skills IDS --out RESULT.json
//        [--corpus IDS --emb-dir DIR] [--budgets 512,2048,8192] [--repeat 3] [--latency 300]
//        [--threads 2]
#include <cstdio>
#include <sstream>

#include "bench_util.h"

namespace {

using jobbert::bench::now_s;
using Ids = std::vector<std::vector<int32_t>>;

// Current resident set size in MB (/proc/self/statm).
double rss_mb() {
    std::ifstream in("/proc/self/statm");
    double pages_total = 0, pages_resident = 0;
    in >> pages_total >> pages_resident;
    return pages_resident * 4096.0 / (1024.0 * 1024.0);
}

// Best-of-repeat throughput (texts/s) of encoding all of ids in one call, per token budget.
nlohmann::json throughput(const jobbert::Model& model, const Ids& ids, jobbert::EncodeOptions opt,
                          const std::vector<std::size_t>& budgets, int repeat, double flops) {
    nlohmann::json per_budget = nlohmann::json::object();
    double best_rate = 0;
    std::size_t best_budget = 0;
    for (std::size_t budget : budgets) {
        opt.batch_tokens = budget;
        double best = 1e30;
        for (int r = 0; r < repeat; ++r) {
            const double t = now_s();
            model.encode_ids(ids, opt);
            best = std::min(best, now_s() - t);
        }
        const double rate = double(ids.size()) / best;
        per_budget[std::to_string(budget)] = rate;
        std::fprintf(stderr, "  %s budget %zu: %.1f texts/s\n", opt.route.c_str(), budget, rate);
        if (rate > best_rate) best_rate = rate, best_budget = budget;
    }
    return {{"per_budget", per_budget}, {"best", best_rate}, {"best_budget", best_budget},
            {"useful_gflops", flops * best_rate / double(ids.size()) / 1e9}};
}

// p50/p99 of encoding each of ids[0, n) alone (after a warm-up pass over the same texts).
nlohmann::json latency(const jobbert::Model& model, const Ids& ids, std::size_t n, const jobbert::EncodeOptions& opt) {
    n = std::max<std::size_t>(1, std::min(n, ids.size()));
    std::vector<double> ms;
    for (int pass = 0; pass < 2; ++pass) {
        ms.clear();
        for (std::size_t i = 0; i < n; ++i) {
            const double t = now_s();
            model.encode_ids(std::span(ids).subspan(i, 1), opt);
            ms.push_back(1e3 * (now_s() - t));
        }
    }
    return {{"p50_ms", jobbert::bench::percentile(ms, 50)}, {"p99_ms", jobbert::bench::percentile(ms, 99)}, {"n", n}};
}

std::vector<std::size_t> parse_list(const std::string& s) {
    std::vector<std::size_t> v;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');) v.push_back(std::stoul(item));
    return v;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_encode MODEL_DIR --precision P --titles IDS --skills IDS --out JSON [...]\n");
        return 2;
    }
    std::string precision = "fp32", titles_path, skills_path, corpus_path, out_path, emb_dir;
    std::string budgets_arg = "512,2048,8192";
    int repeat = 3, threads = 2;
    std::size_t n_latency = 300;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--precision") precision = v;
        else if (k == "--titles") titles_path = v;
        else if (k == "--skills") skills_path = v;
        else if (k == "--corpus") corpus_path = v;
        else if (k == "--out") out_path = v;
        else if (k == "--emb-dir") emb_dir = v;
        else if (k == "--budgets") budgets_arg = v;
        else if (k == "--repeat") repeat = std::stoi(v);
        else if (k == "--latency") n_latency = std::stoul(v);
        else if (k == "--threads") threads = std::stoi(v);
        else {
            std::fprintf(stderr, "bench_encode: unknown option %s\n", k.c_str());
            return 2;
        }
    }
    const Ids titles = jobbert::bench::read_ids(titles_path), skills = jobbert::bench::read_ids(skills_path);
    jobbert::LoadOptions load;
    load.precision = jobbert::parse_precision(precision);
    const double t0 = now_s();
    const jobbert::Model model = jobbert::Model::load(argv[1], load);
    const double load_s = now_s() - t0;
    const double rss_after_load = rss_mb();
    std::fprintf(stderr, "ours %s: load %.3f s, RSS %.0f MB\n", precision.c_str(), load_s, rss_after_load);

    jobbert::EncodeOptions anchor, positive;
    anchor.route = "anchor";
    positive.route = "positive";
    anchor.threads = positive.threads = threads;
    const auto budgets = parse_list(budgets_arg);
    nlohmann::json r = {{"engine", "jobbert.cpp"}, {"precision", precision}, {"load_s", load_s},
                        {"rss_after_load_mb", rss_after_load}, {"threads", threads},
                        {"packed_weight_mb", double(model.info().packed_weight_bytes) / 1e6}};
    const double title_flops = jobbert::bench::useful_flops(titles, model.info(), model.dim("anchor"));
    const double skill_flops = jobbert::bench::useful_flops(skills, model.info(), model.dim("positive"));
    r["titles"] = throughput(model, titles, anchor, budgets, repeat, title_flops);
    r["skills"] = throughput(model, skills, positive, budgets, repeat, skill_flops);
    r["titles"]["latency"] = latency(model, titles, n_latency, anchor);
    r["skills"]["latency"] = latency(model, skills, std::max<std::size_t>(1, n_latency / 3), positive);
    r["titles"]["useful_flops"] = title_flops;
    r["skills"]["useful_flops"] = skill_flops;
    if (!emb_dir.empty()) {
        jobbert::bench::write_f32(emb_dir + "/" + precision + "_titles.f32", model.encode_ids(titles, anchor));
        jobbert::bench::write_f32(emb_dir + "/" + precision + "_skills.f32", model.encode_ids(skills, positive));
        if (!corpus_path.empty())
            jobbert::bench::write_f32(emb_dir + "/" + precision + "_corpus.f32",
                                      model.encode_ids(jobbert::bench::read_ids(corpus_path), anchor));
    }
    r["peak_rss_mb"] = jobbert::bench::peak_rss_mb();
    std::ofstream(out_path) << r.dump(1) << "\n";
    std::fprintf(stderr, "ours %s: titles %.1f/s, skills %.1f/s, latency p50 %.2f ms, peak RSS %.0f MB\n",
                 precision.c_str(), r["titles"]["best"].get<double>(), r["skills"]["best"].get<double>(),
                 r["titles"]["latency"]["p50_ms"].get<double>(), r["peak_rss_mb"].get<double>());
}
