// A read-only memory-mapped file (RAII).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>

namespace jobbert::io {

/** A whole file mapped read-only into memory. Move-only; unmapped on destruction. */
class MappedFile {
public:
    /** Maps `path`. Throws ModelError("<path>: cannot open: <reason>") on failure. */
    explicit MappedFile(const std::filesystem::path& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const unsigned char* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
    const unsigned char* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace jobbert::io
