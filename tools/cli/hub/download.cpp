#include "hub/download.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <cctype>
#include <thread>
#include <vector>

#include "app_error.h"
#include "index/hash.h"

namespace jobbert::cli::hub {

namespace fs = std::filesystem;

namespace {

std::string git_blob_sha1(const fs::path& path, std::uint64_t size) {
    index::Hasher h(index::DigestAlgorithm::sha1);
    h.update("blob " + std::to_string(size));
    h.update("\0", 1);
    std::ifstream in(path, std::ios::binary);
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        h.update(buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    return h.hex_digest();
}

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f) std::fclose(f);
    }
};

// Start offset of a 206 response ("bytes START-END/TOTAL"), or -1.
long long range_start(const ResponseHead& head) {
    const std::string cr = head.header("content-range");
    if (cr.rfind("bytes ", 0) != 0) return -1;
    std::size_t i = 6;
    while (i < cr.size() && cr[i] == ' ') ++i;
    long long start = 0;
    const std::size_t digits_begin = i;
    for (; i < cr.size() && std::isdigit(static_cast<unsigned char>(cr[i])); ++i) start = start * 10 + (cr[i] - '0');
    return i > digits_begin && i < cr.size() && cr[i] == '-' ? start : -1;
}

// One GET into `part`, continuing from its current size. Returns whether it resumed.
bool fetch_once(const std::string& url, const RemoteFile& file, const fs::path& part, const HttpSettings& settings,
                const std::function<void(std::uint64_t)>& on_bytes) {
    std::error_code ec;
    std::uint64_t have = fs::exists(part, ec) ? fs::file_size(part, ec) : 0;
    if (file.size && have > *file.size) {
        fs::remove(part, ec);
        have = 0;
    }
    if (file.size && have == *file.size && have > 0) return true;  // complete already; verified by the caller
    std::map<std::string, std::string> headers = {{"Accept-Encoding", "identity"}};
    if (have > 0) headers["Range"] = "bytes=" + std::to_string(have) + "-";
    std::unique_ptr<std::FILE, FileCloser> out;
    bool resumed = false;
    int status = 0;
    std::string error_body, write_error;
    http_get(
        url, settings, headers,
        [&](const ResponseHead& head) {
            status = head.status;
            if (head.status == 206 && have > 0 && range_start(head) == static_cast<long long>(have)) {
                out.reset(std::fopen(part.c_str(), "ab"));
                resumed = true;
            } else if (head.status == 200) {
                out.reset(std::fopen(part.c_str(), "wb"));  // no range support: start over
            } else {
                return head.status != 416;  // 416: nothing left to send; any other: read the error body
            }
            if (!out) {
                write_error = part.string() + ": cannot write";
                return false;
            }
            return true;
        },
        [&](const char* data, std::size_t n) {
            if (!out) {
                if (error_body.size() < 300) error_body.append(data, std::min<std::size_t>(n, 300));
                return true;
            }
            if (std::fwrite(data, 1, n, out.get()) != n) {
                write_error = part.string() + ": write failed (disk full?)";
                return false;
            }
            if (on_bytes) on_bytes(n);
            return true;
        });
    if (!write_error.empty()) throw NetworkError(write_error);
    if (status == 416) return true;
    if (status != 200 && status != 206) {
        for (auto& c : error_body)
            if (c == '\n' || c == '\r') c = ' ';
        throw NetworkError(url + ": HTTP " + std::to_string(status) + (error_body.empty() ? "" : ": " + error_body));
    }
    if (status == 206 && !resumed)
        throw NetworkError(url + ": the server answered a range that does not continue the partial file");
    if (out && std::fflush(out.get()) != 0) throw NetworkError(part.string() + ": write failed");
    return resumed;
}

}  // namespace

std::string verify_file(const fs::path& path, const RemoteFile& file) {
    std::error_code ec;
    const std::uint64_t size = fs::file_size(path, ec);
    if (ec) return "cannot read it";
    if (file.size && size != *file.size)
        return "size " + std::to_string(size) + " bytes, expected " + std::to_string(*file.size);
    if (!file.lfs_sha256.empty()) {
        const std::string got = index::file_digest_hex(path, index::DigestAlgorithm::sha256);
        if (got != file.lfs_sha256) return "sha256 mismatch: expected " + file.lfs_sha256 + ", got " + got;
    } else if (!file.git_oid.empty() && file.git_oid.size() == 40) {
        const std::string got = git_blob_sha1(path, size);
        if (got != file.git_oid) return "git blob id mismatch: expected " + file.git_oid + ", got " + got;
    }
    return {};
}

FetchResult download_file(const std::string& url, const RemoteFile& file, const fs::path& dest,
                          const HttpSettings& settings, const std::function<void(std::uint64_t)>& on_bytes,
                          int attempts) {
    std::error_code ec;
    if (fs::is_regular_file(dest) && verify_file(dest, file).empty()) return FetchResult::present;
    fs::create_directories(dest.parent_path(), ec);
    const fs::path part = dest.string() + ".incomplete";
    bool resumed = fs::exists(part, ec) && fs::file_size(part, ec) > 0;
    for (int attempt = 1;; ++attempt) {
        try {
            fetch_once(url, file, part, settings, on_bytes);
            break;
        } catch (const ConnectionError& e) {
            if (attempt >= attempts)
                throw NetworkError(file.path + ": " + e.what() + " (run `jobbert pull` again to resume)");
            std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
            resumed = true;
        }
    }
    if (const std::string why = verify_file(part, file); !why.empty()) {
        fs::remove(part, ec);
        throw NetworkError(file.path + ": " + why + " (the download was deleted; run `jobbert pull` again)");
    }
    fs::rename(part, dest, ec);
    if (ec) throw NetworkError(dest.string() + ": cannot move the download into place: " + ec.message());
    return resumed ? FetchResult::resumed : FetchResult::downloaded;
}

}  // namespace jobbert::cli::hub
