// safetensors writer (format: https://github.com/huggingface/safetensors, "Format" section):
// 8-byte little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets}}
// padded with spaces to a multiple of 8, then the tensors' bytes back to back.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace jobbert::io {

/** One tensor to write: a view of `nbytes` bytes at `data` (little-endian, row-major). */
struct TensorToWrite {
    std::string name;
    std::string dtype = "F32";       ///< safetensors dtype name: "F32", "F64", "F16", "BF16", "I64", ...
    std::vector<std::size_t> shape;  ///< e.g. {768, 768} ([out, in] for linear weights)
    const void* data = nullptr;      ///< first byte; must stay valid during the call
    std::size_t nbytes = 0;          ///< must equal numel * element size of dtype
};

/**
 * Writes a safetensors file atomically (a temporary file in the same directory, renamed over
 * `path`). Tensors are stored in name order, as the Python library does; `metadata` becomes
 * "__metadata__" (string values only, e.g. {"format": "pt"}). Throws Error("<path>: ...") when a
 * size disagrees with dtype and shape, a name repeats, the dtype is unknown, or I/O fails.
 */
void write_safetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                       const std::map<std::string, std::string>& metadata = {{"format", "pt"}});

}  // namespace jobbert::io
