// Writes small safetensors files for tests (format: 8-byte LE header length, JSON header, data).
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace jobbert::testing {

struct StoredTensor {
    std::string dtype = "F32";
    std::vector<std::size_t> shape;
    std::vector<unsigned char> bytes;
};

/** An F32 tensor of `shape` holding `values` (sizes must agree). */
inline StoredTensor f32_tensor(std::vector<std::size_t> shape, const std::vector<float>& values) {
    StoredTensor t;
    t.shape = std::move(shape);
    t.bytes.resize(values.size() * 4);
    std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
    return t;
}

inline void write_safetensors(const std::filesystem::path& path, const std::map<std::string, StoredTensor>& tensors) {
    nlohmann::json header = nlohmann::json::object();
    std::vector<unsigned char> data;
    for (const auto& [name, t] : tensors) {
        header[name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {data.size(), data.size() + t.bytes.size()}}};
        data.insert(data.end(), t.bytes.begin(), t.bytes.end());
    }
    std::string h = header.dump();
    h.append((8 - h.size() % 8) % 8, ' ');
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    uint64_t n = h.size();
    for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xFF));
    out << h;
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

}  // namespace jobbert::testing
