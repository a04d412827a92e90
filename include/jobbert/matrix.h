// jobbert.cpp — the dense matrix type every API returns.
#pragma once

#include <cstddef>
#include <vector>

namespace jobbert {

/** A dense row-major float32 matrix [rows, cols]; element (i, j) is data[i * cols + j]. */
struct Matrix {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<float> data;  ///< rows * cols values, row-major

    Matrix() = default;
    /** A zero-filled [rows, cols] matrix. */
    Matrix(std::size_t r, std::size_t c) : rows(r), cols(c), data(r * c, 0.0f) {}

    /** Pointer to the first of the `cols` values of row i (no bounds check). */
    float* row(std::size_t i) { return data.data() + i * cols; }
    const float* row(std::size_t i) const { return data.data() + i * cols; }
};

}  // namespace jobbert
