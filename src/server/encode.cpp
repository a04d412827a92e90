#include "server/encode.h"

#include "jobbert/error.h"
#include "jobbert/similarity.h"
#include "jobbert/text.h"
#include "server/api_error.h"

namespace jobbert::server {

Tokenized tokenize_texts(const Model& model, const std::vector<std::string>& texts, bool truncate,
                         const std::string& param) {
    Tokenized t;
    t.ids.reserve(texts.size());
    const std::size_t max_len = model.info().max_seq_length;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (truncate) {
            t.ids.push_back(model.tokenize(texts[i]));
        } else {
            // Untruncated: when it fits, it equals Model::tokenize (truncation would not apply).
            std::string s = python_strip(texts[i]);
            if (model.info().do_lower_case) s = python_lower(s);
            t.ids.push_back(model.tokenizer().encode_ids(s, 0));
            if (t.ids.back().size() > max_len)
                throw ApiError(413, "input_too_long",
                               "'" + element_param(param, i) + "' has " + std::to_string(t.ids.back().size()) +
                                   " tokens; the model reads at most " + std::to_string(max_len) +
                                   " (max_seq_length): send \"truncate\": true to truncate as the reference does",
                               element_param(param, i));
        }
        t.tokens += t.ids.back().size();
    }
    return t;
}

Tokenized check_token_arrays(const Model& model, const std::vector<std::vector<std::int64_t>>& arrays,
                             const std::string& param, bool single) {
    Tokenized t;
    const std::size_t max_len = model.info().max_seq_length;
    const auto vocab = static_cast<std::int64_t>(model.info().vocab_size);
    for (std::size_t i = 0; i < arrays.size(); ++i) {
        const std::string p = single ? param : element_param(param, i);
        const auto& a = arrays[i];
        if (a.empty()) throw ApiError(422, "empty_input", "'" + p + "' must not be empty", p);
        if (a.size() > max_len)
            throw ApiError(413, "input_too_long",
                           "'" + p + "' has " + std::to_string(a.size()) + " tokens; the model reads at most " +
                               std::to_string(max_len) + " (max_seq_length)",
                           p);
        std::vector<std::int32_t> ids(a.size());
        for (std::size_t j = 0; j < a.size(); ++j) {
            if (a[j] < 0 || a[j] >= vocab)
                throw ApiError(422, "invalid_token",
                               "'" + element_param(p, j) + "': token id " + std::to_string(a[j]) +
                                   " is outside the vocabulary [0, " + std::to_string(vocab) + ")",
                               element_param(p, j));
            ids[j] = static_cast<std::int32_t>(a[j]);
        }
        t.tokens += ids.size();
        t.ids.push_back(std::move(ids));
    }
    return t;
}

std::string resolve_route(const Model& model, const RouteField& route) {
    try {
        return model.resolve_route(route.name);
    } catch (const InputError& e) {
        throw ApiError(422, "unknown_route", "'" + route.param + "': " + e.what(), route.param);
    }
}

Matrix encode_queued(BatchQueue& queue, const std::string& route, std::vector<std::vector<std::int32_t>> ids) {
    std::future<Matrix> result;
    try {
        result = queue.submit(route, std::move(ids));
    } catch (const QueueFull& e) {
        throw ApiError(429, "queue_full", e.what()).with_retry_after(e.retry_after_s());
    } catch (const QueueClosed& e) {
        throw ApiError(503, "shutting_down", e.what()).with_retry_after(1);
    }
    return result.get();
}

void check_dimensions(std::optional<std::size_t> dimensions, std::size_t dim) {
    if (dimensions && *dimensions > dim)
        throw ApiError(422, "out_of_range",
                       "'dimensions' is " + std::to_string(*dimensions) + " but the route's vectors have " +
                           std::to_string(dim),
                       "dimensions");
}

Matrix shape_vectors(Matrix m, std::optional<std::size_t> dimensions, bool normalize) {
    check_dimensions(dimensions, m.cols);
    if (dimensions && *dimensions < m.cols) {
        Matrix t(m.rows, *dimensions);
        for (std::size_t i = 0; i < m.rows; ++i) std::copy_n(m.row(i), *dimensions, t.row(i));
        m = std::move(t);
    }
    if (normalize) normalize_rows(m);
    return m;
}

}  // namespace jobbert::server
