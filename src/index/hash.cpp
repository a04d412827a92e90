#include "index/hash.h"

#include <openssl/evp.h>

#include <fstream>
#include <vector>

#include "jobbert/error.h"

namespace jobbert::index {

struct Hasher::State {
    EVP_MD_CTX* ctx = nullptr;
    ~State() { EVP_MD_CTX_free(ctx); }
};

Hasher::Hasher(DigestAlgorithm algorithm) : state_(std::make_unique<State>()) {
    state_->ctx = EVP_MD_CTX_new();
    const EVP_MD* md = algorithm == DigestAlgorithm::sha256 ? EVP_sha256() : EVP_sha1();
    if (!state_->ctx || EVP_DigestInit_ex(state_->ctx, md, nullptr) != 1)
        throw Error("libcrypto: cannot initialise a message digest");
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(const void* data, std::size_t size) {
    if (size > 0 && EVP_DigestUpdate(state_->ctx, data, size) != 1) throw Error("libcrypto: digest update failed");
}

std::string Hasher::hex_digest() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(state_->ctx, md, &len) != 1) throw Error("libcrypto: digest final failed");
    static const char* digits = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * len);
    for (unsigned int i = 0; i < len; ++i) {
        hex += digits[md[i] >> 4];
        hex += digits[md[i] & 0xF];
    }
    return hex;
}

std::string sha256_hex(std::string_view bytes) {
    Hasher h;
    h.update(bytes);
    return h.hex_digest();
}

std::string file_digest_hex(const std::filesystem::path& path, DigestAlgorithm algorithm,
                            const std::function<void(std::size_t)>& on_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot read");
    Hasher h(algorithm);
    std::vector<char> buf(1 << 20);
    std::size_t total = 0;
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto n = static_cast<std::size_t>(in.gcount());
        h.update(buf.data(), n);
        total += n;
        if (on_bytes && n > 0) on_bytes(total);
    }
    if (in.bad()) throw Error(path.string() + ": read error");
    return h.hex_digest();
}

}  // namespace jobbert::index
