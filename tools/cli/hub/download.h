// Downloading one file of a model repository: resumable, size- and checksum-checked.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "hub/http.h"
#include "hub/hub_api.h"

namespace jobbert::cli::hub {

/** What download_file did. */
enum class FetchResult {
    present,     ///< the file was already there, complete and verified
    downloaded,  ///< downloaded from the start
    resumed,     ///< a partial download (<file>.incomplete) was continued with an HTTP Range request
};

/**
 * Makes `dest` hold `file` from `url`. Data goes to "<dest>.incomplete" first; an existing
 * partial file is continued with "Range: bytes=N-" (a server answering 200 instead of 206
 * restarts it); a dropped connection is retried up to `attempts` times, resuming each time.
 * The result must have the listed size, and the listed SHA-256 (LFS files) or git blob id;
 * only then is it renamed to `dest`. A file that fails its checks is deleted. `on_bytes(n)`
 * reports n more bytes received. Throws NetworkError naming the file (HTTP status, size or
 * checksum mismatch with expected and actual values, connection errors after all attempts).
 */
FetchResult download_file(const std::string& url, const RemoteFile& file, const std::filesystem::path& dest,
                          const HttpSettings& settings, const std::function<void(std::uint64_t)>& on_bytes,
                          int attempts = 3);

/** Checks a local file against the listing (size, SHA-256 or git blob id); "" if it matches, else why not. */
std::string verify_file(const std::filesystem::path& path, const RemoteFile& file);

}  // namespace jobbert::cli::hub
