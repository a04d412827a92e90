#include "io/safetensors_writer.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>

#include "jobbert/error.h"

namespace jobbert::io {

namespace {

std::size_t element_size(const std::string& dtype) {
    if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
    if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
    if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
    if (dtype == "I8" || dtype == "U8" || dtype == "BOOL") return 1;
    return 0;
}

}  // namespace

void write_safetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                       const std::map<std::string, std::string>& metadata) {
    const std::string where = path.string();
    std::vector<const TensorToWrite*> order;
    for (const auto& t : tensors) order.push_back(&t);
    std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::size_t offset = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const TensorToWrite& t = *order[i];
        if (i > 0 && order[i - 1]->name == t.name) throw Error(where + ": tensor " + t.name + " given twice");
        const std::size_t esize = element_size(t.dtype);
        if (esize == 0) throw Error(where + ": tensor " + t.name + ": unknown dtype '" + t.dtype + "'");
        std::size_t numel = 1;
        for (auto d : t.shape) numel *= d;
        if (numel * esize != t.nbytes)
            throw Error(where + ": tensor " + t.name + ": " + std::to_string(t.nbytes) + " bytes for " +
                        std::to_string(numel) + " elements of " + t.dtype);
        header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.nbytes}}};
        offset += t.nbytes;
    }
    std::string h = header.dump();
    h.append((8 - h.size() % 8) % 8, ' ');

    const std::filesystem::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(tmp.string() + ": cannot open for writing");
        const uint64_t n = h.size();
        for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xFFu));
        out.write(h.data(), static_cast<std::streamsize>(h.size()));
        for (const auto* t : order)
            out.write(static_cast<const char*>(t->data), static_cast<std::streamsize>(t->nbytes));
        out.flush();
        if (!out) throw Error(tmp.string() + ": write failed (disk full?)");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw Error(where + ": cannot rename " + tmp.string() + ": " + ec.message());
}

}  // namespace jobbert::io
