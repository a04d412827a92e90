// The Hugging Face hub's model API: listing a revision's files, choosing the ones jobbert needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hub/http.h"

namespace jobbert::cli::hub {

/** A file of a model repository at one revision. */
struct RemoteFile {
    std::string path;                 ///< e.g. "2_Asym/1000007_Dense/model.safetensors"
    std::optional<std::uint64_t> size;  ///< bytes, when the listing gives it
    std::string lfs_sha256;           ///< SHA-256 of an LFS file's content (hex), else empty
    std::string git_oid;              ///< git blob id (SHA-1 hex) of a non-LFS file, when given
};

/** What a revision holds. */
struct RepoListing {
    std::string commit;  ///< the commit the revision points to ("" if the hub did not say)
    std::vector<RemoteFile> files;
};

/**
 * Lists `repo` at `revision` on the hub at `endpoint` (e.g. "https://huggingface.co"):
 * GET /api/models/<repo>/revision/<revision>?blobs=true for the commit and its siblings, then
 * GET /api/models/<repo>/tree/<commit>?recursive=true (following Link: rel="next" pages) for
 * sizes, LFS SHA-256 and git blob ids; falls back to the siblings when the tree API is missing.
 * Throws NetworkError naming the URL and status (401/403: gated or private, set HF_TOKEN;
 * 404: no such repository or revision).
 */
RepoListing list_repo(const std::string& endpoint, const std::string& repo, const std::string& revision,
                      const HttpSettings& settings);

/**
 * The files a sentence-transformers model needs, from modules.json's text: modules.json, the
 * root configs (config.json, config_sentence_transformers.json, sentence_bert_config.json,
 * tokenizer.json, tokenizer_config.json, special_tokens_map.json), model.safetensors, and every
 * .json / .safetensors file under each module's folder (1_Pooling, 2_Asym and its Dense folders, ...). Never
 * pytorch_model.bin, ONNX, OpenVINO or other formats. Throws InputError for a modules.json that
 * is not valid, NetworkError if the repository has no model.safetensors for the Transformer.
 */
std::vector<RemoteFile> select_model_files(const RepoListing& listing, const std::string& modules_json);

/** The URL of a file's content: <endpoint>/<repo>/resolve/<revision>/<path>. */
std::string resolve_url(const std::string& endpoint, const std::string& repo, const std::string& revision,
                        const std::string& path);

}  // namespace jobbert::cli::hub
