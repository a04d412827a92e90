// Message digests (SHA-256, SHA-1) through OpenSSL's libcrypto EVP interface.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace jobbert::index {

/** Digest algorithms used by jobbert: SHA-256 (fingerprints, checksums, LFS) and SHA-1 (git blobs). */
enum class DigestAlgorithm { sha256, sha1 };

/** An incremental message digest. Move-only. Throws Error if libcrypto fails (out of memory). */
class Hasher {
public:
    explicit Hasher(DigestAlgorithm algorithm = DigestAlgorithm::sha256);
    ~Hasher();
    Hasher(Hasher&&) noexcept;
    Hasher& operator=(Hasher&&) noexcept;
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    /** Feeds `size` bytes. */
    void update(const void* data, std::size_t size);
    void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
    /** The digest as lowercase hex (64 chars for SHA-256, 40 for SHA-1). Ends the hasher. */
    std::string hex_digest();

private:
    struct State;
    std::unique_ptr<State> state_;
};

/** SHA-256 of a byte string, lowercase hex. */
std::string sha256_hex(std::string_view bytes);

/**
 * Digest of a whole file, lowercase hex, read in 1 MiB blocks. `on_bytes(n)` (optional) is
 * called after each block with the bytes read so far. Throws Error("<path>: cannot read").
 */
std::string file_digest_hex(const std::filesystem::path& path, DigestAlgorithm algorithm,
                            const std::function<void(std::size_t)>& on_bytes = {});

}  // namespace jobbert::index
