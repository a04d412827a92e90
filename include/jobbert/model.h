// jobbert.cpp — a sentence-transformers model directory in JobBERT-v3's layout, and encoding.
//
// Pipeline (modules.json order): Transformer (XLM-R encoder) -> Pooling (mean) ->
// Asym/Router (one head per route: `anchor` for job titles, `positive` for skill lists) ->
// [Normalize]. Outputs equal the reference (sentence-transformers on transformers' XLM-R).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jobbert/matrix.h"
#include "jobbert/tokenizer.h"

namespace jobbert {

namespace detail {
struct ModelImpl;
}

/**
 * Number format of the encoder's matrix products (the four linear layers of each of its blocks,
 * about 99.9% of its arithmetic), chosen at load time. Everything else always runs in float32:
 * embeddings, LayerNorm, attention scores and softmax, GELU, mean pooling and the route heads.
 * Errors below are against fp32, measured on the full-size synthetic model (random, unsaturated
 * weights; see docs/performance.md), which bounds but does not prove the loss on trained weights.
 */
enum class Precision {
    /// float32 everywhere: equals the reference within 1e-5 (absolute, per component) and is
    /// batch invariant bitwise (a text's vector never depends on what it was batched with).
    fp32,
    /// bfloat16 weights and GEMM inputs (round to nearest even), float32 accumulation and output.
    /// Needs AVX-512 (fast with AVX512-BF16 or AMX). Cosine to fp32 >= 0.9995 on real titles.
    bf16,
    /// int8 weights, symmetric per output channel (scale = max|row| / 127), and uint8 GEMM
    /// inputs quantised dynamically per token (asymmetric, range [min(x,0), max(x,0)]); int32
    /// accumulation, dequantised to float32. Needs AVX-512 (fast with VNNI or AMX). The float32
    /// layer weights are not kept after packing. Cosine to fp32 >= 0.995 on real titles.
    int8,
};

/** "fp32", "bf16", "int8". */
const char* precision_name(Precision p) noexcept;

/** The Precision called `name` ("fp32", "bf16", "int8"); throws InputError for anything else. */
Precision parse_precision(std::string_view name);

/** Options fixed when a model is loaded. */
struct LoadOptions {
    /// Number format of the encoder's matrix products; see Precision for what each quantises.
    Precision precision = Precision::fp32;
};

/** Per-call options of Model::encode / Model::encode_ids. */
struct EncodeOptions {
    /// Head to run: a route named by the model ("anchor", "positive", ...), "none" for the
    /// pooled vector before any head, or "" for the model's default route (see ModelInfo).
    std::string route;
    /// Scale each output row to unit L2 norm (in addition to a Normalize module, if any).
    bool normalize = false;
    /// Token budget per forward batch: sequences are sorted by length and packed into batches
    /// of at most this many tokens (a longer sequence runs alone). Never padded. Larger budgets
    /// make larger matrix products; past a few thousand tokens they only grow the scratch memory
    /// (about 40 KB per token of budget for fp32, kept per calling thread).
    std::size_t batch_tokens = 2048;
    /// Threads for the forward pass; 0 = the OpenMP default (all cores).
    int threads = 0;
};

/** One route (head) of the model and the dimension of the vectors it returns. */
struct RouteInfo {
    std::string name;     ///< e.g. "anchor"
    std::size_t dim = 0;  ///< output dimension, e.g. 1024
};

/** What a loaded model is: architecture, sizes, routes. */
struct ModelInfo {
    std::filesystem::path path;       ///< the model directory
    std::string architecture;         ///< config.json architectures[0], e.g. "XLMRobertaModel"
    std::size_t vocab_size = 0;       ///< rows of the word embedding table, e.g. 250002
    std::size_t hidden_size = 0;      ///< e.g. 768
    std::size_t num_layers = 0;       ///< e.g. 12
    std::size_t num_heads = 0;        ///< attention heads, e.g. 12
    std::size_t intermediate_size = 0;  ///< FFN width, e.g. 3072
    std::size_t max_position_embeddings = 0;  ///< e.g. 514
    double layer_norm_eps = 1e-5;     ///< config.json layer_norm_eps
    int32_t pad_token_id = 1;         ///< config.json pad_token_id
    std::size_t max_seq_length = 0;   ///< sentence_bert_config.json, tokens incl. <s> and </s>
    bool do_lower_case = false;       ///< sentence_bert_config.json
    std::string router_type;          ///< "Asym" (sentence-transformers 4.x), "Router" (5.x) or "" (none)
    std::vector<RouteInfo> routes;    ///< routes in config order; "none" is not listed
    std::string default_route;        ///< default_route of the config, else the first route
    bool normalize_module = false;    ///< modules.json has a Normalize module after the heads
    std::string weights_dtype;        ///< dtype of model.safetensors: "F32", "F16" or "BF16"
    std::size_t tensor_count = 0;     ///< tensors in model.safetensors (used or not)
    std::size_t pooled_dim = 0;       ///< dimension of the "none" route (= hidden_size)
    Precision precision = Precision::fp32;  ///< LoadOptions::precision the model was loaded with
    std::size_t packed_weight_bytes = 0;    ///< bytes of packed encoder matrices held in memory
};

/**
 * A loaded model: immutable after load, cheap to copy (shared state), safe to use from many
 * threads at once. Per-call scratch memory is private to each call.
 */
class Model {
public:
    /**
     * Loads a sentence-transformers model directory (see DESIGN.md for the layout). Weights are
     * memory-mapped; F16/BF16 weights are converted to float32 at load; the encoder's linear
     * layers are packed for options.precision (the F32 originals' pages are then released, and
     * the word embeddings stay a zero-copy view of the file that pages in only the rows used).
     * Throws ModelError with a one-line message naming the file and the tensor or key at fault
     * (missing file, malformed JSON, unknown module type or activation, missing tensor, wrong
     * shape, truncated file, a precision this CPU cannot run).
     */
    static Model load(const std::filesystem::path& dir, const LoadOptions& options = {});

    /** Architecture, sizes and routes. */
    const ModelInfo& info() const;

    /** The model's tokenizer (tokenizer.json of the directory). */
    const Tokenizer& tokenizer() const;

    /**
     * The route an EncodeOptions::route value selects: "" -> default_route; "none" and named
     * routes are returned as is. Throws InputError("unknown route 'x' (routes: ...)").
     */
    std::string resolve_route(std::string_view route) const;

    /** Dimension of the vectors a route returns ("" = default route, "none" = hidden_size). */
    std::size_t dim(std::string_view route) const;

    /**
     * The reference's input handling and tokenization: Python str.strip(), str.lower() when
     * do_lower_case, then the tokenizer with <s> ... </s>, truncated to max_seq_length tokens.
     * Throws Utf8Error on invalid UTF-8.
     */
    std::vector<int32_t> tokenize(std::string_view text) const;

    /**
     * Embeds texts: tokenize() each, then encode_ids(). Returns [texts.size(), dim(route)]
     * row-major float32, row i for texts[i]. Throws InputError (unknown route, invalid UTF-8).
     */
    Matrix encode(std::span<const std::string> texts, const EncodeOptions& options = {}) const;

    /**
     * Embeds pre-tokenized sequences (ids as the tokenizer returns them, specials included, used
     * as given: no truncation). Attention and mean pooling cover every id of a sequence;
     * position ids follow the reference (ids equal to pad_token_id take position pad_token_id).
     * Returns [ids.size(), dim(route)]. Throws InputError for an empty sequence, an id outside
     * [0, vocab_size), a sequence longer than the position table allows, or an unknown route.
     */
    Matrix encode_ids(std::span<const std::vector<int32_t>> ids,
                      const EncodeOptions& options = {}) const;

private:
    explicit Model(std::shared_ptr<const detail::ModelImpl> impl);
    std::shared_ptr<const detail::ModelImpl> impl_;
};

}  // namespace jobbert
