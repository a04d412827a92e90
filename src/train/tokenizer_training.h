// A new tokenizer for a model trained from scratch: SentencePiece Unigram (nmt_nfkc) trained on
// the training texts and written as an XLM-R tokenizer.json, by the jobbert-spm-train helper
// process (see src/train/spm/main.cpp for why it is a separate process).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace jobbert::train {

/**
 * The jobbert-spm-train executable: `hint` if given, else $JOBBERT_SPM_TRAIN, else next to the
 * running executable, else the build tree's copy, else "jobbert-spm-train" on PATH. Throws
 * Error when none exists.
 */
std::filesystem::path find_spm_trainer(const std::filesystem::path& hint = {});

/** Options of the tokenizer training. */
struct TokenizerTrainOptions {
    std::size_t vocab_size = 16000;      ///< final vocabulary incl. <s> <pad> </s> <unk> <mask>
    double character_coverage = 0.9995;  ///< share of characters the vocabulary must cover
    int threads = 1;                     ///< SentencePiece trainer threads (1 = reproducible)
    uint64_t seed = 42;
    std::filesystem::path helper;  ///< jobbert-spm-train; empty = find_spm_trainer()
};

/**
 * Writes `texts` (one per line, newlines inside a text replaced by spaces) to
 * `work_dir`/tokenizer-corpus.txt, runs the helper, and leaves the tokenizer at `out_json`.
 * Throws Error with the helper's message when it fails.
 */
void train_tokenizer(const std::vector<std::string>& texts, const TokenizerTrainOptions& options,
                     const std::filesystem::path& out_json, const std::filesystem::path& work_dir);

}  // namespace jobbert::train
