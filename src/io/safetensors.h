// safetensors reader (format: https://github.com/huggingface/safetensors, "Format" section):
// 8-byte little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets}},
// then the data buffer; offsets are relative to the start of the buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/mapped_file.h"

namespace jobbert::io {

/** Element type of a stored tensor. */
enum class DType { F32, F16, BF16 };

/** Name of a dtype as safetensors writes it ("F32", "F16", "BF16"). */
const char* dtype_name(DType t) noexcept;

/** One tensor inside a mapped safetensors file (a view: valid while the file lives). */
struct TensorRef {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::size_t> shape;      ///< e.g. {768, 768} ([out, in] for linear weights)
    const unsigned char* data = nullptr;  ///< first byte, inside the mapping
    std::size_t nbytes = 0;

    std::size_t numel() const noexcept;
};

/**
 * A memory-mapped safetensors file with its header parsed and validated: dtypes supported,
 * offsets inside the file, sizes consistent with shapes, no overlaps beyond the buffer.
 * Throws ModelError("<file>: ...") naming the tensor at fault for truncated or corrupt files.
 */
class SafeTensors {
public:
    explicit SafeTensors(const std::filesystem::path& path);

    const std::filesystem::path& path() const noexcept { return file_->path(); }
    /** The mapping, for weights that stay zero-copy views into it. */
    std::shared_ptr<const MappedFile> mapping() const noexcept { return file_; }
    /** Tensors by name. */
    const std::map<std::string, TensorRef>& tensors() const noexcept { return tensors_; }
    /** The tensor called `name`, or nullptr. */
    const TensorRef* find(const std::string& name) const;

private:
    std::shared_ptr<MappedFile> file_;
    std::map<std::string, TensorRef> tensors_;
};

/**
 * Copies a tensor into float32, converting F16 (IEEE half) and BF16 (upper 16 bits of an IEEE
 * float) exactly. `out` must hold numel() floats.
 */
void to_float32(const TensorRef& t, float* out);

}  // namespace jobbert::io
