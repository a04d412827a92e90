#include "io/npy.h"

#include <cstdint>
#include <fstream>
#include <string>

#include "jobbert/error.h"

namespace jobbert::io {

void write_npy(std::ostream& out, const Matrix& m) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(m.rows) +
                         ", " + std::to_string(m.cols) + "), }";
    // Magic (6) + version (2) + length (2) + header + '\n' padded to a multiple of 64 bytes.
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    const auto len = static_cast<uint16_t>(header.size());
    const char preamble[10] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0, static_cast<char>(len & 0xFF),
                               static_cast<char>(len >> 8)};
    out.write(preamble, 10);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(reinterpret_cast<const char*>(m.data.data()),
              static_cast<std::streamsize>(m.data.size() * sizeof(float)));
}

Matrix read_npy(const std::filesystem::path& path) {
    const std::string where = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(where + ": cannot open");
    char magic[8];
    if (!in.read(magic, 8) || std::string(magic, 6) != "\x93NUMPY") throw Error(where + ": not a .npy file");
    uint32_t hlen = 0;
    if (magic[6] == 1) {
        unsigned char b[2];
        in.read(reinterpret_cast<char*>(b), 2);
        hlen = b[0] | (b[1] << 8);
    } else {
        unsigned char b[4];
        in.read(reinterpret_cast<char*>(b), 4);
        hlen = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
    }
    std::string header(hlen, '\0');
    if (!in.read(header.data(), hlen)) throw Error(where + ": truncated header");
    if (header.find("'<f4'") == std::string::npos) throw Error(where + ": dtype is not little-endian float32");
    if (header.find("'fortran_order': False") == std::string::npos) throw Error(where + ": not C order");
    // 'shape': (ROWS, COLS) — parsed by hand (two integers, nothing else).
    const auto key = header.find("'shape': (");
    std::size_t dims[2] = {0, 0};
    std::size_t pos = key == std::string::npos ? header.size() : key + 10;
    for (int d = 0; d < 2; ++d) {
        const std::size_t start = pos;
        while (pos < header.size() && header[pos] >= '0' && header[pos] <= '9')
            dims[d] = dims[d] * 10 + static_cast<std::size_t>(header[pos++] - '0');
        const char want = d == 0 ? ',' : ')';
        if (pos == start || pos >= header.size() || header[pos] != want) throw Error(where + ": not a 2-D array");
        pos += d == 0 ? 2 : 1;  // ", " or ")"
    }
    Matrix m(dims[0], dims[1]);
    if (!in.read(reinterpret_cast<char*>(m.data.data()), static_cast<std::streamsize>(m.data.size() * 4)))
        throw Error(where + ": truncated data");
    return m;
}

}  // namespace jobbert::io
