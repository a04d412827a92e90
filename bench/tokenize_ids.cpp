// Turns texts into the token ids every engine of the benchmark is given: the reference's input
// handling and tokenizer (Model::tokenize: Python strip/lower, tokenizer.json, <s> ... </s>,
// truncation to max_seq_length), which equals Hugging Face's on every golden text.
// usage: tokenize_ids MODEL_DIR TEXTS.jsonl IDS.jsonl   (TEXTS: one JSON string per line)
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "jobbert/model.h"

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: tokenize_ids MODEL_DIR TEXTS.jsonl IDS.jsonl\n");
        return 2;
    }
    const jobbert::Model model = jobbert::Model::load(argv[1]);
    std::ifstream in(argv[2]);
    std::ofstream out(argv[3]);
    std::size_t n = 0, tokens = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        const auto ids = model.tokenize(nlohmann::json::parse(line).get<std::string>());
        out << nlohmann::json(ids).dump() << "\n";
        ++n;
        tokens += ids.size();
    }
    std::fprintf(stderr, "%s: %zu texts, %zu tokens (mean %.1f)\n", argv[2], n, tokens, n ? double(tokens) / double(n) : 0.0);
    return out ? 0 : 1;
}
