// jobbert.cpp — the label index of a taxonomy: every label embedded once, searched exactly.
//
// An index holds the embeddings of a taxonomy's labels, [n_labels, dim] row-major float32, each
// row scaled to unit L2 norm, so that the cosine similarity of a query with every label is one
// matrix product. It names what it was computed from (IndexKey: metric, route, model fingerprint,
// taxonomy checksum) and is cached on disk in a file that records the same key; a cached file is
// used only when its key equals the key wanted, so a changed model or taxonomy means a rebuild.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "jobbert/matrix.h"
#include "jobbert/model.h"
#include "jobbert/taxonomy.h"

namespace jobbert {

/** What an index's vectors were computed from and how they compare. */
struct IndexKey {
    /// Similarity of a query with a row. The only one: "cosine" (rows are unit vectors, queries
    /// are normalised before the product, so the dot product is the cosine).
    std::string metric = "cosine";
    std::string route;              ///< route the labels were embedded with, resolved (e.g. "anchor")
    std::string model_fingerprint;  ///< model_fingerprint() of the model directory
    std::string taxonomy_checksum;  ///< Taxonomy::checksum() of the taxonomy
    bool operator==(const IndexKey&) const = default;
};

/**
 * A fingerprint of a model directory's content, "v1:<64 hex>": SHA-256 over, for every regular
 * file whose name ends in .json or .safetensors (recursively, in path order, skipping names that
 * start with '.'): its relative path, its size in bytes, and its content; a .safetensors file
 * larger than 16 MiB contributes its header (the 8-byte length and the JSON) and 64 blocks of
 * 64 KiB spread evenly over the file (first and last included) instead of every byte, so a
 * 1 GB model is fingerprinted in milliseconds. It depends on content only (copies and touched
 * files keep it); retrained weights change it. An edit of a few weights of a large
 * .safetensors file that keeps its size and misses every sampled block is not detected:
 * rebuild explicitly then. Throws ModelError if the directory cannot be read.
 */
std::string model_fingerprint(const std::filesystem::path& model_dir);

/** Options of LabelIndex::build. */
struct IndexBuildOptions {
    std::size_t batch_tokens = 8192;  ///< token budget per forward batch (EncodeOptions::batch_tokens)
    int threads = 0;                  ///< threads for tokenizing and the forward pass; 0 = all cores
    /// Called as labels are embedded with (labels done, labels in total); may be empty.
    std::function<void(std::size_t, std::size_t)> progress;
};

/** Embeddings of a taxonomy's labels, [n_labels, dim] row-major float32, unit rows. */
class LabelIndex {
public:
    /**
     * Embeds every label of `taxonomy` with `model` on `route` ("" = the model's default route),
     * exactly as Model::encode, and normalises the rows. Key: metric "cosine", the resolved
     * route, model_fingerprint(model.info().path), taxonomy.checksum(). Throws what
     * Model::encode throws (InputError for an unknown route).
     */
    static LabelIndex build(const Model& model, const Taxonomy& taxonomy, std::string_view route,
                            const IndexBuildOptions& options = {});

    /** An index over given vectors [n, dim] (normalised here) under `key`. */
    static LabelIndex from_vectors(IndexKey key, Matrix vectors);

    /**
     * Reads an index file (format: see write()). Throws Error("<file>: ...") if it is not an
     * index file, is of an unknown version, or is truncated.
     */
    static LabelIndex read(const std::filesystem::path& file);

    /**
     * Writes the index atomically: to a temporary file in the same directory, flushed to disk,
     * then renamed over `file` (readers see the old file or the new one, never a partial one).
     * Creates the directory if needed. Format (little-endian): 8 bytes "JBLINDEX", u32 format
     * version (1), u32 header length H, H bytes of JSON {"metric", "route", "model_fingerprint",
     * "taxonomy_checksum", "rows", "dim", "dtype": "float32", "data_offset"}, zero padding to a
     * multiple of 64 bytes, then rows*dim float32 values row-major. Throws Error on I/O failure.
     */
    void write(const std::filesystem::path& file) const;

    const IndexKey& key() const { return key_; }
    /** [size(), dim()] unit rows, row i = label i of the taxonomy. */
    const Matrix& vectors() const { return vectors_; }
    std::size_t size() const { return vectors_.rows; }
    std::size_t dim() const { return vectors_.cols; }

private:
    IndexKey key_;
    Matrix vectors_;
};

/** One ranked occupation for a query. */
struct OccupationHit {
    std::size_t occupation = 0;  ///< index into Taxonomy::occupations()
    std::size_t label = 0;       ///< index into Taxonomy::labels(): the occupation's best label
    float score = 0;             ///< cosine similarity of the query with that label, in [-1, 1]
};

/**
 * Exact top-k occupations for each query: scores every label by cosine similarity (one matrix
 * product of the normalised queries [n_queries, dim] with the index), gives each occupation the
 * score of its best label, and returns the k best occupations per query, best first (ties: the
 * occupation listed first in the taxonomy; within an occupation, its first best label).
 * Returns n_queries lists of min(k, n_occupations) hits. Throws InputError if queries.cols !=
 * index.dim() or the index does not have one row per taxonomy label.
 */
std::vector<std::vector<OccupationHit>> search_occupations(const LabelIndex& index, const Taxonomy& taxonomy,
                                                           const Matrix& queries, std::size_t k);

/** $XDG_CACHE_HOME/jobbert if XDG_CACHE_HOME is set and absolute, else $HOME/.cache/jobbert. */
std::filesystem::path default_cache_dir();

/**
 * The cache file for a key: <cache_dir>/label-index-<first 24 hex of SHA-256 of the key>.bin.
 * Different models, taxonomies or routes never share a file.
 */
std::filesystem::path index_cache_path(const std::filesystem::path& cache_dir, const IndexKey& key);

/** How load_or_build_index got its index. */
enum class IndexOrigin {
    cache,  ///< read from a cache file with the same key
    built,  ///< computed (and written to the cache, if a cache directory was given)
};

/**
 * The label index of `taxonomy` for `model` on `route`: read from `cache_dir` when a file with
 * the same key exists there (and `rebuild` is false), else built and written there atomically.
 * An empty `cache_dir` disables the cache. A cache file that cannot be read (corrupt, other
 * version) is rebuilt; a cache that cannot be written is reported through `warning` (may be
 * empty) and the built index is returned anyway. `origin` (optional) tells which happened.
 */
LabelIndex load_or_build_index(const Model& model, const Taxonomy& taxonomy, std::string_view route,
                               const std::filesystem::path& cache_dir, bool rebuild,
                               const IndexBuildOptions& options = {}, IndexOrigin* origin = nullptr,
                               const std::function<void(const std::string&)>& warning = {});

}  // namespace jobbert
