#include "io/safetensors.h"

#include <bit>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "jobbert/error.h"

namespace jobbert::io {

namespace {

std::size_t dtype_size(DType t) { return t == DType::F32 ? 4 : 2; }

float half_to_float(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1Fu;
    uint32_t mant = h & 0x3FFu;
    uint32_t bits;
    if (exp == 0x1F) {
        bits = sign | 0x7F800000u | (mant << 13);  // inf / nan
    } else if (exp != 0) {
        bits = sign | ((exp + 112) << 23) | (mant << 13);
    } else if (mant == 0) {
        bits = sign;  // signed zero
    } else {          // subnormal half: normalise
        exp = 113;
        while ((mant & 0x400u) == 0) {
            mant <<= 1;
            --exp;
        }
        bits = sign | (exp << 23) | ((mant & 0x3FFu) << 13);
    }
    return std::bit_cast<float>(bits);
}

}  // namespace

const char* dtype_name(DType t) noexcept {
    switch (t) {
        case DType::F32: return "F32";
        case DType::F16: return "F16";
        case DType::BF16: return "BF16";
    }
    return "?";
}

std::size_t TensorRef::numel() const noexcept {
    std::size_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

SafeTensors::SafeTensors(const std::filesystem::path& path)
    : file_(std::make_shared<MappedFile>(path)) {
    const std::string where = path.string();
    const std::size_t size = file_->size();
    if (size < 8) throw ModelError(where + ": truncated file (" + std::to_string(size) + " bytes, no header)");
    uint64_t header_len = 0;
    for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | file_->data()[i];
    if (header_len > size - 8)
        throw ModelError(where + ": truncated file (header of " + std::to_string(header_len) +
                         " bytes, file has " + std::to_string(size) + ")");
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(file_->data() + 8, file_->data() + 8 + header_len);
    } catch (const nlohmann::json::parse_error& e) {
        throw ModelError(where + ": corrupt header: invalid JSON at byte " + std::to_string(8 + e.byte));
    }
    if (!header.is_object()) throw ModelError(where + ": corrupt header: not a JSON object");
    const unsigned char* buffer = file_->data() + 8 + header_len;
    const std::size_t buffer_size = size - 8 - header_len;
    for (auto& [name, info] : header.items()) {
        if (name == "__metadata__") continue;
        const std::string at = where + ": tensor " + name;
        if (!info.is_object() || !info.contains("dtype") || !info.contains("shape") || !info.contains("data_offsets"))
            throw ModelError(at + ": header entry lacks dtype/shape/data_offsets");
        TensorRef t;
        t.name = name;
        const auto& dt = info["dtype"];
        if (!dt.is_string()) throw ModelError(at + ": dtype is not a string");
        const std::string d = dt.get<std::string>();
        if (d == "F32") t.dtype = DType::F32;
        else if (d == "F16") t.dtype = DType::F16;
        else if (d == "BF16") t.dtype = DType::BF16;
        else throw ModelError(at + ": unsupported dtype " + d + " (supported: F32, F16, BF16)");
        if (!info["shape"].is_array()) throw ModelError(at + ": shape is not an array");
        std::size_t numel = 1;
        for (const auto& dim : info["shape"]) {
            if (!dim.is_number_unsigned()) throw ModelError(at + ": shape has a non-integer dimension");
            const auto v = dim.get<uint64_t>();
            if (v != 0 && numel > std::numeric_limits<std::size_t>::max() / 8 / v)
                throw ModelError(at + ": shape too large");
            numel *= v;
            t.shape.push_back(v);
        }
        const auto& off = info["data_offsets"];
        if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() || !off[1].is_number_unsigned())
            throw ModelError(at + ": data_offsets must be two integers");
        const auto begin = off[0].get<uint64_t>(), end = off[1].get<uint64_t>();
        if (begin > end || end > buffer_size)
            throw ModelError(at + ": data [" + std::to_string(begin) + ", " + std::to_string(end) +
                             ") lies outside the data buffer of " + std::to_string(buffer_size) +
                             " bytes (truncated file?)");
        if (end - begin != numel * dtype_size(t.dtype))
            throw ModelError(at + ": " + std::to_string(end - begin) + " bytes of data for shape of " +
                             std::to_string(numel) + " " + d + " values");
        t.data = buffer + begin;
        t.nbytes = end - begin;
        tensors_.emplace(name, std::move(t));
    }
}

const TensorRef* SafeTensors::find(const std::string& name) const {
    auto it = tensors_.find(name);
    return it == tensors_.end() ? nullptr : &it->second;
}

void to_float32(const TensorRef& t, float* out) {
    const std::size_t n = t.numel();
    switch (t.dtype) {
        case DType::F32:
            std::memcpy(out, t.data, n * 4);
            break;
        case DType::F16:
            for (std::size_t i = 0; i < n; ++i) {
                uint16_t h;
                std::memcpy(&h, t.data + 2 * i, 2);
                out[i] = half_to_float(h);
            }
            break;
        case DType::BF16:
            for (std::size_t i = 0; i < n; ++i) {
                uint16_t h;
                std::memcpy(&h, t.data + 2 * i, 2);
                out[i] = std::bit_cast<float>(static_cast<uint32_t>(h) << 16);
            }
            break;
    }
}

}  // namespace jobbert::io
