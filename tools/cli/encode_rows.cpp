#include "encode_rows.h"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <limits>

#include "progress.h"

namespace jobbert::cli {

std::vector<std::vector<int32_t>> model_ids(const Model& model, const std::vector<InputRow>& rows, int threads) {
    std::vector<std::vector<int32_t>> ids(rows.size());
    std::exception_ptr error;
    const auto n = static_cast<std::ptrdiff_t>(rows.size());
#pragma omp parallel for schedule(dynamic, 64) num_threads(threads > 0 ? threads : omp_get_max_threads())
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        const InputRow& r = rows[static_cast<std::size_t>(i)];
        if (!r.ok()) continue;
        try {
            ids[static_cast<std::size_t>(i)] = r.has_ids ? r.ids : model.tokenize(r.text);
        } catch (...) {
#pragma omp critical(jobbert_cli_tokenize)
            if (!error) error = std::current_exception();
        }
    }
    if (error) std::rethrow_exception(error);
    return ids;
}

Matrix embed_rows(const Model& model, const std::vector<InputRow>& rows, const EncodeOptions& options, bool progress) {
    const auto ids = model_ids(model, rows, options.threads);
    Matrix out(rows.size(), model.dim(options.route));
    std::vector<std::size_t> valid;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].ok()) valid.push_back(i);
        else std::fill_n(out.row(i), out.cols, std::numeric_limits<float>::quiet_NaN());
    }
    Progress bar("embedding", valid.size(), progress);
    const std::size_t chunk_tokens = 4 * std::max<std::size_t>(options.batch_tokens, 64);
    std::vector<std::vector<int32_t>> chunk;
    for (std::size_t begin = 0; begin < valid.size();) {
        chunk.clear();
        std::size_t end = begin, tokens = 0;
        while (end < valid.size() && (end == begin || tokens + ids[valid[end]].size() <= chunk_tokens)) {
            tokens += ids[valid[end]].size();
            chunk.push_back(ids[valid[end++]]);
        }
        const Matrix part = model.encode_ids(chunk, options);
        for (std::size_t j = 0; j < chunk.size(); ++j) std::copy_n(part.row(j), out.cols, out.row(valid[begin + j]));
        begin = end;
        bar.update(begin);
    }
    return out;
}

}  // namespace jobbert::cli
