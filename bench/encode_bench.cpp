// Quick engine benchmark: load time, throughput and single-sequence latency of one model on
// pre-tokenized sequences, peak RSS. (The full harness against ONNX Runtime and PyTorch is
// bench/run_bench.sh.)
// usage: encode_bench MODEL_DIR IDS.jsonl [--route R] [--threads N] [--batch-tokens N] [--repeat N]
//                     [--precision fp32|bf16|int8]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "jobbert/model.h"

namespace {
double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double peak_rss_mb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_maxrss) / 1024.0;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s MODEL_DIR IDS.jsonl [--route R] [--threads N] [--batch-tokens N] [--repeat N] [--precision P]\n", argv[0]);
        return 2;
    }
    jobbert::EncodeOptions opt;
    int repeat = 1;
    jobbert::LoadOptions load;
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--route") opt.route = v;
        else if (k == "--threads") opt.threads = std::stoi(v);
        else if (k == "--batch-tokens") opt.batch_tokens = std::stoul(v);
        else if (k == "--repeat") repeat = std::stoi(v);
        else if (k == "--precision") load.precision = jobbert::parse_precision(v);
    }
    std::vector<std::vector<int32_t>> ids;
    std::ifstream in(argv[2]);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        auto j = nlohmann::json::parse(line);
        ids.push_back((j.is_object() ? j["ids"] : j).get<std::vector<int32_t>>());
    }
    std::size_t tokens = 0;
    for (const auto& s : ids) tokens += s.size();
    const double t0 = now_s();
    const jobbert::Model model = jobbert::Model::load(argv[1], load);
    const double load_s = now_s() - t0;
    model.encode_ids(std::span(ids).subspan(0, std::min<std::size_t>(ids.size(), 64)), opt);  // warm-up
    double best = 1e30;
    for (int r = 0; r < repeat; ++r) {
        const double t = now_s();
        model.encode_ids(ids, opt);
        best = std::min(best, now_s() - t);
    }
    std::vector<double> lat;
    for (std::size_t i = 0; i < std::min<std::size_t>(ids.size(), 200); ++i) {
        const double t = now_s();
        model.encode_ids(std::span(ids).subspan(i, 1), opt);
        lat.push_back(now_s() - t);
    }
    std::sort(lat.begin(), lat.end());
    std::printf("model %s\nload %.3f s\n%zu sequences, %zu tokens (mean %.1f)\nthroughput %.1f seq/s, %.0f tokens/s\n"
                "single-sequence latency p50 %.2f ms p99 %.2f ms\npeak RSS %.0f MB\n",
                argv[1], load_s, ids.size(), tokens, double(tokens) / double(ids.size()), double(ids.size()) / best,
                double(tokens) / best, 1e3 * lat[lat.size() / 2], 1e3 * lat[lat.size() * 99 / 100], peak_rss_mb());
}
