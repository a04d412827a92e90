// jobbert::Model: loading a model directory, and encode = tokenize -> batch -> encoder ->
// mean pooling -> route head -> [normalize].
#include "jobbert/model.h"

#include <omp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>

#include "jobbert/error.h"
#include "jobbert/text.h"
#include "kernels/kernels.h"
#include "model/batching.h"
#include "model/encoder.h"
#include "model/model_impl.h"

namespace jobbert {

namespace {

// Sets the OpenMP thread count of the calling thread for the lifetime of the guard.
class ThreadsGuard {
public:
    explicit ThreadsGuard(int threads) : saved_(omp_get_max_threads()), active_(threads > 0) {
        if (active_) omp_set_num_threads(threads);
    }
    ~ThreadsGuard() {
        if (active_) omp_set_num_threads(saved_);
    }
    ThreadsGuard(const ThreadsGuard&) = delete;
    ThreadsGuard& operator=(const ThreadsGuard&) = delete;

private:
    int saved_;
    bool active_;
};

// Longest sequence the position table allows: positions run up to pad_token_id + length.
std::size_t max_sequence_tokens(const model::HParams& hp) {
    return hp.max_position_embeddings - static_cast<std::size_t>(hp.pad_token_id) - 1;
}

const model::Route* find_route(const detail::ModelImpl& m, const std::string& name) {
    for (const auto& r : m.pipeline.routes)
        if (r.name == name) return &r;
    return nullptr;
}

ModelInfo make_info(const std::filesystem::path& dir, const detail::ModelImpl& m) {
    ModelInfo i;
    i.path = dir;
    i.architecture = m.hp.architecture;
    i.vocab_size = m.hp.vocab_size;
    i.hidden_size = m.hp.hidden_size;
    i.num_layers = m.hp.num_layers;
    i.num_heads = m.hp.num_heads;
    i.intermediate_size = m.hp.intermediate_size;
    i.max_position_embeddings = m.hp.max_position_embeddings;
    i.layer_norm_eps = m.hp.layer_norm_eps;
    i.pad_token_id = m.hp.pad_token_id;
    i.max_seq_length = m.pipeline.max_seq_length;
    i.do_lower_case = m.pipeline.do_lower_case;
    i.router_type = m.pipeline.router_type;
    for (const auto& r : m.pipeline.routes) i.routes.push_back({r.name, r.dim});
    i.default_route = m.pipeline.default_route;
    i.normalize_module = m.pipeline.normalize_module;
    i.weights_dtype = m.weights.dtype;
    i.tensor_count = m.weights.tensor_count;
    i.pooled_dim = m.hp.hidden_size;
    i.precision = m.precision;
    i.packed_weight_bytes = m.weights.packed_bytes;
    return i;
}

kernels::GemmType gemm_type(Precision p) {
    switch (p) {
        case Precision::fp32: return kernels::GemmType::f32;
        case Precision::bf16: return kernels::GemmType::bf16;
        case Precision::int8: return kernels::GemmType::int8;
    }
    throw InputError("unknown precision");
}

}  // namespace

const char* precision_name(Precision p) noexcept {
    switch (p) {
        case Precision::fp32: return "fp32";
        case Precision::bf16: return "bf16";
        case Precision::int8: return "int8";
    }
    return "?";
}

Precision parse_precision(std::string_view name) {
    for (Precision p : {Precision::fp32, Precision::bf16, Precision::int8})
        if (name == precision_name(p)) return p;
    throw InputError("unknown precision '" + std::string(name) + "' (fp32, bf16, int8)");
}

Model::Model(std::shared_ptr<const detail::ModelImpl> impl) : impl_(std::move(impl)) {}

Model Model::load(const std::filesystem::path& dir, const LoadOptions& options) {
    if (!std::filesystem::is_directory(dir))
        throw ModelError(dir.string() + ": not a model directory (no such directory)");
    model::Pipeline pipeline = model::read_pipeline(dir);
    model::HParams hp = model::read_hparams(pipeline.transformer_dir / "config.json");
    model::check_pipeline(pipeline, hp.hidden_size, max_sequence_tokens(hp));
    // Parsing tokenizer.json (17 MB for XLM-R's 250k pieces) runs on its own thread while this one
    // packs the weights, alone: a second OpenMP thread would only spin against the parser.
    const auto tok_path = pipeline.transformer_dir / "tokenizer.json";
    auto parsed_tokenizer = std::async(std::launch::async, [&tok_path] { return Tokenizer::from_file(tok_path); });
    const io::SafeTensors st(pipeline.transformer_dir / "model.safetensors");
    model::EncoderWeights weights = [&] {
        ThreadsGuard one_thread(1);
        return model::load_encoder_weights(st, hp, gemm_type(options.precision));
    }();
    Tokenizer tokenizer = parsed_tokenizer.get();
    if (tokenizer.vocab_size() > hp.vocab_size)
        throw ModelError(tok_path.string() + ": vocabulary of " + std::to_string(tokenizer.vocab_size()) +
                         " ids exceeds the model's vocab_size " + std::to_string(hp.vocab_size));
    auto m = std::make_shared<detail::ModelImpl>(detail::ModelImpl{
        {}, std::move(hp), std::move(pipeline), std::move(weights), std::move(tokenizer), options.precision});
    m->info = make_info(dir, *m);
    spdlog::debug("loaded {}: {} layers, hidden {}, routes {}, default {}", dir.string(), m->hp.num_layers,
                  m->hp.hidden_size, m->pipeline.routes.size(), m->pipeline.default_route);
    return Model(std::move(m));
}

const ModelInfo& Model::info() const { return impl_->info; }

const Tokenizer& Model::tokenizer() const { return impl_->tokenizer; }

std::string Model::resolve_route(std::string_view route) const {
    const std::string name = route.empty() ? impl_->pipeline.default_route : std::string(route);
    if (name == "none" || find_route(*impl_, name)) return name;
    std::string known;
    for (const auto& r : impl_->pipeline.routes) known += r.name + ", ";
    throw InputError("unknown route '" + name + "' (routes: " + known + "none)");
}

std::size_t Model::dim(std::string_view route) const {
    const std::string name = resolve_route(route);
    return name == "none" ? impl_->hp.hidden_size : find_route(*impl_, name)->dim;
}

std::vector<int32_t> Model::tokenize(std::string_view text) const {
    std::string t = python_strip(text);
    if (impl_->pipeline.do_lower_case) t = python_lower(t);
    return impl_->tokenizer.encode_ids(t, impl_->pipeline.max_seq_length);
}

Matrix Model::encode(std::span<const std::string> texts, const EncodeOptions& options) const {
    resolve_route(options.route);  // fail before any work on an unknown route
    std::vector<std::vector<int32_t>> ids(texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) ids[i] = tokenize(texts[i]);
    return encode_ids(ids, options);
}

Matrix Model::encode_ids(std::span<const std::vector<int32_t>> ids, const EncodeOptions& options) const {
    const detail::ModelImpl& m = *impl_;
    const std::string route = resolve_route(options.route);
    const std::size_t H = m.hp.hidden_size;
    const std::size_t max_len = max_sequence_tokens(m.hp);
    std::vector<std::size_t> lengths(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto& seq = ids[i];
        if (seq.empty()) throw InputError("sequence " + std::to_string(i) + " is empty");
        if (seq.size() > max_len)
            throw InputError("sequence " + std::to_string(i) + " has " + std::to_string(seq.size()) +
                             " tokens; the position table allows at most " + std::to_string(max_len));
        for (std::size_t t = 0; t < seq.size(); ++t)
            if (seq[t] < 0 || static_cast<std::size_t>(seq[t]) >= m.hp.vocab_size)
                throw InputError("sequence " + std::to_string(i) + ", token " + std::to_string(t) + ": id " +
                                 std::to_string(seq[t]) + " is outside the vocabulary [0, " +
                                 std::to_string(m.hp.vocab_size) + ")");
        lengths[i] = seq.size();
    }

    ThreadsGuard threads(options.threads);
    Matrix pooled(ids.size(), H);
    model::Scratch& scratch = model::thread_scratch(m.weights.gemm_type);
    std::vector<int32_t> packed;
    std::vector<std::size_t> offsets;
    std::vector<float> batch_pooled;
    for (const model::Batch& batch : model::pack_by_token_budget(lengths, options.batch_tokens)) {
        packed.clear();
        offsets.assign(1, 0);
        for (std::size_t i : batch.items) {
            packed.insert(packed.end(), ids[i].begin(), ids[i].end());
            offsets.push_back(packed.size());
        }
        model::encoder_forward(m.hp, m.weights, packed, offsets, scratch);
        batch_pooled.resize(batch.items.size() * H);
        kernels::mean_pool(scratch.x.data(), offsets.data(), batch.items.size(), H, batch_pooled.data());
        for (std::size_t b = 0; b < batch.items.size(); ++b)
            std::copy_n(batch_pooled.data() + b * H, H, pooled.row(batch.items[b]));
    }

    Matrix out = route == "none" ? std::move(pooled) : model::apply_route(*find_route(m, route), pooled);
    if (options.normalize) kernels::l2_normalize_rows(out.data.data(), out.rows, out.cols);
    return out;
}

}  // namespace jobbert
