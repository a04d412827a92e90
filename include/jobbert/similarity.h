// jobbert.cpp — cosine similarity, the model's similarity function
// (config_sentence_transformers.json: "similarity_fn_name": "cosine").
#pragma once

#include "jobbert/matrix.h"

namespace jobbert {

/**
 * Scales each row of `m` [n, dim] to unit L2 norm in place: x / max(||x||_2, 1e-12), as
 * torch.nn.functional.normalize does (so an all-zero row stays zero).
 */
void normalize_rows(Matrix& m);

/**
 * Cosine similarity of every row of `a` [n, dim] with every row of `b` [m, dim]:
 * out[i, j] = a_i . b_j / (max(||a_i||, 1e-12) * max(||b_j||, 1e-12)), as
 * sentence_transformers.util.cos_sim. Returns [n, m]. Throws InputError if the dims differ.
 */
Matrix cosine_similarity(const Matrix& a, const Matrix& b);

}  // namespace jobbert
