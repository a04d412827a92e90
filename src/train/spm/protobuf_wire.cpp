#include "protobuf_wire.h"

#include <cstring>

namespace jobbert::spm {

namespace {

class Reader {
public:
    explicit Reader(std::string_view b) : b_(b) {}
    bool done() const { return pos_ >= b_.size(); }

    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (done()) throw std::runtime_error("protobuf: truncated varint");
            const auto byte = static_cast<unsigned char>(b_[pos_++]);
            v |= static_cast<uint64_t>(byte & 0x7Fu) << shift;
            if (!(byte & 0x80u)) return v;
        }
        throw std::runtime_error("protobuf: varint longer than 10 bytes");
    }

    std::string_view bytes(std::size_t n) {
        if (n > b_.size() - pos_) throw std::runtime_error("protobuf: field runs past the end");
        const std::string_view s = b_.substr(pos_, n);
        pos_ += n;
        return s;
    }

    // Reads a field's value; `len` gets length-delimited payloads, `num` numbers.
    void field(int wire, std::string_view& len, uint64_t& num) {
        switch (wire) {
            case 0:
                num = varint();
                break;
            case 1: {
                const auto s = bytes(8);
                std::memcpy(&num, s.data(), 8);
                break;
            }
            case 2:
                len = bytes(static_cast<std::size_t>(varint()));
                break;
            case 5: {
                uint32_t v32 = 0;
                const auto s = bytes(4);
                std::memcpy(&v32, s.data(), 4);
                num = v32;
                break;
            }
            default:
                throw std::runtime_error("protobuf: unsupported wire type " + std::to_string(wire));
        }
    }

private:
    std::string_view b_;
    std::size_t pos_ = 0;
};

template <class F>
void for_each_field(std::string_view msg, F&& f) {
    Reader r(msg);
    while (!r.done()) {
        const uint64_t tag = r.varint();
        const int number = static_cast<int>(tag >> 3), wire = static_cast<int>(tag & 7u);
        std::string_view len;
        uint64_t num = 0;
        r.field(wire, len, num);
        f(number, wire, len, num);
    }
}

}  // namespace

ModelProtoView parse_model_proto(std::string_view bytes) {
    ModelProtoView m;
    for_each_field(bytes, [&](int number, int wire, std::string_view len, uint64_t) {
        if (number == 1 && wire == 2) {
            Piece p;
            for_each_field(len, [&](int n, int w, std::string_view l, uint64_t v) {
                if (n == 1 && w == 2)
                    p.piece = std::string(l);
                else if (n == 2 && w == 5) {
                    const auto bits = static_cast<uint32_t>(v);
                    std::memcpy(&p.score, &bits, 4);
                } else if (n == 3 && w == 0)
                    p.type = static_cast<int>(v);
            });
            m.pieces.push_back(std::move(p));
        } else if (number == 3 && wire == 2) {
            for_each_field(len, [&](int n, int w, std::string_view l, uint64_t) {
                if (n == 1 && w == 2)
                    m.normalizer_name = std::string(l);
                else if (n == 2 && w == 2)
                    m.precompiled_charsmap = std::string(l);
            });
        }
    });
    return m;
}

}  // namespace jobbert::spm
