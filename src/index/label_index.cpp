// LabelIndex::build / from_vectors: embedding a taxonomy's labels.
#include <omp.h>

#include <exception>
#include <vector>

#include "jobbert/error.h"
#include "jobbert/index.h"
#include "jobbert/similarity.h"

namespace jobbert {

namespace {

// Tokenizes every label (the reference's input handling), in parallel. Rethrows the first error.
std::vector<std::vector<int32_t>> tokenize_labels(const Model& model, const Taxonomy& taxonomy, int threads) {
    const auto& labels = taxonomy.labels();
    std::vector<std::vector<int32_t>> ids(labels.size());
    std::exception_ptr error;
    const auto n = static_cast<std::ptrdiff_t>(labels.size());
    const int team = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 256) num_threads(team)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        try {
            ids[static_cast<std::size_t>(i)] = model.tokenize(labels[static_cast<std::size_t>(i)].text);
        } catch (...) {
#pragma omp critical(jobbert_tokenize_labels)
            if (!error) error = std::current_exception();
        }
    }
    if (error) std::rethrow_exception(error);
    return ids;
}

}  // namespace

LabelIndex LabelIndex::build(const Model& model, const Taxonomy& taxonomy, std::string_view route,
                             const IndexBuildOptions& options) {
    LabelIndex idx;
    idx.key_.route = model.resolve_route(route);
    idx.key_.model_fingerprint = model_fingerprint(model.info().path);
    idx.key_.taxonomy_checksum = taxonomy.checksum();
    const auto ids = tokenize_labels(model, taxonomy, options.threads);
    const std::size_t n = ids.size();
    idx.vectors_ = Matrix(n, model.dim(idx.key_.route));

    EncodeOptions enc;
    enc.route = idx.key_.route;
    enc.normalize = true;
    enc.batch_tokens = options.batch_tokens;
    enc.threads = options.threads;
    // Chunks of about four token budgets: large enough to pack batches well, small enough for
    // the progress callback to move.
    const std::size_t chunk_tokens = 4 * std::max<std::size_t>(options.batch_tokens, 64);
    if (options.progress) options.progress(0, n);
    for (std::size_t begin = 0; begin < n;) {
        std::size_t end = begin, tokens = 0;
        while (end < n && (end == begin || tokens + ids[end].size() <= chunk_tokens)) tokens += ids[end++].size();
        const Matrix part = model.encode_ids(std::span(ids).subspan(begin, end - begin), enc);
        std::copy(part.data.begin(), part.data.end(), idx.vectors_.row(begin));
        begin = end;
        if (options.progress) options.progress(begin, n);
    }
    return idx;
}

LabelIndex LabelIndex::from_vectors(IndexKey key, Matrix vectors) {
    LabelIndex idx;
    idx.key_ = std::move(key);
    idx.vectors_ = std::move(vectors);
    normalize_rows(idx.vectors_);
    return idx;
}

}  // namespace jobbert
