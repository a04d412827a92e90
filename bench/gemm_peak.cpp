// The GEMM backend's own rate on the encoder's four matrix shapes (XLM-R base: 768 -> 2304 fused
// QKV, 768 -> 768, 768 -> 3072, 3072 -> 768), the "peak" that useful FLOPs are compared with.
// Times PackedLinear::forward_raw (the oneDNN product alone: no int8 dequantisation, no GELU) on
// random weights, best of --reps, for each row count; the rate of a row count is the four
// shapes' FLOPs over their summed best times, and the peak is the best row count's rate.
// usage: gemm_peak --precision fp32|bf16|int8 --out RESULT.json [--rows 512,2048,8192] [--reps 5]
//        [--hidden 768 --ffn 3072]
#include <cstdio>
#include <random>
#include <sstream>

#include "bench_util.h"
#include "kernels/gemm.h"

int main(int argc, char** argv) {
    using namespace jobbert;
    std::string precision = "fp32", out_path, rows_arg = "512,2048,8192";
    int reps = 5;
    std::size_t H = 768, F = 3072;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--precision") precision = v;
        else if (k == "--out") out_path = v;
        else if (k == "--rows") rows_arg = v;
        else if (k == "--reps") reps = std::stoi(v);
        else if (k == "--hidden") H = std::stoul(v);
        else if (k == "--ffn") F = std::stoul(v);
        else {
            std::fprintf(stderr, "gemm_peak: unknown option %s\n", k.c_str());
            return 2;
        }
    }
    const Precision p = parse_precision(precision);
    const auto type = p == Precision::fp32 ? kernels::GemmType::f32
                      : p == Precision::bf16 ? kernels::GemmType::bf16 : kernels::GemmType::int8;
    const std::vector<std::pair<std::size_t, std::size_t>> shapes = {{H, 3 * H}, {H, H}, {H, F}, {F, H}};  // K -> N
    std::mt19937 rng(1);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<kernels::PackedLinear> layers;
    for (auto [K, N] : shapes) {
        std::vector<float> w(N * K), b(N);
        for (auto& x : w) x = 0.02f * normal(rng);
        for (auto& x : b) x = 0.02f * normal(rng);
        layers.emplace_back(w.data(), N, K, b.data(), type);
    }
    nlohmann::json result = {{"precision", precision}, {"rows", nlohmann::json::object()}};
    double peak = 0;
    std::stringstream rows_list(rows_arg);
    for (std::string item; std::getline(rows_list, item, ',');) {
        const std::size_t M = std::stoul(item);
        double flops = 0, seconds = 0;
        nlohmann::json per_shape = nlohmann::json::array();
        kernels::GemmWorkspace ws;
        for (std::size_t s = 0; s < shapes.size(); ++s) {
            const auto [K, N] = shapes[s];
            std::vector<float> x(M * K);
            for (auto& v : x) v = normal(rng);
            kernels::GemmInput in(type);
            in.set(x.data(), M, K);
            std::vector<float> dst(M * N);  // float32 or int32 accumulators: 4 bytes each
            layers[s].forward_raw(in, dst.data(), ws);  // creates the primitive
            double best = 1e30;
            for (int r = 0; r < reps; ++r) {
                const double t = bench::now_s();
                layers[s].forward_raw(in, dst.data(), ws);
                best = std::min(best, bench::now_s() - t);
            }
            const double f = 2.0 * double(M) * double(K) * double(N);
            flops += f;
            seconds += best;
            per_shape.push_back({{"K", K}, {"N", N}, {"gflops", f / best / 1e9}, {"impl", layers[s].implementation(M)}});
        }
        const double rate = flops / seconds / 1e9;
        peak = std::max(peak, rate);
        result["rows"][item] = {{"gflops", rate}, {"shapes", per_shape}};
        std::fprintf(stderr, "gemm %s M=%zu: %.1f GFLOP/s\n", precision.c_str(), M, rate);
    }
    result["peak_gflops"] = peak;
    std::ofstream(out_path) << result.dump(1) << "\n";
}
