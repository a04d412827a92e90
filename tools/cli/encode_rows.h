// Tokenizing and embedding input rows, with invalid rows kept in place and a progress bar.
#pragma once

#include <cstdint>
#include <vector>

#include "input.h"
#include "jobbert/matrix.h"
#include "jobbert/model.h"

namespace jobbert::cli {

/**
 * The ids the model sees for each row (Model::tokenize: the reference's strip/lower, then the
 * tokenizer, truncated to max_seq_length), in parallel; rows in ids mode keep their ids; invalid
 * rows get an empty vector.
 */
std::vector<std::vector<int32_t>> model_ids(const Model& model, const std::vector<InputRow>& rows, int threads);

/**
 * Embeds rows with `options` ([rows.size(), dim] row-major float32, row i for rows[i]); invalid
 * rows get NaN. Encodes in chunks of about four token budgets so that a progress bar (label
 * "embedding") can move when `progress` is true.
 */
Matrix embed_rows(const Model& model, const std::vector<InputRow>& rows, const EncodeOptions& options, bool progress);

}  // namespace jobbert::cli
