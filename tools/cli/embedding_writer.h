// Writing embeddings: JSONL, .npy or TSV, one row per input row.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "input.h"
#include "jobbert/matrix.h"

namespace jobbert::cli {

/**
 * Writes `m` [rows.size(), dim] in `format`:
 *  - "jsonl": one line per row, {"embedding": [x, ...]}, floats in their shortest round-trip form;
 *    an invalid row is {"error": "..."}.
 *  - "tsv": one line per row, the values separated by tabs; an invalid row is {"error": "..."}.
 *  - "npy": NumPy float32 array [rows, dim], little-endian, C order; an invalid row is NaN.
 */
void write_embeddings(std::ostream& out, const Matrix& m, const std::vector<InputRow>& rows, const std::string& format);

}  // namespace jobbert::cli
