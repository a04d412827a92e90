// LabelIndex::read / LabelIndex::write: the index file format (see jobbert/index.h).
#include <fcntl.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "jobbert/error.h"
#include "jobbert/index.h"

namespace jobbert {

namespace {

static_assert(std::endian::native == std::endian::little, "index files are little-endian");

constexpr char kMagic[8] = {'J', 'B', 'L', 'I', 'N', 'D', 'E', 'X'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kAlign = 64;

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::uint32_t get_u32(const unsigned char* b) {
    return b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
}

// Writes all of `data` to fd; throws Error naming `path` on failure.
void write_all(int fd, const char* data, std::size_t size, const std::string& path) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error(path + ": write failed: " + std::strerror(errno));
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

}  // namespace

void LabelIndex::write(const std::filesystem::path& file) const {
    const std::string where = file.string();
    std::error_code ec;
    if (file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) throw Error(file.parent_path().string() + ": cannot create directory: " + ec.message());
    }
    nlohmann::ordered_json header = {
        {"metric", key_.metric},
        {"route", key_.route},
        {"model_fingerprint", key_.model_fingerprint},
        {"taxonomy_checksum", key_.taxonomy_checksum},
        {"rows", vectors_.rows},
        {"dim", vectors_.cols},
        {"dtype", "float32"},
        {"data_offset", 0},
    };
    // The data offset depends on the header's length, which depends on the offset's digits:
    // settle it with a fixed-width placeholder.
    std::string json = header.dump();
    std::size_t offset = (16 + json.size() + 32 + kAlign - 1) / kAlign * kAlign;
    header["data_offset"] = offset;
    json = header.dump();
    json.append(offset - 16 - json.size(), ' ');  // JSON allows trailing whitespace
    std::string head(kMagic, 8);
    put_u32(head, kVersion);
    put_u32(head, static_cast<std::uint32_t>(json.size()));
    head += json;

    std::random_device rd;
    const std::filesystem::path tmp =
        file.string() + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(rd());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(tmp.string() + ": cannot create: " + std::strerror(errno));
    try {
        write_all(fd, head.data(), head.size(), tmp.string());
        write_all(fd, reinterpret_cast<const char*>(vectors_.data.data()), vectors_.data.size() * sizeof(float),
                  tmp.string());
        if (::fsync(fd) != 0) throw Error(tmp.string() + ": fsync failed: " + std::strerror(errno));
    } catch (...) {
        ::close(fd);
        std::filesystem::remove(tmp, ec);
        throw;
    }
    ::close(fd);
    std::filesystem::rename(tmp, file, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw Error(where + ": cannot rename the new index into place: " + ec.message());
    }
}

LabelIndex LabelIndex::read(const std::filesystem::path& file) {
    const std::string where = file.string();
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(where + ": cannot open index file");
    unsigned char pre[16];
    if (!in.read(reinterpret_cast<char*>(pre), 16) || std::memcmp(pre, kMagic, 8) != 0)
        throw Error(where + ": not a jobbert label index");
    if (get_u32(pre + 8) != kVersion)
        throw Error(where + ": index format version " + std::to_string(get_u32(pre + 8)) + ", expected " +
                    std::to_string(kVersion));
    std::string json(get_u32(pre + 12), '\0');
    if (!in.read(json.data(), static_cast<std::streamsize>(json.size()))) throw Error(where + ": truncated header");
    LabelIndex idx;
    std::size_t offset = 0;
    try {
        const auto h = nlohmann::json::parse(json);
        if (h.at("dtype").get<std::string>() != "float32") throw Error(where + ": dtype is not float32");
        idx.key_.metric = h.at("metric").get<std::string>();
        idx.key_.route = h.at("route").get<std::string>();
        idx.key_.model_fingerprint = h.at("model_fingerprint").get<std::string>();
        idx.key_.taxonomy_checksum = h.at("taxonomy_checksum").get<std::string>();
        idx.vectors_.rows = h.at("rows").get<std::size_t>();
        idx.vectors_.cols = h.at("dim").get<std::size_t>();
        offset = h.at("data_offset").get<std::size_t>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(where + ": bad index header: " + e.what());
    }
    const std::size_t count = idx.vectors_.rows * idx.vectors_.cols;
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || offset < 16 + json.size() || size != offset + count * sizeof(float))
        throw Error(where + ": truncated or padded index file (size " + std::to_string(size) + ", expected " +
                    std::to_string(offset + count * sizeof(float)) + ")");
    idx.vectors_.data.resize(count);
    in.seekg(static_cast<std::streamoff>(offset));
    if (!in.read(reinterpret_cast<char*>(idx.vectors_.data.data()), static_cast<std::streamsize>(count * sizeof(float))))
        throw Error(where + ": truncated data");
    return idx;
}

}  // namespace jobbert
