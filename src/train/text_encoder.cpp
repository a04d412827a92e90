#include "train/text_encoder.h"

#include <omp.h>

#include <exception>

#include "jobbert/text.h"

namespace jobbert::train {

TextEncoder::TextEncoder(Tokenizer tokenizer, std::size_t max_seq_length, bool do_lower_case)
    : tokenizer_(std::move(tokenizer)), max_seq_length_(max_seq_length), lower_(do_lower_case) {}

std::vector<int32_t> TextEncoder::encode(std::string_view text) const {
    std::string t = python_strip(text);
    if (lower_) t = python_lower(t);
    return tokenizer_.encode_ids(t, max_seq_length_);
}

std::vector<std::vector<int32_t>> TextEncoder::encode_all(const std::vector<std::string>& texts, int threads) const {
    std::vector<std::vector<int32_t>> out(texts.size());
    std::exception_ptr error;
    const int n = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 64) num_threads(n)
    for (std::size_t i = 0; i < texts.size(); ++i) {
        try {
            out[i] = encode(texts[i]);
        } catch (...) {
#pragma omp critical
            if (!error) error = std::current_exception();
        }
    }
    if (error) std::rethrow_exception(error);
    return out;
}

}  // namespace jobbert::train
