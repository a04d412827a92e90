// model_fingerprint: a content hash of a model directory (see jobbert/index.h for the definition).
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <vector>

#include "index/hash.h"
#include "jobbert/error.h"
#include "jobbert/index.h"

namespace jobbert {

namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kWholeFileLimit = 16u << 20;  // larger .safetensors files are sampled
constexpr std::size_t kSampleBlocks = 64;
constexpr std::size_t kSampleBlockSize = 64u << 10;

bool wanted(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".json" || ext == ".safetensors";
}

void hash_range(std::ifstream& in, std::uintmax_t offset, std::uintmax_t length, index::Hasher& h,
                std::vector<char>& buf, const fs::path& file) {
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    while (length > 0) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uintmax_t>(length, buf.size()));
        if (!in.read(buf.data(), static_cast<std::streamsize>(n))) throw ModelError(file.string() + ": read error");
        h.update(buf.data(), n);
        length -= n;
    }
}

void hash_file(const fs::path& file, std::uintmax_t size, index::Hasher& h) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ModelError(file.string() + ": cannot read");
    std::vector<char> buf(1 << 20);
    if (size <= kWholeFileLimit || file.extension() != ".safetensors") {
        hash_range(in, 0, size, h, buf, file);
        return;
    }
    // Header: u64 little-endian length N, then N bytes of JSON.
    unsigned char len_bytes[8] = {};
    if (!in.read(reinterpret_cast<char*>(len_bytes), 8)) throw ModelError(file.string() + ": read error");
    std::uint64_t header_len = 0;
    for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | len_bytes[i];
    hash_range(in, 0, std::min<std::uintmax_t>(8 + header_len, size), h, buf, file);
    const std::uintmax_t last = size - kSampleBlockSize;
    for (std::size_t b = 0; b < kSampleBlocks; ++b) {
        const std::uintmax_t offset = last * b / (kSampleBlocks - 1);
        hash_range(in, offset, kSampleBlockSize, h, buf, file);
    }
}

}  // namespace

std::string model_fingerprint(const fs::path& model_dir) {
    std::vector<std::pair<std::string, fs::path>> files;
    try {
        const fs::path root = fs::canonical(model_dir);
        for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::follow_directory_symlink);
             it != fs::recursive_directory_iterator(); ++it) {
            const std::string name = it->path().filename().string();
            if (!name.empty() && name[0] == '.') {
                if (it->is_directory()) it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file() && wanted(it->path()))
                files.emplace_back(it->path().lexically_relative(root).generic_string(), it->path());
        }
    } catch (const fs::filesystem_error& e) {
        throw ModelError(model_dir.string() + ": cannot list model files: " + e.code().message());
    }
    std::sort(files.begin(), files.end());
    index::Hasher h;
    for (const auto& [rel, path] : files) {
        std::error_code ec;
        const std::uintmax_t size = fs::file_size(path, ec);
        if (ec) throw ModelError(path.string() + ": " + ec.message());
        h.update(rel);
        h.update("\0", 1);
        h.update(std::to_string(size));
        h.update("\0", 1);
        hash_file(path, size, h);
    }
    return "v1:" + h.hex_digest();
}

}  // namespace jobbert
