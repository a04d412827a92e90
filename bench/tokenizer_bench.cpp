// Tokenizer throughput, single-threaded: jobbert::Tokenizer on a list of texts.
// (bench/tokenizer_vs_hf.sh runs it next to Hugging Face tokenizers on the same texts.)
//
// usage: tokenizer_bench TOKENIZER.json TEXTS.jsonl [--skip N] [--count N] [--max-length L]
//                        [--repeat R]
// TEXTS.jsonl: one JSON string per line; lines [skip, skip + count) are used (default: all).
// Prints one JSON object: texts, tokens, load_s, and for encode_ids and encode (ids + token
// strings) the best of R passes: seconds per pass, texts/s, tokens/s, microseconds per text.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "jobbert/tokenizer.h"

namespace {

double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

template <class F>
double best_of(int repeat, F&& pass) {
    double best = 1e300;
    for (int r = 0; r < repeat; ++r) {
        const double t0 = now_s();
        pass();
        best = std::min(best, now_s() - t0);
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr,
                     "usage: %s TOKENIZER.json TEXTS.jsonl [--skip N] [--count N] [--max-length L] "
                     "[--repeat R]\n",
                     argv[0]);
        return 2;
    }
    std::size_t skip = 0, count = static_cast<std::size_t>(-1), max_length = 0;
    int repeat = 5;
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--skip")
            skip = std::stoul(v);
        else if (k == "--count")
            count = std::stoul(v);
        else if (k == "--max-length")
            max_length = std::stoul(v);
        else if (k == "--repeat")
            repeat = std::stoi(v);
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return 2;
        }
    }
    try {
        std::vector<std::string> texts;
        std::ifstream in(argv[2]);
        std::size_t line_no = 0;
        for (std::string line; std::getline(in, line);) {
            if (line.empty()) continue;
            if (line_no++ < skip) continue;
            if (texts.size() >= count) break;
            texts.push_back(nlohmann::json::parse(line).get<std::string>());
        }
        const double t0 = now_s();
        const jobbert::Tokenizer tok = jobbert::Tokenizer::from_file(argv[1]);
        const double load_s = now_s() - t0;

        std::size_t tokens = 0;
        for (const auto& t : texts) tokens += tok.encode_ids(t, max_length).size();  // warm-up
        const double ids_s = best_of(repeat, [&] {
            for (const auto& t : texts) {
                const auto ids = tok.encode_ids(t, max_length);
                if (ids.empty()) std::abort();
            }
        });
        const double enc_s = best_of(repeat, [&] {
            for (const auto& t : texts) {
                const auto e = tok.encode(t, max_length);
                if (e.tokens.size() != e.ids.size()) std::abort();
            }
        });
        const double n = static_cast<double>(texts.size());
        auto stats = [&](double s) {
            return nlohmann::json{{"seconds", s},
                                  {"texts_per_s", n / s},
                                  {"tokens_per_s", static_cast<double>(tokens) / s},
                                  {"us_per_text", 1e6 * s / n}};
        };
        const nlohmann::json out = {{"texts", texts.size()}, {"tokens", tokens},           {"max_length", max_length},
                                    {"load_s", load_s},      {"encode_ids", stats(ids_s)}, {"encode", stats(enc_s)}};
        std::printf("%s\n", out.dump().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tokenizer_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
