// NumPy .npy files of float32 matrices (format version 1.0/2.0/3.0:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
#pragma once

#include <filesystem>
#include <ostream>

#include "jobbert/matrix.h"

namespace jobbert::io {

/** Writes `m` as a little-endian float32 C-order .npy array of shape (rows, cols). */
void write_npy(std::ostream& out, const Matrix& m);

/**
 * Reads a 2-D little-endian float32 C-order .npy file. Throws Error("<file>: ...") for any other
 * dtype, order, rank, or a truncated file.
 */
Matrix read_npy(const std::filesystem::path& path);

}  // namespace jobbert::io
