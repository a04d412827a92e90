// jobbert-spm-train: trains a SentencePiece Unigram model (nmt_nfkc normalisation, as XLM-R's)
// on a text file, one sentence per line, and writes it as an XLM-R tokenizer.json.
//
// A separate process from `jobbert train` on purpose: Debian's libsentencepiece carries its own
// protobuf-lite, which cannot share a process with LibTorch's libprotobuf (crash at load).
//
// usage: jobbert-spm-train --input CORPUS.txt --vocab-size N --output tokenizer.json
//          [--character-coverage 0.9995] [--threads 1] [--seed 42] [--max-sentences 2000000]
//   N is the size of the final vocabulary (SentencePiece pieces + <pad> + <mask>).
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <unordered_map>

#include "protobuf_wire.h"
#include "xlmr_tokenizer_json.h"

int main(int argc, char** argv) {
    std::map<std::string, std::string> a = {
        {"--character-coverage", "0.9995"}, {"--threads", "1"}, {"--seed", "42"}, {"--max-sentences", "2000000"}};
    for (int i = 1; i + 1 < argc; i += 2) a[argv[i]] = argv[i + 1];
    if (!a.count("--input") || !a.count("--vocab-size") || !a.count("--output")) {
        std::fprintf(stderr,
                     "usage: %s --input CORPUS.txt --vocab-size N --output tokenizer.json "
                     "[--character-coverage C] [--threads T] [--seed S] [--max-sentences M]\n",
                     argv[0]);
        return 2;
    }
    try {
        const long vocab = std::stol(a["--vocab-size"]);
        if (vocab < 16) throw std::runtime_error("--vocab-size must be at least 16");
        sentencepiece::SetRandomGeneratorSeed(static_cast<unsigned>(std::stoul(a["--seed"])));
        const std::unordered_map<std::string, std::string> kwargs = {
            {"input", a["--input"]},
            {"model_type", "unigram"},
            {"vocab_size", std::to_string(vocab - 2)},  // + <pad> and <mask> in the fairseq layout
            {"normalization_rule_name", "nmt_nfkc"},
            {"character_coverage", a["--character-coverage"]},
            {"input_sentence_size", a["--max-sentences"]},
            {"shuffle_input_sentence", "true"},
            {"num_threads", a["--threads"]},
            {"hard_vocab_limit", "false"},
            {"minloglevel", "2"},
        };
        std::string proto;
        const auto status = sentencepiece::SentencePieceTrainer::Train(kwargs, nullptr, &proto);
        if (!status.ok()) throw std::runtime_error("SentencePiece: " + status.ToString());
        const auto view = jobbert::spm::parse_model_proto(proto);
        const auto json = jobbert::spm::xlmr_tokenizer_json(view);
        const std::string tmp = a["--output"] + ".tmp";
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            out << json.dump(2) << "\n";
            if (!out) throw std::runtime_error(tmp + ": write failed");
        }
        if (std::rename(tmp.c_str(), a["--output"].c_str()) != 0)
            throw std::runtime_error(a["--output"] + ": rename failed");
        std::printf("{\"vocab_size\": %zu, \"pieces\": %zu, \"normalizer\": \"%s\"}\n", json["model"]["vocab"].size(),
                    view.pieces.size(), view.normalizer_name.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "jobbert-spm-train: %s\n", e.what());
        return 1;
    }
}
