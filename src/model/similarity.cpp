#include "jobbert/similarity.h"

#include "jobbert/error.h"
#include "kernels/kernels.h"

namespace jobbert {

void normalize_rows(Matrix& m) { kernels::l2_normalize_rows(m.data.data(), m.rows, m.cols); }

Matrix cosine_similarity(const Matrix& a, const Matrix& b) {
    if (a.cols != b.cols)
        throw InputError("cosine_similarity: dimensions differ (" + std::to_string(a.cols) + " vs " +
                         std::to_string(b.cols) + ")");
    Matrix an = a, bn = b;
    normalize_rows(an);
    normalize_rows(bn);
    Matrix out(a.rows, b.rows);
    kernels::linear(an.data.data(), an.rows, an.cols, bn.data.data(), nullptr, bn.rows, out.data.data());
    return out;
}

}  // namespace jobbert
